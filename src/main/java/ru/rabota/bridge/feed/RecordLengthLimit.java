package ru.rabota.bridge.feed;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * The characters of a feed as Commons CSV reads them, stopping a record that runs on past
 * {@value #MAX_RECORD_CHARS} characters: a quote left open near the top of a large file makes the rest of it one cell,
 * which Commons CSV builds in memory (a 400 MB feed ran a 384 MB heap out of memory, and the feed was read again and
 * again). The reader counts what was read since the parser returned its last record ({@link #recordRead}); the
 * parser reads ahead by its buffer only. Hand-written: Commons CSV has no limit on a cell or a record.
 */
final class RecordLengthLimit extends FilterReader {

    /** A row of a feed is a few hundred characters, hh.ru's HTML descriptions some thousands: 8 MB of heap at most. */
    static final int MAX_RECORD_CHARS = 4_000_000;

    private long read;
    private long atLastRecord;

    RecordLengthLimit(Reader in) {
        super(in);
    }

    /** The parser returned a record: the next one starts its count here. */
    void recordRead() {
        atLastRecord = read;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            counted(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int chars) throws IOException {
        read += chars;
        if (read - atLastRecord > MAX_RECORD_CHARS + 2L * 8192) {
            throw new IOException("a row longer than " + MAX_RECORD_CHARS + " characters (a quote left open?)");
        }
    }
}
