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
 * then its result. Written and read here alone, so that an intent a crash left is read back as it was written. Each
 * names what it counts in its day's spend ({@link #SPEND}, which {@link SpendLedger} sums): an intent its reservation,
 * a result what VK charged.
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
    /**
     * What the entry counts in a day's spend: {@code {"day": "2026-01-02", "charges": [{"action": ..., "price": ...}]}}.
     * Absent from a refusal's result, and from entries written before the day was summed from them (that day's
     * total, {@code day:<date>}, counts those).
     */
    private static final String SPEND = "spend";

    private RequestEntry() {
    }

    /** The intent of an admitted command: the day and the charges it reserved, to settle against after a stop. */
    static String intent(Instant now, String day, List<Charge> charges, boolean repeatable) {
        ObjectNode intent = BridgeJson.MAPPER.createObjectNode().put("state", "pending")
                .put("started_at", now.toString()).put(DAY, day).put(REPEATABLE, repeatable)
                .put(ADMISSION, UUID.randomUUID().toString());
        write(charges, intent.putArray(CHARGES));
        return spending(intent, day, charges).toString();
    }

    /** The same intent, day and charges, as the admission of a process that takes the command up again. */
    static String admittedAgain(JsonNode intent) {
        return ((ObjectNode) intent.deepCopy()).put(ADMISSION, UUID.randomUUID().toString()).toString();
    }

    /** The result of a command that was not admitted: it counts nothing. */
    static String done(ObjectNode result) {
        return result(result).toString();
    }

    /** The result of an admitted command, counting {@code spent} in its day. */
    static String done(ObjectNode result, String day, List<Charge> spent) {
        return spending(result(result), day, spent).toString();
    }

    /** The result, counting what the entry it replaces counted (an intent's reservation, its outcome unknown). */
    static String done(ObjectNode result, Optional<String> replaced) {
        ObjectNode entry = result(result);
        replaced.map(RequestEntry::read).map(earlier -> earlier.get(SPEND)).filter(JsonNode::isObject)
                .ifPresent(spend -> entry.set(SPEND, spend));
        return entry.toString();
    }

    /** What a run that is forgotten spent (an earlier attempt may have bought), kept apart from its request. */
    static String spentAlone(String day, List<Charge> spent) {
        return spending(BridgeJson.MAPPER.createObjectNode().put("state", "forgotten"), day, spent).toString();
    }

    /**
     * The entry rewritten without the candidates' contact data its result carries ({@link ContactData}: a result an
     * earlier version recorded), all else as it was; empty when it carries none.
     */
    static Optional<String> withoutContactData(String json) {
        JsonNode entry = read(json);
        return result(entry).filter(ContactData::carried).map(result -> {
            ObjectNode kept = entry.deepCopy();
            kept.set("result", ContactData.removed(result));
            return kept.toString();
        });
    }

    /** What an entry counts in its day's spend; empty when it counts nothing. */
    static Optional<SpendLedger.Counted> spend(String json) {
        JsonNode spend = read(json).path(SPEND);
        return spend.path(DAY).isTextual() ? charges(spend.path(CHARGES))
                .map(charges -> new SpendLedger.Counted(json, spend.path(DAY).asText(), charges)) : Optional.empty();
    }

    /** A result as the entry keeps it: without the candidates' contact data ({@link ContactData}). */
    private static ObjectNode result(ObjectNode result) {
        ObjectNode entry = BridgeJson.MAPPER.createObjectNode().put("state", "done");
        entry.set("result", ContactData.removed(result));
        return entry;
    }

    private static ObjectNode spending(ObjectNode entry, String day, List<Charge> charges) {
        ObjectNode spend = entry.putObject(SPEND).put(DAY, day);
        write(charges, spend.putArray(CHARGES));
        return entry;
    }

    private static void write(List<Charge> charges, ArrayNode into) {
        charges.forEach(charge -> into.addObject().put("action", charge.action().code()).put("price", charge.price()));
    }

    /** The charges listed; empty when one is unreadable. */
    private static Optional<List<Charge>> charges(JsonNode charges) {
        if (!charges.isArray()) {
            return Optional.empty();
        }
        List<Charge> read = new ArrayList<>();
        for (JsonNode charge : charges) {
            Optional<VasCode> action = VasCode.of(charge.path("action").asText());
            if (action.isEmpty() || !charge.path("price").isNumber()) {
                return Optional.empty();
            }
            read.add(new Charge(action.get(), charge.path("price").decimalValue()));
        }
        return Optional.of(List.copyOf(read));
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
        if (!intent.path(DAY).isTextual()) {
            return Optional.empty();
        }
        return charges(intent.path(CHARGES)).map(reserved -> new SpendingGuard.Admitted(requestId,
                intent.path(DAY).asText(), reserved, sentMaybe));
    }
}
