package ru.rabota.bridge.feed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Feed files for tests: written with a given charset, read back row by row, or generated large. */
final class Feeds {

    static final String HEADER = "external_id;title;description;lat;long;address;profession_id;salary_from;remote";

    private Feeds() {
    }

    static Path write(Path dir, String name, String text, Charset charset) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(charset));
    }

    static Path writeUtf8WithBom(Path dir, String name, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        return Files.write(dir.resolve(name), bytes);
    }

    static List<FeedRow> readAll(Path file, Charset forcedCharset) throws IOException {
        List<FeedRow> rows = new ArrayList<>();
        try (FeedReader reader = FeedReader.open(file, forcedCharset)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** A windows-1251 {@code ;} feed of valid rows, written line by line. */
    static Path generate(Path file, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, FeedFormat.WINDOWS_1251)) {
            out.write(HEADER);
            out.newLine();
            for (int i = 1; i <= rows; i++) {
                out.write("HR-" + i + ";Повар " + i + ";\"Горячий цех; смена " + i % 12 + " часов\";55,75;37,61;"
                        + "\"Москва, Тверская ул., " + i + "\";85;" + (40000 + i % 1000) + ";" + (i % 2 == 0 ? "да" : "нет"));
                out.newLine();
            }
        }
        return file;
    }

    /** Reads a feed in a JVM of its own: {@code java ... Feeds <file>} prints the readable rows and the last origin. */
    public static void main(String[] args) throws IOException {
        long readable = 0;
        String lastOrigin = null;
        try (FeedReader reader = FeedReader.open(Path.of(args[0]), null)) {
            while (reader.hasNext()) {
                FeedRow row = reader.next();
                readable += row.readable() ? 1 : 0;
                lastOrigin = row.origin();
            }
        }
        System.out.println(readable + " " + lastOrigin);
    }
}
