package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * (given up, its write failed) leaves the one before it to be written, and to show meanwhile, as before that staging.
 * Callers' threads stage, Kafka's threads unstage; the changes are made under this object's lock, the reads without.
 */
final class StagedValues {

    /** One staging of a key: its value, its stamp, and whether it may show. */
    static final class Staging {
        private final String value;
        private final long stamp;
        private final Line line;
        /** Not set aside, written or given up. */
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
     * A key's stagings while one of them may still be sent: those neither written nor given up, in the order they were
     * made, the stamp of the key's latest write that landed, and the staging the key shows.
     */
    private static final class Line {
        private final List<Staging> open = new ArrayList<>(1);
        private volatile long landed;
        /** The latest open staging neither set aside nor overtaken by a landed write; null: what Kafka holds shows. */
        private volatile Staging showing;
        /** Completes when {@link #showing} changes, for a writer waiting for the key (then replaced). */
        private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

        /** No staging of the key can be sent any more. */
        boolean done() {
            return open.isEmpty() || landed >= open.get(open.size() - 1).stamp;
        }

        /** What the key shows after a change. */
        void show() {
            Staging shows = null;
            for (int i = open.size() - 1; i >= 0 && shows == null; i--) {
                Staging staging = open.get(i);
                if (staging.shown && staging.stamp > landed) {
                    shows = staging;
                }
            }
            if (shows != showing) {
                showing = shows;
                CompletableFuture<Void> before = changed;
                changed = new CompletableFuture<>();
                before.complete(null);
            }
        }
    }

    /** Per key, its stagings while one may still be sent. */
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final AtomicLong stamps = new AtomicLong();

    /** Stages the value over any staged before it. */
    synchronized Staging stage(String key, String value) {
        Line line = lines.computeIfAbsent(key, same -> new Line());
        Staging staging = new Staging(value, nextStamp(), line);
        line.open.add(staging);
        line.show();
        return staging;
    }

    /** The stamp of a write made now: later than every staging before it, earlier than every one after. */
    long nextStamp() {
        return stamps.incrementAndGet();
    }

    Optional<String> value(String key) {
        Staging shows = showing(key);
        return shows == null ? Optional.empty() : Optional.of(shows.value);
    }

    private Staging showing(String key) {
        Line line = lines.get(key);
        return line == null ? null : line.showing;
    }

    boolean holds(String key) {
        return showing(key) != null;
    }

    void forEach(BiConsumer<String, String> action) {
        lines.forEach((key, line) -> {
            Staging shows = line.showing;
            if (shows != null) {
                action.accept(key, shows.value);
            }
        });
    }

    /** Waits (up to the timeout) until none of the keys shows a staging; they are written within a second or so. */
    void awaitUnstaged(Collection<String> keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String key : keys) {
            for (Line line = lines.get(key); line != null; line = lines.get(key)) {
                CompletableFuture<Void> changed = line.changed;
                if (line.showing == null) {
                    break;
                }
                try {
                    changed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new StateUnavailableException("could not write " + key + " within " + timeout.toSeconds()
                            + " s: an earlier write of this process to the same key is not written yet", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StateUnavailableException("interrupted: write " + key, e);
                } catch (ExecutionException e) {
                    throw new StateUnavailableException("the staging of " + key + " ended in a failure", e.getCause());
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
            changed(key, line);
        }
    }

    /** The staging is given up for good: the key shows the open staging before it, or what Kafka holds. */
    synchronized void unstage(String key, Staging staging) {
        end(key, staging);
    }

    /**
     * The staging's answer waits for its partition, which another instance reads meanwhile: the key no longer shows
     * it, and the staging may still be written until a write of its key made after it lands.
     */
    synchronized void setAside(String key, Staging staging) {
        staging.shown = false;
        changed(key, staging.line);
    }

    /** The keys held (for tests: none once no staging of theirs can be sent). */
    int keys() {
        return lines.size();
    }

    private void end(String key, Staging staging) {
        if (!staging.ended) {
            staging.ended = true;
            staging.shown = false;
            staging.line.open.remove(staging);
        }
        changed(key, staging.line);
    }

    /** Shows what the line holds now, and lets go of it once none of its stagings can be sent. */
    private void changed(String key, Line line) {
        if (line.done()) {
            line.open.clear();
            lines.remove(key, line);
        }
        line.show();
    }
}
