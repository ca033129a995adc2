package ru.rabota.bridge.command;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.json.BridgeJson;

/**
 * Reads a command's JSON field by field and tells malformed input from invalid content: a value of the wrong type
 * throws {@link MalformedCommandException} (the record goes to the dead-letter topic), while a well-typed value the
 * API would refuse is returned for the caller to judge (the command is {@code rejected}). Ids may be strings or
 * whole numbers ({@code "5657"} or {@code 5657}); absent and {@code null} read alike.
 */
public final class CommandJson {

    /** Reads a command (or the bundle's own state) as one JSON value: text after it is an error, not ignored. */
    public static final ObjectReader READER = BridgeJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final int SHOWN_VALUE_LENGTH = 100;
    /** Jackson's place in its message: {@code [Source: REDACTED (...); line: 1, column: 34]}. */
    private static final Pattern SOURCE_AT = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]");

    private final ObjectNode tree;
    private final String path;

    private CommandJson(ObjectNode tree, String path) {
        this.tree = tree;
        this.path = path;
    }

    /**
     * {@code not JSON: Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1)}:
     * Jackson's words, where it names a place without its {@code [Source: REDACTED (...) ...]} (the source is never
     * included: a command may hold personal data).
     */
    static MalformedCommandException notJson(JsonProcessingException e) {
        return new MalformedCommandException("not JSON: "
                + SOURCE_AT.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2"));
    }

    /** @throws MalformedCommandException when the text is not a JSON object */
    public static CommandJson parse(String text) {
        JsonNode tree;
        try {
            tree = READER.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedCommandException("not a JSON object: " + shown(tree));
        }
        return new CommandJson((ObjectNode) tree, "");
    }

    /**
     * The top-level {@code request_id} of a record that is no command (bad types, a field over its limit, broken
     * JSON after it), for its dead letter's correlation header: read token by token, nested values skipped, so a
     * value the limits refused is not built into a tree; null when there is none before the JSON breaks.
     */
    public static String requestId(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = BridgeJson.MAPPER.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("request_id".equals(field)) {
                    return token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                            ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    public ObjectNode tree() {
        return tree;
    }

    public boolean has(String field) {
        return !value(field).isNull();
    }

    /** Field names present with a value. */
    public List<String> fields() {
        List<String> names = new ArrayList<>();
        tree.properties().forEach(field -> {
            if (!field.getValue().isNull()) {
                names.add(field.getKey());
            }
        });
        return names;
    }

    /** A string or a whole number as text; null when absent. */
    public String text(String field) {
        return text(value(field), field);
    }

    /** A whole number (also given as a string of digits); null when absent. */
    public Long whole(String field) {
        JsonNode value = value(field);
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual() || value.isIntegralNumber()) {
            try {
                return Long.valueOf(value.asText().trim());
            } catch (NumberFormatException e) {
                // no digits, or more than a long holds: named below
            }
        }
        throw wrongType(field, value, "a whole number");
    }

    /** A number (also given as a string); null when absent. */
    public BigDecimal number(String field) {
        JsonNode value = value(field);
        if (value.isNull()) {
            return null;
        }
        try {
            return CommandNumbers.bounded(qualified(field),
                    value.isNumber() ? value.decimalValue() : new BigDecimal(text(value, field).trim()));
        } catch (NumberFormatException e) {
            throw wrongType(field, value, "a number");
        }
    }

    /** true/false, or 1/0 as the API's flags are written; null when absent. */
    public Boolean flag(String field) {
        JsonNode value = value(field);
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.isValueNode() ? value.asText() : "";
        if (text.equals("1") || text.equals("0")) {
            return text.equals("1");
        }
        throw wrongType(field, value, "true, false, 1 or 0");
    }

    /** An array of strings or whole numbers (no null among them), or a single one; empty when absent. */
    public List<String> texts(String field) {
        JsonNode value = value(field);
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> {
                if (item.isNull()) {
                    // an id of null, which the handlers would take for one
                    throw wrongType(field + "[]", item, "a string");
                }
                texts.add(text(item, field + "[]"));
            });
        } else if (!value.isNull()) {
            texts.add(text(value, field));
        }
        return texts;
    }

    /** An object field; an empty one when absent. */
    public CommandJson object(String field) {
        JsonNode value = value(field);
        if (value.isNull()) {
            return new CommandJson(BridgeJson.MAPPER.createObjectNode(), qualified(field) + ".");
        }
        if (!value.isObject()) {
            throw wrongType(field, value, "an object");
        }
        return new CommandJson((ObjectNode) value, qualified(field) + ".");
    }

    /** The objects of an array field; empty when absent. */
    public List<CommandJson> objects(String field) {
        JsonNode value = value(field);
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType(field, value, "an array");
        }
        List<CommandJson> objects = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw wrongType(field + "[" + i + "]", item, "an object");
            }
            objects.add(new CommandJson((ObjectNode) item, qualified(field) + "[" + i + "]."));
        }
        return objects;
    }

    private JsonNode value(String field) {
        JsonNode value = tree.get(field);
        return value == null ? NullNode.instance : value;
    }

    private String text(JsonNode value, String field) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        throw wrongType(field, value, "a string");
    }

    private MalformedCommandException wrongType(String field, JsonNode value, String expected) {
        return new MalformedCommandException(qualified(field) + ": " + shown(value) + " is not " + expected);
    }

    private String qualified(String field) {
        return path + field;
    }

    /** A value as an error names it: its JSON, cut to its first 100 characters ({@code nothing} when missing). */
    public static String shown(JsonNode value) {
        String text = value == null || value.isMissingNode() ? "nothing" : value.toString();
        return text.length() <= SHOWN_VALUE_LENGTH ? text : text.substring(0, SHOWN_VALUE_LENGTH) + "...";
    }
}
