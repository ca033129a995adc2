package ru.rabota.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal {@code multipart/form-data} reader, because the JDK has none: the body is split on the boundary and
 * each part keeps its name, file name, content type and bytes. Enough for a simulator's uploads; no nested
 * multiparts, no Content-Transfer-Encoding, no streaming.
 */
public record MultipartForm(List<Part> parts) {

    public record Part(String name, String fileName, String contentType, byte[] content) {

        public boolean isFile() {
            return fileName != null;
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern DISPOSITION = Pattern.compile("(?i)(?:^|;)\\s*(name|filename)=\"([^\"]*)\"");

    /** Parses a body; empty when the content type is not multipart or names no boundary. */
    public static Optional<MultipartForm> parse(String contentType, byte[] body) {
        Matcher boundary = contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
                ? null : BOUNDARY.matcher(contentType);
        if (boundary == null || !boundary.find()) {
            return Optional.empty();
        }
        String delimiter = "--" + (boundary.group(1) != null ? boundary.group(1) : boundary.group(2));
        // ISO-8859-1 maps every byte to one char, so string positions are byte positions
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = text.indexOf(delimiter);
        while (at >= 0 && !text.startsWith("--", at + delimiter.length())) {
            int headersStart = text.indexOf("\r\n", at) + 2;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = headersEnd < 0 ? -1 : text.indexOf("\r\n" + delimiter, headersEnd + 4);
            if (headersStart < 2 || next < 0) {
                break;
            }
            parts.add(part(text.substring(headersStart, headersEnd), Arrays.copyOfRange(body, headersEnd + 4, next)));
            at = next + 2;
        }
        return Optional.of(new MultipartForm(List.copyOf(parts)));
    }

    /** Every part with this name, in order (repeated fields such as {@code job_ids[]}). */
    public List<Part> all(String name) {
        return parts.stream().filter(p -> name.equals(p.name())).toList();
    }

    public Optional<Part> first(String name) {
        return parts.stream().filter(p -> name.equals(p.name())).findFirst();
    }

    private static Part part(String headerBlock, byte[] content) {
        String name = null;
        String fileName = null;
        String contentType = null;
        for (String line : headerBlock.split("\r\n")) {
            String header = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                Matcher m = DISPOSITION.matcher(header.substring(header.indexOf(':') + 1));
                while (m.find()) {
                    if (m.group(1).equalsIgnoreCase("name")) {
                        name = m.group(2);
                    } else {
                        fileName = m.group(2);
                    }
                }
            } else if (lower.startsWith("content-type:")) {
                contentType = header.substring(header.indexOf(':') + 1).trim();
            }
        }
        return new Part(name, fileName, contentType, content);
    }
}
