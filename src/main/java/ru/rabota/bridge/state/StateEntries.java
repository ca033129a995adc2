package ru.rabota.bridge.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * What a {@link KafkaStateStore}'s topic holds, key by key, each value with the offset it was written at, and how far
 * the follower has read each partition: the follower thread and this process's writers apply the same record in
 * either order (Kafka's threads, callers'), so an older write never replaces a newer one, whichever applied it first.
 * A removed key keeps its tombstone (a null value) for the same reason until the follower has read it: from then on
 * a writer's record older than the follower's position was applied by the follower already, and is not applied again.
 */
final class StateEntries {

    private record Versioned(String value, long offset, int partition) {
    }

    private final Map<String, Versioned> entries = new ConcurrentHashMap<>();
    /** Per partition, the follower's position: every record before it is applied. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    /** Per partition, the keys of the tombstones the follower read since it last moved its position (its thread's). */
    private final Map<Integer, List<String>> tombstonesRead = new HashMap<>();
    /** The keys that have a value, counted as entries change (under each key's lock): a scrape reads it. */
    private final AtomicInteger withValue = new AtomicInteger();

    /** A record the follower read, unless an entry written after it in its partition is there already. */
    void read(String key, String value, int partition, long offset) {
        Versioned fresh = new Versioned(value, offset, partition);
        entries.compute(key, (same, old) -> counted(old, old == null ? fresh : newer(old, fresh)));
        if (value == null) {
            tombstonesRead.computeIfAbsent(partition, any -> new ArrayList<>()).add(key);
        }
    }

    /**
     * A write of this process that Kafka took, unless an entry written after it in its partition is there already, or
     * the follower read past it (it applied the record then, and a tombstone after it may be gone). Checked under the
     * key's lock, which the release of a tombstone takes after the position moved.
     */
    void written(String key, String value, int partition, long offset) {
        if (key == null) {
            return;
        }
        Versioned fresh = new Versioned(value, offset, partition);
        entries.compute(key, (same, old) -> offset < position(partition) ? old
                : counted(old, old == null ? fresh : newer(old, fresh)));
    }

    /** The follower applied every record of the partition before this offset: the tombstones it read there go. */
    void readTo(int partition, long position) {
        positions.put(partition, position);
        List<String> read = tombstonesRead.remove(partition);
        if (read != null) {
            read.forEach(key -> entries.computeIfPresent(key, (same, versioned) -> versioned.value() == null
                    && versioned.partition() == partition && versioned.offset() < position ? null : versioned));
        }
    }

    /** The follower's position in the partition; -1 before it read it. */
    long position(int partition) {
        return positions.getOrDefault(partition, -1L);
    }

    /** The entry that replaces {@code old}, counted in {@link #withValue}. */
    private Versioned counted(Versioned old, Versioned next) {
        withValue.addAndGet(hasValue(next) - hasValue(old));
        return next;
    }

    private static int hasValue(Versioned versioned) {
        return versioned == null || versioned.value() == null ? 0 : 1;
    }

    private static Versioned newer(Versioned old, Versioned fresh) {
        return old.partition() == fresh.partition() && old.offset() > fresh.offset() ? old : fresh;
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
        return withValue.get();
    }

    /** The keys held in memory, tombstones too. */
    int held() {
        return entries.size();
    }
}
