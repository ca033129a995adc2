package ru.rabota.bridge.reference;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One refresh of route {@code reference-refresh-due} (exchange property {@value ReferenceRefreshes#RUN}): the types
 * it reads, in the order read, and what each gave, for its summary line. Its types are read one after the other.
 */
public final class ReferenceRun {

    private final List<ReferenceType> types;
    /** In the types' own order, whatever the order read: the summary reads the same at every refresh. */
    private final Map<ReferenceType, String> outcomes = new EnumMap<>(ReferenceType.class);
    private boolean readAny;
    /** What rabota.reference held when this refresh first published, by key. */
    private Map<String, String> held;

    /** How often every type had been made due when this refresh began ({@link ReferenceRefreshes#allDue}). */
    private final long allDueTimes;

    ReferenceRun(List<ReferenceType> types, long allDueTimes) {
        this.types = List.copyOf(types);
        this.allDueTimes = allDueTimes;
    }

    long allDueTimes() {
        return allDueTimes;
    }

    public List<ReferenceType> types() {
        return types;
    }

    void read(ReferenceType type, int count) {
        outcomes.put(type, count + " " + type.plural());
        readAny = true;
    }

    void failed(ReferenceType type) {
        outcomes.put(type, type.plural() + " failed");
    }

    /**
     * What {@code rabota.reference} held, read once per refresh: the types' keys are apart, so what one type
     * publishes changes nothing that another compares with.
     */
    Map<String, String> held(Supplier<Map<String, String>> read) {
        if (held == null) {
            held = read.get();
        }
        return held;
    }

    /** Whether some type was read: a retry whose types all failed again has nothing to tell. */
    public boolean readAny() {
        return readAny;
    }

    /** {@code 4 categories, professions failed, 6 regions, ...}. */
    @Override
    public String toString() {
        return String.join(", ", outcomes.values());
    }
}
