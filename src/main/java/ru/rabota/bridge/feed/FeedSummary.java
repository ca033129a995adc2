package ru.rabota.bridge.feed;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import ru.rabota.bridge.jobs.Outcome;

/**
 * How many rows of one feed were done, and how their board outcomes ended (one per row and board), counted as
 * {@link FeedReport} records them; safe to read from any thread.
 */
public final class FeedSummary {

    private final String fileName;
    private final long startedNanos = System.nanoTime();
    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final LongAdder rows = new LongAdder();

    FeedSummary(String fileName) {
        this.fileName = fileName;
        Arrays.stream(Outcome.values()).forEach(outcome -> counts.put(outcome, new LongAdder()));
    }

    void add(Outcome outcome) {
        counts.get(outcome).increment();
    }

    void rowDone() {
        rows.increment();
    }

    public long rows() {
        return rows.sum();
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }

    /** Since the report was created. */
    public double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** {@code feed jobs.csv: 7 rows, 2 created, 1 updated, 1 unchanged, 1 closed, 0 revived, 1 rejected, 1 failed in 0.4 s} */
    public String logLine() {
        return String.format(Locale.ROOT, "feed %s: %d row%s, %s in %.1f s", fileName, rows(), rows() == 1 ? "" : "s",
                Arrays.stream(Outcome.values()).map(o -> count(o) + " " + o.value()).collect(Collectors.joining(", ")),
                seconds());
    }
}
