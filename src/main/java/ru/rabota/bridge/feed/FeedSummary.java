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
    /** Snapshot mode: the jobs closed as the feed no longer lists them (no row of it). */
    private final LongAdder unlistedClosed = new LongAdder();

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

    void unlistedClosed(long jobs) {
        unlistedClosed.add(jobs);
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

    /**
     * {@code feed jobs.csv: 7 rows, 2 created, 1 updated, 1 unchanged, 1 closed, 0 revived, 1 rejected, 1 failed in
     * 0.4 s}; a snapshot that closed jobs it no longer lists says so before the time ({@code ...; 15 jobs it no longer
     * lists closed in 2.1 s}): those closes are no row's, and "0 closed" alone read as none.
     */
    public String logLine() {
        long closed = unlistedClosed.sum();
        return String.format(Locale.ROOT, "feed %s: %d row%s, %s%s in %.1f s", fileName, rows(), rows() == 1 ? "" : "s",
                Arrays.stream(Outcome.values()).map(o -> count(o) + " " + o.value()).collect(Collectors.joining(", ")),
                closed == 0 ? "" : "; " + closed + (closed == 1 ? " job" : " jobs") + " it no longer lists closed",
                seconds());
    }
}
