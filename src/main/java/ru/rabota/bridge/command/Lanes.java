package ru.rabota.bridge.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;

/**
 * Runs work on a bounded pool, in parallel across keys and in submission order within a key: the work of one key
 * never runs twice at once. The job flow keys by external_id on twice {@code bridge.jobs.concurrency} threads per
 * board (bean {@code jobLanes} for VK Работа), whether the command came from Kafka or a feed; the other command
 * topics by topic and record key on {@code bridge.commands.concurrency} threads. Work waiting for an earlier one of
 * its key holds no thread. Thread-safe.
 */
public final class Lanes {

    private final Executor pool;
    /** The last work submitted per key, while it has not finished. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public Lanes(Executor pool) {
        this.pool = pool;
    }

    /**
     * Lanes on a pool of {@code threads} of the context's, whose queue is unbounded: what waits there is bounded by
     * the callers (a poll's records, a feed's rows in flight). Camel's default pool takes 1,000 waiting tasks and runs
     * the next one on the thread that submits it; here that is the thread that ended a lane's work before, Kafka's
     * I/O thread when an acknowledgement ended it, which would then make the next command's API calls.
     */
    public static Lanes on(CamelContext context, Object source, String name, int threads) {
        return new Lanes(context.getExecutorServiceManager().newThreadPool(source, name,
                new ThreadPoolProfileBuilder(name).poolSize(threads).maxPoolSize(threads)
                        .maxQueueSize(Integer.MAX_VALUE).build()));
    }

    /**
     * Runs {@code work} after all work submitted before with the same key has ended, however it ended. Work ends
     * when what it returns completes (an acknowledgement, say): until then the next work of its key waits, without
     * holding a thread.
     *
     * @return completes when the work has ended; exceptionally with what it threw or failed with
     */
    public CompletableFuture<Void> submit(String key, Supplier<? extends CompletionStage<?>> work) {
        CompletableFuture<Void> queued = tails.compute(key, (k, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail.handle((result, failure) -> null))
                        .thenComposeAsync(ready -> work.get().thenApply(result -> (Void) null), pool));
        queued.whenComplete((result, failure) -> tails.remove(key, queued));
        return queued;
    }

    /**
     * Runs {@code handle} for every item, in list order per key and in parallel across keys; the future completes
     * once all ended, or with what the first failed lane threw (its later items were not started).
     */
    public <T> CompletableFuture<Void> submitAll(List<T> items, Function<T, String> key,
            Function<T, ? extends CompletionStage<?>> handle) {
        Map<String, List<T>> byLane = new LinkedHashMap<>();
        items.forEach(item -> byLane.computeIfAbsent(key.apply(item), lane -> new ArrayList<>()).add(item));
        // a lane handles its items one after the other, then ends when all their handling ended
        return CompletableFuture.allOf(byLane.entrySet().stream()
                .map(lane -> submit(lane.getKey(), () -> CompletableFuture.allOf(
                        lane.getValue().stream().map(item -> handle.apply(item).toCompletableFuture())
                                .toArray(CompletableFuture[]::new))))
                .toArray(CompletableFuture[]::new));
    }
}
