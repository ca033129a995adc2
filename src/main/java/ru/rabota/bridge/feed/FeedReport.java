package ru.rabota.bridge.feed;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import ru.rabota.bridge.jobs.JobEvent;

/**
 * {@code <file name>.report.csv}: UTF-8, the feed's delimiter, a header, then one line per data row and board
 * ({@code row, external_id, outcome, job_id, detail, board}), written while the feed is processed (under the name
 * {@link FeedFolders#reportWhileWritten}, until the feed ends). A cell that a spreadsheet would run as a formula gets
 * a leading {@code '} ({@link #inert}).
 * <p>
 * Rows published in parallel finish out of order. Lines are written in row order: a line that arrives early waits
 * until the rows before it are written, but never more than {@value #REORDER_LIMIT} lines wait; beyond that the
 * lowest waiting line is written and a row that finishes later still gets its line, out of order. Memory stays
 * bounded however long one row retries. Thread-safe.
 */
public final class FeedReport implements Closeable {

    static final int REORDER_LIMIT = 10_000;

    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final String[] HEADER = {"row", "external_id", "outcome", "job_id", "detail", "board"};

    /** Lines go to the file a few KB at a time: a Writer's append takes its lock per character. */
    private static final int FLUSH_AT = 8192;

    private final Writer writer;
    /** Lines printed and not written to the file yet. */
    private final StringBuilder printed = new StringBuilder(2 * FLUSH_AT);
    private final CSVPrinter printer;
    private final FeedSummary summary;
    private final int reorderLimit;
    private final TreeMap<Integer, List<List<Object>>> waiting = new TreeMap<>();
    private int nextRow = 1;
    private boolean closed;

    FeedReport(Path file, char delimiter, String feedName, int reorderLimit) throws IOException {
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.printer = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader(HEADER).get().print(printed);
        this.summary = new FeedSummary(feedName);
        this.reorderLimit = reorderLimit;
    }

    /**
     * @param file      where the report goes, named {@link #fileName}
     * @param delimiter {@link FeedFormat#delimiter()} of the feed
     * @param feedName  the feed's file name, for the summary
     */
    public static FeedReport create(Path file, char delimiter, String feedName) throws IOException {
        return new FeedReport(file, delimiter, feedName, REORDER_LIMIT);
    }

    /** {@code jobs.csv} → {@code jobs.csv.report.csv} */
    public static String fileName(String feedName) {
        return feedName + ".report.csv";
    }

    /** Records how row {@link FeedRow#row()} ended, one event per board; every row once. */
    public synchronized void add(int row, List<JobEvent> events) {
        summary.rowDone();
        List<List<Object>> lines = new ArrayList<>();
        for (JobEvent event : events) {
            summary.add(event.event());
            lines.add(Arrays.asList(row, inert(event.externalId()), event.event().value(), inert(event.jobId()),
                    inert(event.error() == null ? null : event.error().detail()), inert(event.board())));
        }
        if (row < nextRow) {
            lines.forEach(this::print);
            return;
        }
        waiting.put(row, lines);
        while (!waiting.isEmpty() && (waiting.firstKey() == nextRow || waiting.size() > reorderLimit)) {
            Map.Entry<Integer, List<List<Object>>> first = waiting.pollFirstEntry();
            first.getValue().forEach(this::print);
            nextRow = first.getKey() + 1;
        }
    }

    public FeedSummary summary() {
        return summary;
    }

    /** Writes the lines still waiting for an earlier row, in row order. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            // a feed whose move failed after its report was complete is abandoned: it closes the report again
            return;
        }
        closed = true;
        waiting.values().forEach(rowLines -> rowLines.forEach(this::print));
        waiting.clear();
        try (writer) {
            printer.close();
            writer.append(printed);
        }
    }

    /**
     * The cell with a leading {@code '} when a spreadsheet would run it as a formula (CSV injection): it starts with
     * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return.
     */
    static String inert(String cell) {
        return cell != null && !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    // value by value: printRecord(Iterable) makes a stream and a lambda per line, as dear as the printing
    private void print(List<Object> line) {
        try {
            for (Object value : line) {
                printer.print(value);
            }
            printer.println();
            if (printed.length() >= FLUSH_AT) {
                writer.append(printed);
                printed.setLength(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
