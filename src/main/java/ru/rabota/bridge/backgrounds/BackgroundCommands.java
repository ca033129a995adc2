package ru.rabota.bridge.backgrounds;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.json.BridgeJson;

/**
 * The steps of route {@code backgrounds-command} (bean {@code backgroundCommands}), for
 * {@code {"command":"delete_background","request_id":"d-1","external_ids":["HR-1"],"job_ids":["39085"]}} or
 * {@code {"command":"delete_background","user":true}} (the API user's own background: never implied by an empty
 * list, and never together with jobs, which VK would take as jobs only). {@code DELETE /background} answers the backgrounds it removed; each target gets a result on
 * {@code rabota.backgrounds.results} ({@value BackgroundResults#DELETE_EVENT}), keyed by external_id, job id or
 * {@code user}. The results are left as the body, a list.
 */
public final class BackgroundCommands {

    /** Property: the targets VK is asked about; set when there are any. */
    public static final String TARGETS = "bridgeBackgroundTargets";
    /** Property: the command's request_id, null without one. */
    public static final String REQUEST_ID = "bridgeBackgroundRequestId";
    /** Property: the results decided before calling (unknown external ids). */
    static final String RESULTS = "bridgeBackgroundResults";
    static final String ORIGIN = "kafka";

    private final JobState jobIds;

    public BackgroundCommands(JobState jobIds) {
        this.jobIds = jobIds;
    }

    /** @throws ru.rabota.bridge.command.MalformedCommandException when the record is no command at all */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        CommandJson json = CommandJson.parse(message.getBody(String.class));
        // none: the results have none either (the contract's correlation id is the command's own)
        String requestId = json.text("request_id");
        exchange.setProperty(REQUEST_ID, requestId);
        String command = json.text("command");
        ArrayNode results = BridgeJson.MAPPER.createArrayNode();
        List<BackgroundTarget> targets = new ArrayList<>();
        if (!"delete_background".equals(command)) {
            results.add(BackgroundResults.unnamed(BackgroundResults.DELETE_EVENT, requestId, ORIGIN,
                    "command: " + (command == null ? "missing" : "\"" + command + "\"")
                            + ", delete_background expected"));
        } else {
            json.texts("external_ids").forEach(id -> targets.add(new BackgroundTarget(id, jobIds.get(id).map(JobRecord::jobId).orElse(null))));
            json.texts("job_ids").forEach(id -> targets.add(new BackgroundTarget(null, id)));
            boolean user = Boolean.TRUE.equals(json.flag("user"));
            if (user && !targets.isEmpty()) {
                results.add(BackgroundResults.unnamed(BackgroundResults.DELETE_EVENT, requestId, ORIGIN,
                        "\"user\": true and jobs in one command: send two"));
                targets.clear();
            } else if (user) {
                targets.add(BackgroundTarget.USER);
            } else if (targets.isEmpty()) {
                results.add(BackgroundResults.unnamed(BackgroundResults.DELETE_EVENT, requestId, ORIGIN,
                        "names nothing to delete: external_ids, job_ids, or \"user\": true for the user's own"
                                + " background"));
            }
        }
        targets.stream().filter(target -> !target.user() && target.jobId() == null)
                .forEach(target -> results.add(BackgroundResults.result(BackgroundResults.DELETE_EVENT, requestId,
                        ORIGIN, target, Outcome.REJECTED, "external_id \"" + target.externalId()
                                + "\" is no job the bundle published")));
        targets.stream().filter(target -> target.jobIdViolation() != null)
                .forEach(target -> results.add(BackgroundResults.result(BackgroundResults.DELETE_EVENT, requestId,
                        ORIGIN, target, Outcome.REJECTED, target.jobIdViolation())));
        List<BackgroundTarget> called = targets.stream().filter(BackgroundTarget::callable).toList();
        exchange.setProperty(RESULTS, results);
        message.setBody(results);
        if (called.isEmpty()) {
            return;
        }
        exchange.setProperty(TARGETS, called);
        ObjectNode body = BridgeJson.MAPPER.createObjectNode();
        called.stream().filter(target -> !target.user()).forEach(target -> body.withArray("job_ids").add(target.jobId()));
        message.removeHeader(ApiHeaders.QUERY);
        message.setBody(body);
    }

    /** Body: VK's answer. Leaves every result as the body. */
    public ArrayNode deleted(Exchange exchange) {
        ArrayNode results = exchange.getProperty(RESULTS, ArrayNode.class).deepCopy();
        results.addAll(BackgroundResults.of(BackgroundResults.DELETE_EVENT, requestId(exchange), ORIGIN,
                targets(exchange), exchange.getMessage().getBody(JsonNode.class)));
        return results;
    }

    /** In a doCatch: VK refused (rejected for every target), or the failure propagates (dead letter). */
    public ArrayNode refused(Exchange exchange) {
        String detail = CommandResult.refusal(exchange).detail();
        ArrayNode results = exchange.getProperty(RESULTS, ArrayNode.class).deepCopy();
        targets(exchange).forEach(target -> results.add(BackgroundResults.result(BackgroundResults.DELETE_EVENT,
                requestId(exchange), ORIGIN, target, Outcome.REJECTED, detail)));
        return results;
    }

    @SuppressWarnings("unchecked")
    private static List<BackgroundTarget> targets(Exchange exchange) {
        return exchange.getProperty(TARGETS, List.class);
    }

    private static String requestId(Exchange exchange) {
        return exchange.getProperty(REQUEST_ID, String.class);
    }
}
