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
import java.util.function.BiConsumer;

/**
 * The values this process staged in a {@link KafkaStateStore} and has not written yet ({@link KafkaStateStore#stage}):
 * they show over the store's entries until their write is applied or given up, and a write of the same key waits for
 * them. A staging replaced by a later write of its key (a later staging, or a write made once it was set aside) is
 * stale: sent after it, it would land after it, and the topic would end with the older value. Callers' threads stage,
 * Kafka's threads unstage.
 */
final class StagedValues {

    /** One staging of a key: its value, whether it shows, and what completes once it no longer does. */
    static final class Staging {
        private final String value;
        private final CompletableFuture<Void> over = new CompletableFuture<>();
        private volatile boolean shown = true;
        private volatile boolean stale;

        private Staging(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /** Written, given up, or replaced by a later write of its key: it is not sent any more. */
        boolean stale() {
            return stale;
        }
    }

    /** Per key, its latest staging: shown, or set aside until a later write of the key or its own. */
    private final Map<String, Staging> staged = new ConcurrentHashMap<>();

    /** Stages the value over any staged before it, which becomes stale. */
    Staging stage(String key, String value) {
        Staging staging = new Staging(value);
        Staging before = staged.put(key, staging);
        if (before != null) {
            before.stale = true;
            before.over.complete(null); // a writer waiting for the key looks again, and waits for this one
        }
        return staging;
    }

    Optional<String> value(String key) {
        Staging ahead = staged.get(key);
        return ahead == null || !ahead.shown ? Optional.empty() : Optional.of(ahead.value);
    }

    boolean holds(String key) {
        return value(key).isPresent();
    }

    void forEach(BiConsumer<String, String> action) {
        staged.forEach((key, ahead) -> {
            if (ahead.shown) {
                action.accept(key, ahead.value);
            }
        });
    }

    /** Waits (up to the timeout) until none of the keys shows a staging; they are written within a second or so. */
    void awaitUnstaged(Collection<String> keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String key : keys) {
            for (Staging ahead = staged.get(key); ahead != null && ahead.shown; ahead = staged.get(key)) {
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

    /**
     * A write of these keys made alone is about to be sent, its turns held: a staging set aside before it is stale
     * (sent later, it would land after this write).
     */
    void replacedBy(Collection<String> keys) {
        keys.forEach(key -> staged.computeIfPresent(key, (same, ahead) -> {
            if (ahead.shown) {
                return ahead;
            }
            ahead.stale = true;
            return null;
        }));
    }

    /** The staging is over (written, or given up for good): the key shows what Kafka holds. */
    void unstage(String key, Staging staging) {
        staging.stale = true;
        hide(key, staging);
    }

    /**
     * The staging's answer waits for its partition, which another instance reads meanwhile: the key shows what Kafka
     * holds, and the staging may still be written until a later write of its key.
     */
    void setAside(String key, Staging staging) {
        hide(key, staging);
    }

    private void hide(String key, Staging staging) {
        staging.shown = false;
        if (staging.stale) {
            staged.remove(key, staging);
        }
        staging.over.complete(null);
    }
}
