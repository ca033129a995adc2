package ru.rabota.bridge.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What a {@link KafkaStateStore}'s topic holds, key by key, each value with the offset it was written at: the
 * follower thread and this process's writers apply the same record in either order (Kafka's threads, callers'), so an
 * older write never replaces a newer one, whichever applied it first. A removed key keeps its tombstone (a null
 * value) for the same reason.
 */
final class StateEntries {

    private record Versioned(String value, long offset, int partition) {
    }

    private final Map<String, Versioned> entries = new ConcurrentHashMap<>();

    /** A record of the topic, unless an entry written after it in its partition is there already. */
    void apply(String key, String value, int partition, long offset) {
        if (key == null) {
            return;
        }
        entries.merge(key, new Versioned(value, offset, partition),
                (old, fresh) -> old.partition() == fresh.partition() && old.offset() > fresh.offset() ? old : fresh);
    }

    Optional<String> value(String key) {
        Versioned versioned = entries.get(key);
        return versioned == null || versioned.value() == null ? Optional.empty() : Optional.of(versioned.value());
    }

    /** Every key that has a value (a weakly consistent view). */
    void forEach(BiConsumer<String, String> action) {
        entries.forEach((key, versioned) -> {
            if (versioned.value() != null) {
                action.accept(key, versioned.value());
            }
        });
    }

    int size() {
        return (int) entries.values().stream().filter(versioned -> versioned.value() != null).count();
    }
}
