package ru.rabota.bridge.feed;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobCommandParser;
import ru.rabota.bridge.log.LogText;

/**
 * Streams the rows of a CSV feed, one {@link FeedRow} at a time: memory does not grow with the file. A row that cannot
 * be read becomes a row with an error and the file goes on; a file that cannot be read at all throws
 * {@link FeedUnreadableException}, from {@link #open} or, for broken quoting further down, from the iteration.
 * <p>
 * Row numbers count data rows: 1 is the first row after the header, whatever its line number (a quoted value may span
 * lines). Rows without any value ({@code ;;;;} lines from spreadsheets) are skipped and not counted. The report and
 * the events' {@code origin} use the same number. Not thread-safe: one thread iterates, others may publish.
 */
public final class FeedReader implements Iterator<FeedRow>, Closeable {

    /** What {@link java.io.InputStreamReader} reads bytes its charset cannot decode as. */
    private static final char UNREADABLE = '\uFFFD';

    private final String fileName;
    private final FeedFormat format;
    private final CSVParser parser;
    private final RecordLengthLimit limit;
    private final Iterator<CSVRecord> records;
    private final List<FeedColumn.Column> columns;
    private final int externalIdColumn;
    /**
     * The header's columns up to its last named one: a row may leave out the delimiters of the nameless columns after
     * it, which shifts nothing.
     */
    private final int named;
    private FeedRow next;
    private int rows;

    private FeedReader(String fileName, FeedFormat format, CSVParser parser, RecordLengthLimit limit) {
        this.fileName = fileName;
        this.format = format;
        this.parser = parser;
        this.limit = limit;
        this.records = parser.iterator();
        CSVRecord header = nextValued();
        if (separatorLine(header)) {
            header = nextValued();
        }
        // an empty file has nothing to publish, which is no error: a feed without rows
        this.columns = header == null ? List.of() : FeedColumn.ofHeader(header.toList());
        this.externalIdColumn = columns.stream().map(FeedColumn.Column::kind).toList().indexOf(FeedColumn.EXTERNAL_ID);
        this.named = (int) columns.stream().filter(column -> column != FeedColumn.Column.TRAILING).count();
    }

    /**
     * Detects the format ({@link FeedFormat#detect}) and reads the header.
     *
     * @param forcedCharset {@link FeedFormat#charsetSetting} of {@code bridge.feed.charset}, null to detect
     * @throws FeedUnreadableException when the file is binary or its header is not a feed's (an empty file is a feed
     *                                 without rows)
     */
    public static FeedReader open(Path file, Charset forcedCharset) throws IOException {
        FeedFormat format = FeedFormat.detect(file, forcedCharset);
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(format.bom() ? 3 : 0);
            // text after a closing quote is kept as a spreadsheet keeps it ("ООО "Ромашка"" is one cell), so that
            // one such cell does not stop the rows after it; a quote left open to the end of the file still does
            RecordLengthLimit limited = new RecordLengthLimit(new InputStreamReader(in, format.charset()));
            CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(format.delimiter()).setTrailingData(true).get()
                    .parse(limited);
            return new FeedReader(file.getFileName().toString(), format, parser, limited);
        } catch (IOException | RuntimeException e) {
            in.close(); // the parser holds nothing but this stream
            throw e;
        }
    }

    public FeedFormat format() {
        return format;
    }

    /** Whether the file has no header at all (empty, or blank lines only). */
    public boolean headerless() {
        return columns.isEmpty();
    }

    @Override
    public boolean hasNext() {
        CSVRecord record;
        if (next == null && (record = nextValued()) != null) {
            next = row(record, ++rows);
        }
        return next != null;
    }

    @Override
    public FeedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FeedRow row = next;
        next = null;
        return row;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Whether the first line is Excel's {@code sep=;} (or {@code sep=,}), which tells a spreadsheet the delimiter and
     * comes before the header: {@link FeedFormat#detect} found that delimiter in it, so it reads as {@code sep=} and an
     * empty cell.
     */
    private static boolean separatorLine(CSVRecord first) {
        return first != null && first.size() == 2 && first.get(0).strip().equalsIgnoreCase("sep=")
                && first.get(1).isBlank();
    }

    /** The next record with a value: blank lines and {@code ;;;;} are skipped. Null at the end of the file. */
    private CSVRecord nextValued() {
        CSVRecord record = nextRecord();
        while (record != null && record.stream().allMatch(String::isBlank)) {
            record = nextRecord();
        }
        return record;
    }

    /** @return null at the end of the file */
    private CSVRecord nextRecord() {
        try {
            CSVRecord record = records.hasNext() ? records.next() : null;
            limit.recordRead();
            return record;
        } catch (UncheckedIOException e) {
            // Commons CSV reports broken quoting this way; nothing after it can be trusted
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FeedUnreadableException("not readable as CSV after row " + rows + ": " + cause.getMessage());
        }
    }

    private FeedRow row(CSVRecord record, int rowNumber) {
        String origin = "csv:" + fileName + "#" + rowNumber;
        String externalId = externalIdColumn < record.size() ? blankToNull(record.get(externalIdColumn)) : null;
        if (record.size() != columns.size() && (record.size() < named || record.size() > columns.size())) {
            // its cells may be shifted: only the external_id is taken, the default boards
            return new FeedRow(rowNumber, origin, named(JsonNodeFactory.instance.objectNode(), externalId),
                    "the row has " + record.size() + " values, the header " + columns.size(), true);
        }
        ObjectNode tree = JsonNodeFactory.instance.objectNode().put("command", JobCommand.UPSERT);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            String cell = record.get(i).strip();
            if (columns.get(i) == FeedColumn.Column.TRAILING) {
                if (!cell.isEmpty()) {
                    errors.add("column " + (i + 1) + " has no name in the header, but the row has '" + LogText.cut(cell)
                            + "' there");
                }
                continue;
            }
            if (cell.indexOf(UNREADABLE) >= 0) {
                // the reader puts U+FFFD for bytes the charset has no character for (detection sees the first 64 KB
                // only): such a cell is the row's error, never published as it reads
                errors.add(columns.get(i).header() + ": '" + LogText.cut(cell) + "' has bytes that are no "
                        + format.charset().name());
                continue;
            }
            try {
                if (!cell.isEmpty()) {
                    columns.get(i).put(tree, cell, format.delimiter() == ';');
                }
            } catch (IllegalArgumentException e) {
                errors.add(columns.get(i).header() + ": " + e.getMessage());
            }
        }
        try {
            return errors.isEmpty() ? new FeedRow(rowNumber, origin, JobCommandParser.parse(tree), null)
                    : new FeedRow(rowNumber, origin, named(tree, externalId), String.join("; ", errors));
        } catch (MalformedCommandException e) {
            return new FeedRow(rowNumber, origin, named(tree, externalId), e.getMessage());
        }
    }

    /** What an unreadable row names of itself: its external_id, command and boards, where its rejection goes. */
    private static JobCommand named(ObjectNode tree, String externalId) {
        List<String> boards = new ArrayList<>();
        tree.path("boards").forEach(board -> boards.add(board.asText()));
        return new JobCommand(tree.path("command").asText(JobCommand.UPSERT), externalId, null, null, null, null,
                null, null, boards.isEmpty() ? null : boards, null);
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value.strip();
    }
}
