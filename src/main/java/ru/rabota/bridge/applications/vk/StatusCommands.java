package ru.rabota.bridge.applications.vk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.applications.StatusCommandTarget;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.vk.VkApi;

/**
 * The steps of route {@code vk-status-command} (bean {@code statusCommands}): a status command for VK Работа
 * ({@link StatusCommandTarget}) such as {@code {"application_id":"1","status":"invited","request_id":"r-1"}} becomes
 * {@code POST /applications/<id>/proceed}. The status is checked against the document's set first;
 * VK's refusal (404 unknown application, 422 "Неизвестный статус") is a {@code rejected} result with VK's detail.
 * The result ({@value StatusCommandTarget#RESULT_EVENT}, keyed by application id) carries the application as VK returned it, and the change
 * is emitted as the application's event on {@code rabota.applications}, once.
 */
public final class StatusCommands {

    /** The statuses of the Application model. */
    public static final List<String> STATUSES = List.of("unread", "declined", "read", "selected", "improper",
            "rejected", "invited", "reserved", "missed", "closed");
    /** Property: the command being carried out. */
    public static final String COMMAND = "bridgeStatusCommand";

    /**
     * A valid status command.
     *
     * @param askedAt before the call: the answer's snapshot counts as seen then, so that a poll that read the
     *                application after VK carried out the call (and a person moved it on) is not turned back
     */
    public record StatusCommand(StatusCommandTarget target, String status, String requestId, Instant askedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatusCommands.class);

    private final ApplicationPublisher publisher;
    private final JobState jobState;

    /** @param jobState VK Работа's job records, for the external_id of the application's job */
    public StatusCommands(ApplicationPublisher publisher, JobState jobState) {
        this.publisher = publisher;
        this.jobState = jobState;
    }

    /** Reads the command of {@link StatusCommandTarget}; an invalid one leaves its rejected result in the body. */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        StatusCommandTarget target = exchange.getProperty(StatusCommandTarget.PROPERTY, StatusCommandTarget.class);
        String applicationId = target.applicationId();
        String status = target.command().text("status");
        StatusCommand command = new StatusCommand(target, status, target.command().text("request_id"),
                Instant.now());
        List<String> violations = new ArrayList<>();
        if (applicationId == null || !applicationId.matches("\\d{1,18}")) {
            violations.add("application_id: " + (applicationId == null ? "missing" : "\"" + target.given()
                    + "\" is no application id"));
        }
        if (status == null || !STATUSES.contains(status)) {
            violations.add("status: " + (status == null ? "missing, one of " : "\"" + status + "\" is not one of ")
                    + STATUSES);
        }
        if (!violations.isEmpty()) {
            message.setBody(target.result(Outcome.REJECTED, String.join("; ", violations)));
            return;
        }
        exchange.setProperty(COMMAND, command);
        message.setHeader(VkApi.APPLICATION_ID, applicationId);
        message.removeHeader(ApiHeaders.QUERY);
        ObjectNode body = BridgeJson.MAPPER.createObjectNode();
        body.putObject("application").put("status", status);
        message.setBody(body);
    }

    /**
     * Body: VK's answer, the application with its candidate. Emits the application's event at once, through the
     * poller's publisher: its state then holds the new status, so no poll emits it a second time.
     */
    public void proceeded(Exchange exchange) {
        StatusCommand command = exchange.getProperty(COMMAND, StatusCommand.class);
        ObjectNode application = JsonApi.page(exchange.getMessage().getBody(JsonNode.class)).first()
                .orElseGet(BridgeJson.MAPPER::createObjectNode);
        if (application.hasNonNull("status")) {
            try {
                publisher.publish(List.of(VkApplicationRecords.snapshot(application, jobState.externalIdsByJobId(),
                        command.askedAt())), command.requestId(), Map.of());
            } catch (IllegalArgumentException unreadable) {
                // VK carried the command out: its result says so; the poll letters the application it cannot read
                LOG.debug("Status command {}: the answer's application is not emitted: {}", command.requestId(),
                        unreadable.getMessage());
            }
        }
        ObjectNode result = command.target().result(Outcome.OK, null);
        result.set("response", application);
        exchange.getMessage().setBody(result);
    }

    /** In a doCatch: VK refused the command (rejected), or the failure propagates. */
    public void refused(Exchange exchange) {
        StatusCommand command = exchange.getProperty(COMMAND, StatusCommand.class);
        exchange.getMessage().setBody(command.target().result(Outcome.REJECTED,
                CommandResult.refusal(exchange).detail()));
    }
}
