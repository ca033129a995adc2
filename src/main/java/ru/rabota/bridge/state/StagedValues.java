package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The values this process staged in a {@link KafkaStateStore} and has not written yet ({@link KafkaStateStore#stage}):
 * they show over the store's entries until their write is applied or abandoned, and a write of the same key waits for
 * them. Each staging has a stamp, so that the end of an earlier staging of a key does not unstage a later one. Callers'
 * threads stage, Kafka's threads unstage.
 */
final class StagedValues {

    /** A value this process is about to write, which staging it was, and what completes when it is over. */
    private record Staged(String value, long stamp, CompletableFuture<Void> over) {
    }

    private final Map<String, Staged> staged = new ConcurrentHashMap<>();
    private final AtomicLong stamps = new AtomicLong();

    /** Stages the value over any staged before it; returns the staging's stamp. */
    long stage(String key, String value) {
        long stamp = nextStamp();
        Staged before = staged.put(key, new Staged(Objects.requireNonNull(value, "value"), stamp,
                new CompletableFuture<>()));
        if (before != null) {
            before.over().complete(null); // a writer waiting for the key looks again, and waits for this one
        }
        return stamp;
    }

    /** The stamp of a write made now: later than every staging before it, earlier than every one after. */
    long nextStamp() {
        return stamps.incrementAndGet();
    }

    Optional<String> value(String key) {
        Staged ahead = staged.get(key);
        return ahead == null ? Optional.empty() : Optional.of(ahead.value());
    }

    boolean holds(String key) {
        return staged.containsKey(key);
    }

    void forEach(BiConsumer<String, String> action) {
        staged.forEach((key, ahead) -> action.accept(key, ahead.value()));
    }

    /** Waits (up to the timeout) until none of the keys is staged; they are written within a second or so. */
    void awaitUnstaged(Set<String> keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String key : keys) {
            for (Staged ahead = staged.get(key); ahead != null; ahead = staged.get(key)) {
                try {
                    ahead.over().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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

    /** The staging of this stamp is over (written, or given up): the key shows what Kafka holds. */
    void unstage(String key, long stamp) {
        Staged ahead = staged.get(key);
        if (ahead != null && ahead.stamp() == stamp && staged.remove(key, ahead)) {
            ahead.over().complete(null);
        }
    }
}
