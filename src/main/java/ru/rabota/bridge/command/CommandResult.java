package ru.rabota.bridge.command;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * The command result of CONTRACT.md section 3: {@code event}, {@code request_id}, {@code outcome}, {@code detail},
 * {@code response}, written in that order with every key present, plus {@code results} (one per paid action) and the
 * command's own ids where they apply. {@code event} names what the result answers ({@code vas.result}, ...), so
 * that the {@code bridge-event} header has a value like every other output record.
 */
public final class CommandResult {

    /** How a command ended. */
    public enum Outcome {
        /** Done as asked. */
        OK,
        /** Refused by the bundle's own checks or limits, or by the API (4xx): repeating it changes nothing. */
        REJECTED,
        /** Not done, or not known to be done. */
        FAILED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private CommandResult() {
    }

    /**
     * A result whose {@code results} is empty: no paid actions, but the contract's shape has the member (a reader may
     * take every member for present). {@code response} is null until set.
     */
    public static ObjectNode of(String event, String requestId, Outcome outcome, String detail) {
        return build(event, requestId, outcome, null, detail);
    }

    /** The same with {@code results} before {@code detail}, for paid actions. */
    public static ObjectNode withResults(String event, String requestId, Outcome outcome, ArrayNode results,
            String detail) {
        return build(event, requestId, outcome, results, detail);
    }

    private static ObjectNode build(String event, String requestId, Outcome outcome, ArrayNode results,
            String detail) {
        ObjectNode result = BridgeJson.MAPPER.createObjectNode();
        result.put("event", event);
        result.put("request_id", requestId);
        result.put("outcome", outcome.value());
        result.set("results", results != null ? results : result.arrayNode());
        result.put("detail", LogText.detail(detail));
        result.putNull("response");
        return result;
    }

    /**
     * The failure a {@code doCatch} caught when it is the API refusing the command (a 4xx that no retry mends): the
     * command is {@code rejected} with the API's detail. Anything else (retries ran out, credentials refused) is
     * thrown again, so that the record becomes a dead letter and can be replayed later.
     */
    public static ApiException refusal(Exchange exchange) {
        ApiException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        if (!failure.refusesRequest()) {
            throw failure.copy();
        }
        return failure;
    }

    public static String outcome(JsonNode result) {
        return result.path("outcome").asText();
    }

    /**
     * The result as a record of its results topic, counted once written in
     * {@code bridge_command_results_total{topic,outcome}}.
     *
     * @param correlationId the command's request_id, or null
     */
    public static OutputRecord record(Topic topic, String key, JsonNode result, String correlationId,
            BridgeMeters meters) {
        return new OutputRecord(topic, key, result.toString(), result.path("event").asText(), correlationId,
                meters.commandResults(topic.baseName(), outcome(result)));
    }
}
