package ru.rabota.bridge.vas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;

/**
 * The value under {@code request:<request_id>} in the {@code vasState} store: the intent of an admitted paid command,
 * then its result. Written and read here alone, so that an intent a crash left is read back as it was written.
 */
final class RequestEntry {

    /** Fields of an intent: the Moscow day its reservation counts in, and the charges reserved. */
    private static final String DAY = "day";
    private static final String CHARGES = "charges";
    /** Whether the intent's call may be sent again after a run that never recorded its result (a phone read). */
    private static final String REPEATABLE = "repeatable";
    /**
     * Which admission the intent is, a token of its own for each: written again by a process that takes the command
     * up again, so that the run admitted before, if it still goes on elsewhere, no longer finds its own intent.
     */
    private static final String ADMISSION = "admission";

    private RequestEntry() {
    }

    /** The intent of an admitted command: the day and the charges it reserved, to settle against after a stop. */
    static String intent(Instant now, String day, List<Charge> charges, boolean repeatable) {
        ObjectNode intent = BridgeJson.MAPPER.createObjectNode().put("state", "pending")
                .put("started_at", now.toString()).put(DAY, day).put(REPEATABLE, repeatable)
                .put(ADMISSION, UUID.randomUUID().toString());
        ArrayNode reserved = intent.putArray(CHARGES);
        charges.forEach(charge -> reserved.addObject().put("action", charge.action().code())
                .put("price", charge.price()));
        return intent.toString();
    }

    /** The same intent, day and charges, as the admission of a process that takes the command up again. */
    static String admittedAgain(JsonNode intent) {
        return ((ObjectNode) intent.deepCopy()).put(ADMISSION, UUID.randomUUID().toString()).toString();
    }

    static String done(ObjectNode result) {
        ObjectNode entry = BridgeJson.MAPPER.createObjectNode().put("state", "done");
        entry.set("result", result);
        return entry.toString();
    }

    static JsonNode read(String json) {
        try {
            return CommandJson.READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable request in the vas state: " + e.getOriginalMessage(), e);
        }
    }

    /** The recorded result; empty for an intent. */
    static Optional<ObjectNode> result(JsonNode entry) {
        return entry.path("result").isObject() ? Optional.of((ObjectNode) entry.path("result")) : Optional.empty();
    }

    static boolean repeatable(JsonNode intent) {
        return intent.path(REPEATABLE).asBoolean();
    }

    /**
     * The admission an intent without result recorded, admitted again: its day and the charges reserved then, which
     * that day still counts. Empty for an intent that names none (written before intents kept them).
     *
     * @param sentMaybe whether the run that admitted it may have sent its call ({@link SpendingGuard.Admitted#again})
     */
    static Optional<SpendingGuard.Admitted> reservation(String requestId, JsonNode intent, boolean sentMaybe) {
        JsonNode charges = intent.path(CHARGES);
        if (!charges.isArray() || !intent.path(DAY).isTextual()) {
            return Optional.empty();
        }
        List<Charge> reserved = new ArrayList<>();
        for (JsonNode charge : charges) {
            Optional<VasCode> action = VasCode.of(charge.path("action").asText());
            if (action.isEmpty() || !charge.path("price").isNumber()) {
                return Optional.empty();
            }
            reserved.add(new Charge(action.get(), charge.path("price").decimalValue()));
        }
        return Optional.of(new SpendingGuard.Admitted(requestId, intent.path(DAY).asText(), List.copyOf(reserved),
                sentMaybe));
    }
}
