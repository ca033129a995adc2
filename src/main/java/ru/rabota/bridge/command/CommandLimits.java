package ru.rabota.bridge.command;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import ru.rabota.bridge.api.Utf8;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.properties.ByteSize;

/**
 * What the bundle accepts as a command value on Kafka, before any handler sees it: a value (no tombstone) of at most
 * {@code maxValueBytes}, strict UTF-8, JSON nested at most {@code maxDepth} levels, no string or field name longer
 * than {@code maxFieldLength} characters or with an unpaired surrogate, no number with more digits than
 * {@link CommandNumbers} allows, no field given twice. A value outside these limits is a
 * {@link MalformedCommandException} (a dead letter) whose message names the limit and the value's size.
 */
public final class CommandLimits {

    public static final String MAX_VALUE = "bridge.commands.max-value";
    public static final String MAX_DEPTH = "bridge.commands.max-depth";
    public static final String MAX_FIELD = "bridge.commands.max-field";

    /** Jackson's default, named here for the message: a number's digits are bounded by {@link CommandNumbers}. */
    private static final int MAX_NUMBER_LENGTH = 1000;

    private final int maxValueBytes;
    private final int maxDepth;
    private final int maxFieldLength;
    /**
     * The parser enforces the depth (a deep value never reaches a recursive reader) and the length of names, and
     * refuses a field given twice: Jackson keeps the last, while the dead letter's correlation reads the first.
     */
    private final JsonFactory factory;

    public CommandLimits(int maxValueBytes, int maxDepth, int maxFieldLength) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException(MAX_DEPTH + " must be at least 1, not " + maxDepth);
        }
        this.maxValueBytes = maxValueBytes;
        this.maxDepth = maxDepth;
        this.maxFieldLength = maxFieldLength;
        this.factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth).maxNameLength(maxFieldLength).maxNumberLength(MAX_NUMBER_LENGTH)
                        .build()).build();
    }

    /**
     * The record's value as text, without a leading UTF-8 byte order mark.
     *
     * @throws MalformedCommandException for a tombstone, a value above {@code maxValueBytes} or bytes that are not
     *                                   UTF-8
     */
    public String decode(byte[] value) {
        if (value == null) {
            throw new MalformedCommandException("a tombstone (a record without value) is not a command");
        }
        if (value.length > maxValueBytes) {
            throw new MalformedCommandException("the value has " + ByteSize.format(value.length)
                    + " bytes, more than the " + ByteSize.format(maxValueBytes) + " of " + MAX_VALUE);
        }
        // RFC 8259 lets a reader ignore a byte order mark, which some producers (.NET's UTF-8 encoder) write
        int bom = hasBom(value) ? 3 : 0;
        ByteBuffer bytes = ByteBuffer.wrap(value, bom, value.length - bom);
        try {
            return Utf8.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new MalformedCommandException("not UTF-8: malformed bytes at byte " + bytes.position() + " of "
                    + ByteSize.format(value.length));
        }
    }

    static boolean hasBom(byte[] value) {
        return value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF;
    }

    /**
     * Reads the text as JSON with the reader's settings, within the depth and field limits.
     *
     * @throws MalformedCommandException when it is not JSON or exceeds a limit
     */
    public JsonNode read(String text, ObjectReader reader) {
        JsonNode tree;
        try {
            tree = reader.with(factory).readTree(text);
        } catch (StreamConstraintsException e) {
            throw constraint(e, "; the value has " + ByteSize.format(text.length()) + " characters");
        } catch (JsonProcessingException e) {
            throw CommandJson.notJson(e);
        }
        problem(tree, "").ifPresent(problem -> {
            throw new MalformedCommandException(problem + "; the value has " + ByteSize.format(text.length())
                    + " characters");
        });
        return tree;
    }

    /** Which of the parser's constraints the value broke: Jackson names it by its getter only. */
    private MalformedCommandException constraint(StreamConstraintsException e, String size) {
        String message = e.getMessage();
        if (message.contains("getMaxNestingDepth")) {
            return new MalformedCommandException("JSON nested deeper than the " + maxDepth + " levels of " + MAX_DEPTH
                    + size);
        }
        if (message.contains("getMaxNameLength")) {
            return new MalformedCommandException("a field name longer than the " + ByteSize.format(maxFieldLength)
                    + " characters of " + MAX_FIELD + size);
        }
        if (message.contains("getMaxNumberLength")) {
            return new MalformedCommandException("a number longer than the " + ByteSize.format(MAX_NUMBER_LENGTH)
                    + " characters the parser reads" + size);
        }
        return CommandJson.notJson(e);
    }

    /**
     * {@code job.title: 70,000 characters is longer than ...}, the first string longer than the limit or number with
     * too many digits ({@link CommandNumbers}); recursion is bounded by depth.
     */
    private Optional<String> problem(JsonNode node, String path) {
        if (node.isTextual()) {
            int length = node.textValue().length();
            return length > maxFieldLength
                    ? Optional.of(field(path) + ": " + ByteSize.format(length) + " characters is longer than the "
                            + ByteSize.format(maxFieldLength) + " characters of " + MAX_FIELD)
                    : unwritable(node.textValue()).map(at -> field(path) + ": " + at);
        }
        if (node.isNumber()) {
            return CommandNumbers.problem(field(path), node);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String propertyPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                Optional<String> found = unwritable(property.getKey())
                        .map(at -> field(propertyPath) + ": its name's " + at)
                        .or(() -> problem(property.getValue(), propertyPath));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            Optional<String> found = problem(node.get(i), path + "[" + i + "]");
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * {@code character 2 is an unpaired surrogate (U+D800)}, as JSON's escape of half a pair makes: Kafka's UTF-8
     * writes it as "?", so two ids that differ by it become one after a restart. Or {@code character 5 is a control
     * character (U+0007)}: a NUL, a bell or an escape (JSON's \u0000) was published in a title as it came; a tab and
     * a line break are text.
     */
    private static Optional<String> unwritable(String text) {
        int at = Utf8.unpairedSurrogate(text);
        if (at >= 0) {
            return Optional.of(String.format(Locale.ROOT, "character %,d is an unpaired surrogate (U+%04X)", at + 1,
                    (int) text.charAt(at)));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' && c != '\t' && c != '\n' && c != '\r' || c == '\u007f') {
                return Optional.of(String.format(Locale.ROOT, "character %,d is a control character (U+%04X)", i + 1,
                        (int) c));
            }
        }
        return Optional.empty();
    }

    private static String field(String path) {
        return LogText.cut(path.isEmpty() ? "the value" : path);
    }
}
