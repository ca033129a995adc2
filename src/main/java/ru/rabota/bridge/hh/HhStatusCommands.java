package ru.rabota.bridge.hh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiForm;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.applications.StatusCommandTarget;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.log.LogText;

/**
 * The steps of route {@code hh-status-command} (bean {@code hhStatusCommands}), CONTRACT.md section 5: a status
 * command for an hh.ru negotiation, {@code {"application_id":"hh:123","status":"invitation","message":"..."}}.
 * The negotiation is read; its enabled action whose {@code id} or {@code resulting_employer_state.id} equals
 * {@code status} is called with its own {@code method} and {@code url} (on the API root only), the command's values
 * of the action's documented {@code arguments} going as a form. A 2015 answer, which has no {@code actions}, gets
 * {@code PUT /negotiations/{status}/{nid}} with {@code message}. What the bundle can tell beforehand (no such action,
 * a disabled one, a required argument missing) is {@code rejected} without calling; hh.ru's own refusal is
 * {@code rejected} with its {@code type: value}. After the call the negotiation is read back and its event emitted
 * through the poller's once-only publisher, so no poll repeats it.
 */
public final class HhStatusCommands {

    /** Property: the command being carried out. */
    public static final String COMMAND = "bridgeHhStatusCommand";
    /** Header: the negotiation id of {@code direct:hh-get-negotiation}. */
    public static final String NEGOTIATION_ID = "bridgeHhNegotiationId";
    /** Property: when {@code direct:hh-get-negotiation} was last asked for; its answer is no older. */
    public static final String ASKED_AT = "bridgeHhNegotiationAskedAt";
    /** Headers: method and path of {@code direct:hh-negotiation-action}. */
    public static final String ACTION_METHOD = "bridgeHhActionMethod";
    public static final String ACTION_PATH = "bridgeHhActionPath";
    /**
     * Property: the employer state the chosen action leads to, if it names one: an attempt repeated after an answer
     * that may have been acted on ({@link HhActedBefore}) looks for it first.
     */
    public static final String ACTION_STATE = "bridgeHhActionState";

    /** A status command that passed the checks made before reading the negotiation. */
    public record HhStatusCommand(StatusCommandTarget target, String status, String requestId) {
    }

    private final boolean enabled;
    private final HhLinks links;
    private final Supplier<ApplicationPublisher> publisher;
    private final UnaryOperator<String> externalJobIds;

    /**
     * @param enabled        {@code bridge.hh.enabled}: off, every command is rejected without a call (a token
     *                       missing then is no fault, and no ERROR line)
     * @param externalJobIds the customer's external_id of a vacancy the bundle published, by vacancy id
     */
    public HhStatusCommands(boolean enabled, HhLinks links, Supplier<ApplicationPublisher> publisher,
            UnaryOperator<String> externalJobIds) {
        this.enabled = enabled;
        this.links = links;
        this.publisher = publisher;
        this.externalJobIds = externalJobIds;
    }

    /**
     * Checks that hh.ru is enabled, then id and status; a valid command goes on to read its negotiation, an invalid
     * one leaves its result.
     */
    public void read(Exchange exchange) {
        StatusCommandTarget target = exchange.getProperty(StatusCommandTarget.PROPERTY, StatusCommandTarget.class);
        if (!enabled) {
            exchange.getMessage().setBody(target.result(Outcome.REJECTED,
                    "hh.ru is not enabled (bridge.hh.enabled=false)"));
            return;
        }
        String status = target.command().text("status");
        List<String> violations = new ArrayList<>();
        if (target.applicationId() == null || !target.applicationId().matches("\\d{1,18}")) {
            violations.add("application_id: " + (target.given() == null ? "missing"
                    : "\"" + target.given() + "\" is no hh.ru negotiation id"));
        }
        if (status == null || status.isBlank()) {
            violations.add("status: missing, an action id or employer state id of the negotiation");
        } else if (!status.matches("[A-Za-z0-9_-]{1,100}")) {
            violations.add("status: \"" + LogText.cut(status) + "\" is no hh.ru action or employer state id (letters,"
                    + " digits, _ and -)");
        }
        if (!violations.isEmpty()) {
            exchange.getMessage().setBody(target.result(Outcome.REJECTED, String.join("; ", violations)));
            return;
        }
        exchange.setProperty(COMMAND, new HhStatusCommand(target, status, target.command().text("request_id")));
        exchange.getMessage().setHeader(NEGOTIATION_ID, target.applicationId());
        exchange.getMessage().removeHeader(ApiHeaders.QUERY);
        exchange.setProperty(ASKED_AT, Instant.now());
    }

