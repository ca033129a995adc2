package ru.rabota.bridge.jobs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs job work on a bounded pool ({@code bridge.jobs.concurrency} threads), in parallel across keys and in
 * submission order within a key: the work of one external_id never runs twice at once, whether it came from Kafka
 * or a feed. Work waiting for an earlier one of its key holds no thread. Thread-safe.
 */
public final class JobLanes {

    private final Executor pool;
    /** The last work submitted per key, while it has not finished. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public JobLanes(Executor pool) {
        this.pool = pool;
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
}
