package ru.rabota.bridge.feed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The feeds' Kafka writes not acknowledged yet, and when one was last sent or answered (nanoTime): of every feed, not
 * one, as a feed read again after Kafka stalled may wait behind the writes of the reading before (its rows queued on
 * the same external_ids' lanes), which it would otherwise never see stall.
 */
final class FeedWrites {

    private final AtomicInteger writing = new AtomicInteger();
    private volatile long lastWrite = System.nanoTime();

    /** The write, counted as under way until Kafka answers it (see {@link #stalled}). */
    <T> CompletableFuture<T> acknowledged(CompletableFuture<T> write) {
        if (write.isDone()) {
            return write; // nothing to write
        }
        writing.incrementAndGet();
        lastWrite = System.nanoTime();
        return write.whenComplete((result, error) -> {
            lastWrite = System.nanoTime();
            writing.decrementAndGet();
        });
    }

    /**
     * Kafka completes or fails every send within its delivery timeout, but not always: once an idempotent producer's
     * batch expired in an outage, it asks for a new producer id, and expires nothing more until a broker answers. So
     * when writes are under way and none was sent or answered for {@code acknowledgement}, Kafka stalled: what says
     * so; else null.
     */
    IllegalStateException stalled(Duration acknowledgement) {
        if (writing.get() > 0 && System.nanoTime() - lastWrite > acknowledgement.toNanos()) {
            return new IllegalStateException("Kafka acknowledged none of the feeds' " + writing.get()
                    + " writes under way within " + acknowledgement.toSeconds() + " s");
        }
        return null;
    }
}
