package ru.rabota.bridge.applications;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;

/**
 * Which board a status command addresses (CONTRACT.md section 5), read by route {@code application-status-command}
 * ({@link #read}): the {@code application_id} may be an application event's key ({@code hh:123}, {@code vkrabota:1}),
 * or a bare id with {@code "source"}; a bare id without source means VK Работа, as before sources existed. The id may
 * also come only as the record's key.
 *
 * @param source        {@value #VKRABOTA} or {@value #HH}
 * @param applicationId the board's own id, without the source
 * @param given         {@code application_id} as the command gave it, which keys the result
 * @param command       the command's JSON
 */
public record StatusCommandTarget(String source, String applicationId, String given, CommandJson command) {

    public static final String VKRABOTA = "vkrabota";
    public static final String HH = "hh";
    public static final List<String> SOURCES = List.of(VKRABOTA, HH);
    /** Exchange property: the target of the command being carried out. */
    public static final String PROPERTY = "bridgeStatusTarget";
    /** The event of every status command's result. */
    public static final String RESULT_EVENT = "application.status_result";

    /** Header: the board of the command read, absent when it was rejected. */
    public static final String SOURCE = "bridgeApplicationSource";

    /**
     * Reads the command in the body: its source goes to header {@value #SOURCE}, the target to property
     * {@value #PROPERTY}; for an unknown or contradictory source the {@code rejected} result is left in the body.
     *
     * @throws ru.rabota.bridge.command.MalformedCommandException when the record is no JSON object or of wrong types
     */
    public static void read(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader(SOURCE);
        CommandJson json = CommandJson.parse(message.getBody(String.class));
        String given = json.text("application_id");
        if (given == null) {
            given = message.getHeader(KafkaConstants.KEY, String.class);
        }
        String source = json.text("source");
        String id = given;
        int colon = given == null ? -1 : given.indexOf(':');
        if (colon > 0) {
            String prefix = given.substring(0, colon);
            id = given.substring(colon + 1);
            if (source != null && !source.equals(prefix)) {
                message.setBody(result(given, json, Outcome.REJECTED, "source: \"" + source
                        + "\" contradicts application_id \"" + given + "\""));
                return;
            }
            source = prefix;
        }
        if (source == null) {
            source = VKRABOTA;
        }
        if (!SOURCES.contains(source)) {
            message.setBody(result(given, json, Outcome.REJECTED, "source: \"" + source + "\" is none of "
                    + SOURCES));
            return;
        }
        exchange.setProperty(PROPERTY, new StatusCommandTarget(source, id, given, json));
        message.setHeader(SOURCE, source);
    }

    /** A status command's result: keyed by {@code application_id} as the command gave it. */
    public ObjectNode result(Outcome outcome, String detail) {
        return result(given, command, outcome, detail);
    }

    private static ObjectNode result(String given, CommandJson command, Outcome outcome, String detail) {
        JsonNode statusGiven = command.tree().path("status");
        String status = statusGiven.isValueNode() && !statusGiven.isNull() ? statusGiven.asText() : null;
        return CommandResult.of(RESULT_EVENT, command.tree().path("request_id").asText(null), outcome, detail)
                .put("application_id", given).put("status", status);
    }
}
