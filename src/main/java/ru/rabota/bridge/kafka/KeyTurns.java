package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This process's writes of one key of a state topic go out one at a time, whichever producer sends them (a state
 * store's own, a command's transaction): Kafka orders the writes of one producer only, and a compacted topic keeps the
 * record of a key that landed last. A writer takes its keys' turns before it sends and gives them back once Kafka
 * answered (acknowledged, committed, or failed); meanwhile the next writer of those keys waits. Hand-written: no
 * library orders writes across producers.
 * <p>
 * A writer takes all its turns at once, or waits holding none, so two transactions that share keys cannot wait for
 * each other. One lock for the process: a turn is taken a few hundred times a second at most, and a key's turn is
 * an identity of the writer's choosing (a store and a key), so that two applications in one JVM do not share turns.
 */
public final class KeyTurns {

    private static final Set<Object> HELD = new HashSet<>();

    private KeyTurns() {
    }

    /**
     * Waits until no write of these keys is on its way, then holds their turns until {@link Held#close}.
     *
     * @throws TurnNotTaken when an earlier write of one of the keys did not end within the timeout, or the thread
     *                      was interrupted
     */
    public static Held take(Collection<?> keys, Duration timeout) {
        Set<Object> turns = Set.copyOf(keys);
        if (turns.isEmpty()) {
            return new Held(turns);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (HELD) {
            while (turns.stream().anyMatch(HELD::contains)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TurnNotTaken("an earlier write of " + held(turns) + " did not end within "
                            + timeout.toSeconds() + " s");
                }
                try {
                    HELD.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TurnNotTaken("interrupted while an earlier write of " + held(turns)
                            + " was on its way");
                }
            }
            HELD.addAll(turns);
        }
        return new Held(turns);
    }

    /** Those of the turns another writer holds, as a line names them (a transaction takes many). */
    private static String held(Set<Object> turns) {
        return turns.stream().filter(HELD::contains).map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    /** The turns a writer holds; closing gives them back (once, whichever thread does it). */
    public static final class Held implements AutoCloseable {
        private Set<Object> turns;

        private Held(Set<Object> turns) {
            this.turns = turns;
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (turns != null && !turns.isEmpty()) {
                    HELD.removeAll(turns);
                    HELD.notifyAll();
                }
                turns = null;
            }
        }
    }

    /** A key's turn, named by its writer: a state store and a key of its topic. */
    public record Turn(Object writer, String key) {
        public Turn {
            Objects.requireNonNull(writer, "writer");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Turn turn && turn.writer == writer && Objects.equals(turn.key, key);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(writer) * 31 + Objects.hashCode(key);
        }

        /** The key, as a line names it. */
        @Override
        public String toString() {
            return String.valueOf(key);
        }
    }

    /** A turn not taken in time: the write was not sent, and may be tried again. */
    public static final class TurnNotTaken extends IllegalStateException {
        TurnNotTaken(String message) {
            super(message);
        }
    }
}