    /**
     * Body: the negotiation. Chooses the call and prepares it (headers, form body), or leaves the rejected result
     * in the body and removes the command property.
     */
    public void chooseAction(Exchange exchange) {
        HhStatusCommand command = exchange.getProperty(COMMAND, HhStatusCommand.class);
        JsonNode negotiation = exchange.getMessage().getBody(JsonNode.class);
        String nid = command.target().applicationId();
        Message message = exchange.getMessage();
        if (!negotiation.has("actions")) {
            // the 2015 edition: the status names the collection to move the negotiation to
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("message", command.target().command().text("message"));
            prepare(message, "PUT", "/negotiations/" + command.status() + "/" + nid, Map.of(), form);
            return;
        }
        if (command.status().equals(negotiation.path("employer_state").path("id").asText(null))) {
            // there already (a command read again after its answer was lost, or sent twice): nothing to call
            acted(exchange);
            exchange.removeProperty(COMMAND);
            return;
        }
        Optional<JsonNode> chosen = HhActions.choose(negotiation.path("actions"), command.status());
        ObjectNode given = HhActions.given(command.target().command(), negotiation);
        String refusal = chosen.isEmpty() ? HhActions.unknown(negotiation.path("actions"), command.status(), nid)
                : HhActions.refusal(chosen.get(), given, links);
        if (refusal != null) {
            reject(exchange, refusal);
            return;
        }
        JsonNode action = chosen.get();
        exchange.setProperty(ACTION_STATE, action.path("resulting_employer_state").path("id").asText(null));
        HhLinks.Link link = links.follow(action.path("url").asText()).orElseThrow();
        prepare(message, action.path("method").asText(), link.path(), link.query(),
                HhActions.arguments(action, given));
    }

    /** Before the negotiation is read back after the call: when it was asked for. */
    public void readBack(Exchange exchange) {
        exchange.setProperty(ASKED_AT, Instant.now());
    }

    /** Body: the negotiation read back after the call. Emits its event (once) and leaves the ok result. */
    public void acted(Exchange exchange) {
        HhStatusCommand command = exchange.getProperty(COMMAND, HhStatusCommand.class);
        JsonNode negotiation = exchange.getMessage().getBody(JsonNode.class);
        ApplicationSnapshot snapshot = HhApplications.single(negotiation, externalJobIds,
                exchange.getProperty(ASKED_AT, Instant.class));
        if (snapshot != null) {
            publisher.get().publish(List.of(snapshot), command.requestId(), Map.of());
        }
        ObjectNode result = command.target().result(Outcome.OK, null);
        result.set("response", negotiation);
        exchange.getMessage().setBody(result);
    }

    /**
     * In a doCatch: hh.ru refused the command ({@code rejected} with its {@code type: value}), or hh.ru access is
     * refused for good ({@code rejected} with what to configure); a failure no answer settled propagates.
     */
    public void refused(Exchange exchange) {
        ApiException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        String detail = failure instanceof HhAccessException ? failure.getMessage()
                : CommandResult.refusal(exchange).detail();
        reject(exchange, detail);
    }

    private static void reject(Exchange exchange, String detail) {
        HhStatusCommand command = exchange.getProperty(COMMAND, HhStatusCommand.class);
        exchange.getMessage().setBody(command.target().result(Outcome.REJECTED, detail));
        exchange.removeProperty(COMMAND);
    }

    private static void prepare(Message message, String method, String path, Map<String, Object> query,
            Map<String, Object> form) {
        message.setHeader(ACTION_METHOD, method);
        message.setHeader(ACTION_PATH, path);
        message.setHeader(ApiHeaders.QUERY, query);
        message.setBody(new ApiForm(form));
    }
}
