package ru.rabota.bridge.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ru.rabota.bridge.properties.InvalidPropertyException;

/**
 * How a feed file is written: its charset, whether it starts with a UTF-8 byte order mark, and its delimiter.
 *
 * @param bom true when the file starts with the UTF-8 BOM, which the reader skips
 */
public record FeedFormat(Charset charset, boolean bom, char delimiter) {

    public static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    /** Enough for the header and many rows, little enough to read twice. */
    static final int SAMPLE_BYTES = 64 * 1024;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * The value of {@code bridge.feed.charset}, checked once at start-up.
     *
     * @return null when blank: each file's charset is detected
     * @throws InvalidPropertyException when the JVM knows no such charset: the start's one ERROR line names the
     *         property and the value (the JVM's own exception names the value alone)
     */
    public static Charset charsetSetting(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("bridge.feed.charset", value, "a charset this JVM knows, such as"
                    + " windows-1251 or UTF-8");
        }
    }

    /**
     * Reads the first {@value #SAMPLE_BYTES} bytes. A UTF-8 BOM means UTF-8 whatever the setting says; otherwise the
     * forced charset, or UTF-8 when the sample decodes strictly as UTF-8 (a sample all ASCII: the bytes from the
     * first that is not), else windows-1251. The delimiter is the one
     * of {@code ;} and {@code ,} that occurs more often, outside quotes, in the first line: the header, or Excel's
     * {@code sep=;} line before it, which the reader skips.
     *
     * @param forcedCharset {@link #charsetSetting}, null to detect
     * @throws FeedUnreadableException when the file is not text (an empty file is a feed without rows)
     */
    public static FeedFormat detect(Path file, Charset forcedCharset) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] sample = in.readNBytes(SAMPLE_BYTES);
            boolean whole = sample.length < SAMPLE_BYTES;
            boolean bom = Arrays.equals(sample, 0, Math.min(3, sample.length), UTF8_BOM, 0, 3);
            byte[] text = bom ? Arrays.copyOfRange(sample, 3, sample.length) : sample;
            requireText(text);
            Charset charset = bom ? StandardCharsets.UTF_8
                    : forcedCharset != null ? forcedCharset
                    : isUtf8(whole || !ascii(text) ? text : firstNonAscii(in), whole) ? StandardCharsets.UTF_8
                    : WINDOWS_1251;
            return new FeedFormat(charset, bom, delimiterOf(new String(text, charset)));
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * After a sample that is all ASCII (a long English or numeric start), the charset shows at the first byte that
     * is not: the bytes from there (a few more when it ends the chunk), or none when the whole file is ASCII.
     */
    private static byte[] firstNonAscii(InputStream in) throws IOException {
        byte[] chunk = new byte[SAMPLE_BYTES];
        for (int read = in.readNBytes(chunk, 0, chunk.length); read > 0;
                read = in.readNBytes(chunk, 0, chunk.length)) {
            for (int i = 0; i < read; i++) {
                if (chunk[i] < 0) {
                    byte[] from = Arrays.copyOfRange(chunk, i, read);
                    byte[] more = from.length < 4 ? in.readNBytes(4) : new byte[0];
                    byte[] bytes = Arrays.copyOf(from, from.length + more.length);
                    System.arraycopy(more, 0, bytes, from.length, more.length);
                    return bytes;
                }
            }
        }
        return new byte[0];
    }

    private static void requireText(byte[] sample) {
        for (byte b : sample) {
            // control characters other than tab, line breaks and form feed occur in binary files, not in CSV
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0B && b != '\f') {
                throw new FeedUnreadableException(String.format("not a text file: it contains the byte 0x%02X "
                        + "(save the feed as CSV in UTF-8 or windows-1251; UTF-16 is not supported)", b));
            }
        }
    }

    private static boolean isUtf8(byte[] sample, boolean whole) {
        // a multi-byte character cut at the end of a partial sample is not an error: endOfInput = whole
        return !StandardCharsets.UTF_8.newDecoder()
                .decode(ByteBuffer.wrap(sample), CharBuffer.allocate(sample.length), whole)
                .isError();
    }

    // hand-written scan: the delimiter must be known before Commons CSV can parse the header
    private static char delimiterOf(String text) {
        int semicolons = 0;
        int commas = 0;
        boolean quoted = false;
        for (char c : text.stripLeading().toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == ',') {
                commas++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}
