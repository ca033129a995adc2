package ru.rabota.bridge.state;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;

/**
 * Per key, the staged write of this process that landed last in a {@link KafkaStateStore}'s topic, by stamp: staged
 * writes go out in different producers (a command's transaction, a feed row's own write), so a later one can land
 * before an earlier one, and the topic would end with the older value ({@link KafkaStateStore#landed}). Kafka's
 * threads report where the writes landed: the map is guarded by itself.
 * <p>
 * A key is held only while a write of it may still land: every staging counts from its start until it landed or no
 * one holds it any more (then no one can write it). Given up is not enough: a command's answer given up while its
 * partition is away waits for it, and is written if it comes back ({@code AnswerCommits}). A write made once no
 * staging of its key may land goes out after every earlier one landed, so it lands after them.
 */
final class LandedWrites {

    /** Tells when a staging is no longer held: one thread for the process. */
    private static final Cleaner UNHELD = Cleaner.create();

    /** Where a staged write landed, and what it wrote. */
    private record Landed(long stamp, long offset, String value) {
    }

    /** A staged write's value to write again, after an earlier one that landed after it. */
    record Later(long stamp, String value) {
    }

    /** A key's writes that may still land (stagings, and writes again), and the staged write that landed last. */
    private static final class Writes {
        private int mayLand;
        private Landed last;
    }

    private final Map<String, Writes> landed = new HashMap<>();

    /**
     * A staging of the key starts: it may land until {@link Cleaner.Cleanable#clean} is called, once it landed, or
     * until no one holds the staging.
     */
    Cleaner.Cleanable staged(Object staging, String key) {
        synchronized (landed) {
            landed.computeIfAbsent(key, any -> new Writes()).mayLand++;
        }
        // the action holds the key, never the staging, or the staging would always be held
        return UNHELD.register(staging, () -> landedOrDropped(key));
    }

    /**
     * Notes where a staged write landed; returns the value to write again after it, or null when the key's staged
     * writes landed in the order they were staged. A write again may land until {@link #writtenAgain} or
     * {@link #notWrittenAgain}.
     */
    Later note(String key, String value, long stamp, long offset) {
        synchronized (landed) {
            Writes writes = landed.get(key);
            if (writes == null) {
                // told twice that it landed: the first time was noted
                return null;
            }
            Landed before = writes.last;
            if (before == null || before.stamp() < stamp == before.offset() < offset) {
                if (before == null || before.stamp() < stamp) {
                    writes.last = new Landed(stamp, offset, value);
                }
                return null;
            }
            writes.mayLand++;
            if (before.stamp() > stamp) {
                // this older write landed after the later one, whose value is written again (not the store's: its
                // reader may have applied this older record already)
                return new Later(before.stamp(), before.value());
            } else {
                return new Later(stamp, value);
            }
        }
    }

    /**
     * The value written again landed at this offset; returns the value to write again after it when a staging later
     * than that value landed before it (else null): written again in turn, or the topic would end with the older value.
     */
    Later writtenAgain(String key, Later later, long offset) {
        synchronized (landed) {
            Writes writes = landed.get(key);
            Landed last = writes.last;
            Later again = null;
            if (last.stamp() <= later.stamp()) {
                writes.last = new Landed(later.stamp(), offset, later.value());
            } else if (last.offset() < offset) {
                writes.mayLand++;
                again = new Later(last.stamp(), last.value());
            }
            landedOrDropped(key);
            return again;
        }
    }

    /** The value to write again could not be written. */
    void notWrittenAgain(String key) {
        landedOrDropped(key);
    }

    /** A write of the key landed, or will not: the key goes once none may land. */
    private void landedOrDropped(String key) {
        synchronized (landed) {
            Writes writes = landed.get(key);
            if (--writes.mayLand == 0) {
                landed.remove(key);
            }
        }
    }

    /** The keys held. */
    int keys() {
        synchronized (landed) {
            return landed.size();
        }
    }
}
