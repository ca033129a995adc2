package ru.rabota.bridge.jobs;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.command.CommandNumbers;
import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.command.UnknownFields;
import ru.rabota.bridge.json.BridgeJson;

/** Reads job commands, telling malformed input ({@link MalformedCommandException}) from content to validate. */
public final class JobCommandParser {

    // decimals as BigDecimal keep 55.350 as written, for pass-through attributes too
    private static final ObjectReader TREE = BridgeJson.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // "profession_id": 3.5 is a wrong type, not profession 3; so is "external_id": 1001.0 or true, where Jackson made
    // the text "1001.0" (a job that a later close with 1001 never finds); a whole number stays its digits, as other
    // commands read ids (CommandJson.text)
    private static final ObjectReader COMMAND = textOnlyFromTextOrWholeNumbers().readerFor(JobCommand.class)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private static final Map<Class<?>, String> EXPECTED = Map.of(BigDecimal.class, "a number",
            Integer.class, "an integer", int.class, "an integer", Boolean.class, "true or false",
            String.class, "a string", Job.class, "an object", JobCommand.class, "an object");

    /** A job command's fields as JSON names them: any other is read by nothing, and told of once. */
    private static final UnknownFields UNKNOWN = new UnknownFields("job commands",
            Arrays.stream(JobCommand.class.getRecordComponents())
                    .map(field -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(field.getName()))
                    .collect(Collectors.toSet()));

    private JobCommandParser() {
    }

    private static ObjectMapper textOnlyFromTextOrWholeNumbers() {
        ObjectMapper mapper = BridgeJson.MAPPER.copy();
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** @throws MalformedCommandException when the text is not a job command at all, or exceeds the limits */
    public static JobCommand parse(String json, CommandLimits limits) {
        return parse(limits.read(json, TREE));
    }

    /** @throws MalformedCommandException when the tree is not a job command at all */
    public static JobCommand parse(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new MalformedCommandException("not a JSON object: " + CommandJson.shown(tree));
        }
        JobCommand command;
        try {
            command = COMMAND.readValue(tree);
        } catch (JsonMappingException e) {
            throw new MalformedCommandException(wrongType(tree, e));
        } catch (IOException e) {
            throw new MalformedCommandException(e.getMessage());
        }
        require(command.command(), "command");
        require(command.externalId(), "external_id");
        UNKNOWN.check(tree);
        if (command.boards() != null && command.boards().contains(null)) {
            // a wrong type, not an unknown board: a board id of null has no event of its own to name it
            throw new MalformedCommandException("boards: " + CommandJson.shown(tree.get("boards"))
                    + " holds a null, not a board id");
        }
        if (command.job() != null) {
            // numbers written as text ("lat": "1e999999999") and a feed's cells are read into these, not the tree
            CommandNumbers.bounded("job.lat", command.job().lat());
            CommandNumbers.bounded("job.long", command.job().longitude());
            CommandNumbers.bounded("job.salary_from", command.job().salaryFrom());
            CommandNumbers.bounded("job.salary_to", command.job().salaryTo());
        }
        return command;
    }

    private static void require(String value, String field) {
        if (value == null) {
            throw new MalformedCommandException(field + ": missing");
        }
    }

    /** {@code job.lat: "abc" is not a number}, the value read back from the tree at the failing path. */
    private static String wrongType(JsonNode tree, JsonMappingException e) {
        String field = e.getPath().stream().map(JobCommandParser::pathElement).collect(Collectors.joining("."));
        String pointer = e.getPath().stream().map(r -> "/" + pathElement(r)).collect(Collectors.joining());
        JsonNode value = tree.at(JsonPointer.compile(pointer));
        return field + ": " + CommandJson.shown(value) + " is not " + expected(targetType(e));
    }

    /** A number out of its type's range (3000000000 for an int) is the parser's InputCoercionException, wrapped. */
    private static Class<?> targetType(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatched) {
            return mismatched.getTargetType();
        }
        return e.getCause() instanceof InputCoercionException outOfRange ? outOfRange.getTargetType() : null;
    }

    private static String expected(Class<?> type) {
        if (type != null && Collection.class.isAssignableFrom(type)) {
            // the one list of a command: its boards
            return "a list, e.g. [\"hh\"]";
        }
        return type != null && JsonNode.class.isAssignableFrom(type) ? "an object"
                : EXPECTED.getOrDefault(type, "of another type");
    }

    private static String pathElement(JsonMappingException.Reference reference) {
        return reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex());
    }
}
