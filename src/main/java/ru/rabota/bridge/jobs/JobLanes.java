package ru.rabota.bridge.jobs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

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
     * Runs {@code work} after all work submitted before with the same key has ended, however it ended.
     *
     * @return completes when the work has run; exceptionally with what it threw
     */
    public CompletableFuture<Void> submit(String key, Runnable work) {
        CompletableFuture<Void> queued = tails.compute(key, (k, tail) -> tail == null
                ? CompletableFuture.runAsync(work, pool)
                : tail.handle((result, failure) -> null).thenRunAsync(work, pool));
        queued.whenComplete((result, failure) -> tails.remove(key, queued));
        return queued;
    }
}
