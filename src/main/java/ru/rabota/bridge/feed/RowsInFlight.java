package ru.rabota.bridge.feed;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One feed's commands under way: at most {@code in-flight} at once, so that memory does not grow with the file; the
 * first failure, which stops the feed; and what the commands that ended leave to do.
 */
final class RowsInFlight {

    private final int bound;
    private final Semaphore permits;
    private final Duration acknowledgement;
    private final FeedWrites writes;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /**
     * What the commands that ended leave to do (report lines, counts), done by the feed's own thread: they end on
     * Kafka's I/O thread, which every flow's acknowledgements wait for.
     */
    private final Queue<Runnable> ended = new ConcurrentLinkedQueue<>();

    /**
     * @param acknowledgement {@link FeedProcessor.Settings#acknowledgement}
     * @param writes          the writes of every feed, whose stall stops this one
     */
    RowsInFlight(int bound, Duration acknowledgement, FeedWrites writes) {
        this.bound = bound;
        this.permits = new Semaphore(bound);
        this.acknowledgement = acknowledgement;
        this.writes = writes;
    }

    /** Whether a failure stopped the feed. */
    boolean stopped() {
        return failure.get() != null;
    }

    /**
     * Takes a place among the commands under way, once one is free. When the feed's writes are under way and Kafka
     * stalled ({@link FeedWrites#stalled}), the feed stops instead: one check here rather than a timer per write
     * (setting and cancelling it cost as much as the write's own completion).
     */
    void acquire() throws InterruptedException {
        acquire(1);
    }

    /** Gives back a place taken for a command that did not start. */
    void release() {
        permits.release();
    }

    /**
     * Ends a command's work: records the first failure (the feed stops), else leaves {@code then} to the feed's
     * thread ({@link #runEnded}), which skips it once the feed stopped (its report is deleted).
     */
    void settle(Throwable error, Runnable then) {
        try {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                failure.compareAndSet(null, cause);
            } else {
                ended.add(then);
            }
        } finally {
            permits.release();
        }
    }

    /** On the feed's thread: what the commands that ended left to do, unless the feed stopped. */
    void runEnded() {
        for (Runnable then = ended.poll(); then != null; then = ended.poll()) {
            if (failure.get() == null) {
                then.run();
            }
        }
    }

    /** Waits for the work under way; after the rows, the report then has every line. */
    void awaitAll() throws InterruptedException {
        acquire(bound);
        permits.release(bound);
        runEnded();
    }

    /** Waits for the work under way, unless Kafka stalled: what is under way then ends without the report. */
    void awaitAllUnlessStalled() throws InterruptedException {
        try {
            awaitAll();
        } catch (IllegalStateException stalled) {
            // the feed stopped: no line is written any more
        }
    }

    /** Waits for the work under way; throws when some of it could not be finished. */
    void finish() throws InterruptedException {
        awaitAll();
        Throwable stopped = failure.get();
        if (stopped != null) {
            throw new IllegalStateException(stopped.getMessage(), stopped);
        }
    }

    private void acquire(int count) throws InterruptedException {
        while (!permits.tryAcquire(count, 1, TimeUnit.SECONDS)) {
            IllegalStateException stalled = writes.stalled(acknowledgement);
            if (stalled != null) {
                failure.compareAndSet(null, stalled);
                throw stalled;
            }
        }
    }
}
