package ru.rabota.bridge.state;

import java.util.HashMap;
import java.util.Map;

/**
 * Per key, the staged write of this process that landed last in a {@link KafkaStateStore}'s topic, by stamp: staged
 * writes go out in different producers (a command's transaction, a feed row's own write), so a later one can land
 * before an earlier one, and the topic would end with the older value ({@link KafkaStateStore#landed}). Kafka's
 * threads report where the writes landed: the map is guarded by itself.
 */
final class LandedWrites {

    /** Where a staged write landed, and what it wrote. */
    private record Landed(long stamp, long offset, String value) {
    }

    /** A staged write's value to write again, after an earlier one that landed after it. */
    record Later(long stamp, String value) {
    }

    private final Map<String, Landed> landed = new HashMap<>();

    /**
     * Notes where a staged write landed; returns the value to write again after it, or null when the key's staged
     * writes landed in the order they were staged.
     */
    Later note(String key, String value, long stamp, long offset) {
        synchronized (landed) {
            Landed before = landed.get(key);
            if (before == null || before.stamp() < stamp == before.offset() < offset) {
                if (before == null || before.stamp() < stamp) {
                    landed.put(key, new Landed(stamp, offset, value));
                }
                return null;
            } else if (before.stamp() > stamp) {
                // this older write landed after the later one, whose value is written again (not the store's: its
                // reader may have applied this older record already)
                return new Later(before.stamp(), before.value());
            } else {
                return new Later(stamp, value);
            }
        }
    }

    /** The value written again landed at this offset. */
    void writtenAgain(String key, Later later, long offset) {
        synchronized (landed) {
            landed.put(key, new Landed(later.stamp(), offset, later.value()));
        }
    }
}
