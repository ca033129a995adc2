package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The values this process staged in a {@link KafkaStateStore} and has not written yet ({@link KafkaStateStore#stage}):
 * they show over the store's entries until their write is applied or given up, and a write of the same key waits for
 * them. A staging is stale once a write of its key made after it landed (a later staging written, a put): sent then,
 * it would land after that write, and the topic would end with the older value. A later staging that does not land
 * (given up, its write failed) leaves it to be written, as it was before that staging. Callers' threads stage,
 * Kafka's threads unstage; the changes are made under this object's lock, the reads without.
 */
final class StagedValues {

    /** One staging of a key: its value, its stamp, whether it shows, and what completes once it no longer does. */
    static final class Staging {
        private final String value;
        private final long stamp;
        private final Line line;
        private final CompletableFuture<Void> over = new CompletableFuture<>();
        private volatile boolean shown = true;
        /** Written, or given up. */
        private volatile boolean ended;

        private Staging(String value, long stamp, Line line) {
            this.value = Objects.requireNonNull(value, "value");
            this.stamp = stamp;
            this.line = line;
        }

        /** Its place among the writes of its key: a later one has a greater stamp. */
        long stamp() {
            return stamp;
        }

        /** Written, given up, or a write of its key made after it landed: it is not sent any more. */
        boolean stale() {
            return ended || line.landed > stamp;
        }
    }

    /**
     * A key's stagings while one of them may still be sent: the latest, how many were neither written nor given up,
     * and the stamp of the key's latest write that landed.
     */
    private static final class Line {
        private volatile Staging latest;
        private volatile long landed;
        private int open;

        /** No staging of the key can be sent any more. */
        boolean done() {
            return open == 0 || landed >= latest.stamp;
        }
    }

    /** Per key, its stagings while one may still be sent: the latest shows, unless set aside. */
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final AtomicLong stamps = new AtomicLong();

    /** Stages the value over any staged before it. */
    synchronized Staging stage(String key, String value) {
        Line line = lines.computeIfAbsent(key, same -> new Line());
        Staging before = line.latest;
        Staging staging = new Staging(value, nextStamp(), line);
        line.latest = staging;
        line.open++;
        if (before != null) {
            before.over.complete(null); // a writer waiting for the key looks again, and waits for this one
        }
        return staging;
    }

    /** The stamp of a write made now: later than every staging before it, earlier than every one after. */
    long nextStamp() {
        return stamps.incrementAndGet();
    }

    Optional<String> value(String key) {
        Staging ahead = latest(key);
        return ahead == null || !ahead.shown ? Optional.empty() : Optional.of(ahead.value);
    }

    private Staging latest(String key) {
        Line line = lines.get(key);
        return line == null ? null : line.latest;
    }

    boolean holds(String key) {
        return value(key).isPresent();
    }

    void forEach(BiConsumer<String, String> action) {
        lines.forEach((key, line) -> {
            Staging ahead = line.latest;
            if (ahead.shown) {
                action.accept(key, ahead.value);
            }
        });
    }

    /** Waits (up to the timeout) until none of the keys shows a staging; they are written within a second or so. */
    void awaitUnstaged(Collection<String> keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String key : keys) {
            for (Staging ahead = latest(key); ahead != null && ahead.shown; ahead = latest(key)) {
                try {
                    ahead.over.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new StateUnavailableException("could not write " + key + " within " + timeout.toSeconds()
                            + " s: an earlier write of this process to the same key is not written yet", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StateUnavailableException("interrupted: write " + key, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the staging of " + key + " ended in a failure", e);
                }
            }
        }
    }

    /** The staging landed (its key's turn held): it and every staging of its key before it are stale. */
    synchronized void written(String key, Staging staging) {
        staging.line.landed = Math.max(staging.line.landed, staging.stamp);
        end(key, staging);
    }

    /** A write of the key made alone at this stamp landed (its turn held): every staging before it is stale. */
    synchronized void landed(String key, long stamp) {
        Line line = lines.get(key);
        if (line != null) {
            line.landed = Math.max(line.landed, stamp);
            forgetIfDone(key, line);
        }
    }

    /** The staging is given up for good: the key shows what Kafka holds. */
    synchronized void unstage(String key, Staging staging) {
        end(key, staging);
    }

    /**
     * The staging's answer waits for its partition, which another instance reads meanwhile: the key shows what Kafka
     * holds, and the staging may still be written until a write of its key made after it lands.
     */
    synchronized void setAside(String key, Staging staging) {
        hide(key, staging);
    }

    /** The keys held (for tests: none once no staging of theirs can be sent). */
    int keys() {
        return lines.size();
    }

    private void end(String key, Staging staging) {
        if (!staging.ended) {
            staging.ended = true;
            staging.line.open--;
        }
        hide(key, staging);
    }

    private void hide(String key, Staging staging) {
        staging.shown = false;
        forgetIfDone(key, staging.line);
        staging.over.complete(null);
    }

    private void forgetIfDone(String key, Line line) {
        if (line.done() && lines.remove(key, line)) {
            line.latest.shown = false; // stale: a later write landed
            line.latest.over.complete(null);
        }
    }
}
