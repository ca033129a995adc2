package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Message;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.JsonApiPage;

/**
 * A {@link VasCommand} as one {@code POST /paid_actions}. VK answers 200 even when actions failed: each item's
 * {@code status} and {@code error_message} decide. The result is {@code ok} only when every action succeeded, else
 * {@code failed} with the failures in {@code detail}; {@code results} lists every action, {@code success} or
 * {@code failed} as the contract has them, {@code error_message} saying why (VK's words; an action VK's answer left
 * out, which may have been charged; a command refused before the call, or whose outcome is unknown).
 * {@code response} holds the paid actions as records and {@code company}, the company after the batch.
 */
public record PaidActionsCall(VasCommand command, String event) implements PaidCall {

    public static final String OPERATION = "vk-apply-paid-actions";

    private static final String SUCCESS = "success";
    private static final String FAILED = "failed";
    private static final String NOT_LISTED = "VK's answer does not list this action, it may have been charged: check"
            + " vas_transactions";
    private static final String NOT_SENT = "not sent";
    private static final String OUTCOME_UNKNOWN = "outcome unknown, VK may have charged: check vas_transactions";

    @Override
    public String requestId() {
        return command.requestId();
    }

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public List<VasCode> actions(Predicate<String> boughtContact) {
        return command.codes();
    }

    @Override
    public boolean contacts() {
        return command.codes().contains(VasCode.CONTACT_VIEW);
    }

    @Override
    public void prepare(Message message) {
        ObjectNode body = BridgeJson.MAPPER.createObjectNode();
        ArrayNode actions = body.putArray("actions");
        for (VasCommand.Action action : command.actions()) {
            ObjectNode item = actions.addObject().put("action", action.action());
            if (action.code().orElseThrow().forCandidate()) {
                item.put("user_id", action.userId());
            } else {
                item.put("job_id", action.jobId());
            }
        }
        body.put("use_account", command.useAccount() == null ? "company" : command.useAccount());
        message.removeHeader(ApiHeaders.QUERY);
        message.setBody(body);
    }

    @Override
    public Settlement settle(JsonNode answer, List<Charge> reserved) {
        JsonApiPage page = JsonApi.page(answer);
        List<ObjectNode> items = page.records();
        ArrayNode results = BridgeJson.MAPPER.createArrayNode();
        List<Charge> spent = new ArrayList<>();
        Map<VasCode, BigDecimal> prices = new EnumMap<>(VasCode.class);
        List<String> failures = new ArrayList<>();
        List<String> contacts = new ArrayList<>();
        List<JsonNode> matched = matched(command.actions(), items);
        for (int i = 0; i < command.actions().size(); i++) {
            VasCommand.Action action = command.actions().get(i);
            VasCode code = action.code().orElseThrow();
            JsonNode item = matched.get(i);
            boolean listed = item.has("status");
            String status = SUCCESS.equals(item.path("status").asText()) ? SUCCESS : FAILED;
            String error = listed ? item.path("error_message").asText(null) : NOT_LISTED;
            JsonNode price = item.path("origin").path("price");
            if (price.isNumber()) {
                prices.put(code, price.decimalValue());
            }
            if (SUCCESS.equals(status)) {
                spent.add(price.isNumber() ? new Charge(code, price.decimalValue()) : reserved.get(i));
                if (code.forCandidate()) {
                    contacts.add(action.userId());
                }
            } else {
                failures.add(describe(action) + ": " + error);
                if (!listed) {
                    spent.add(reserved.get(i)); // may have been charged: keep it counted
                }
            }
            results.add(entry(action, status, error));
        }
        String detail = failures.isEmpty() ? null
                : failures.size() + " of " + command.actions().size() + " actions failed: " + String.join("; ", failures);
        ObjectNode result = CommandResult.withResults(event, requestId(), failures.isEmpty() ? Outcome.OK : Outcome.FAILED,
                results, detail);
        ObjectNode response = result.putObject("response");
        response.putArray("actions").addAll(items);
        response.set("company", page.meta().path("company"));
        return new Settlement(result, spent, prices, contacts);
    }

    @Override
    public ObjectNode result(Outcome outcome, String detail) {
        ArrayNode results = BridgeJson.MAPPER.createArrayNode();
        command.actions().forEach(action -> results.add(entry(action, FAILED,
                outcome == Outcome.REJECTED ? NOT_SENT : OUTCOME_UNKNOWN)));
        return CommandResult.withResults(event, requestId(), outcome, results, detail);
    }

    /**
     * The answer's item of each action (an empty node when none): the one whose {@code origin} names it ({@code action}
     * and its {@code job_id} or {@code user_id}), in order among alike ones; an item without {@code origin} (or with a
     * null one) is taken in the request's order. The document promises no order of the items, and each names the
     * request it answers: matched by position, an item left out or moved would settle another action's charge.
     */
    static List<JsonNode> matched(List<VasCommand.Action> actions, List<ObjectNode> items) {
        List<JsonNode> left = new ArrayList<>(items);
        List<JsonNode> matched = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            VasCommand.Action action = actions.get(i);
            JsonNode item = left.stream().filter(candidate -> answers(candidate.path("origin"), action)).findFirst()
                    .orElse(null);
            // the document lets an optional attribute be null: a null origin names no request either
            if (item == null && i < items.size() && !items.get(i).path("origin").isObject()
                    && left.contains(items.get(i))) {
                item = items.get(i);
            }
            if (item != null) {
                left.remove(item);
            }
            matched.add(item == null ? BridgeJson.MAPPER.createObjectNode() : item);
        }
        return matched;
    }

    private static boolean answers(JsonNode origin, VasCommand.Action action) {
        if (!origin.isObject() || !action.action().equals(origin.path("action").asText(null))) {
            return false;
        }
        String target = action.code().orElseThrow().forCandidate() ? action.userId() : action.jobId();
        String named = origin.path(action.code().orElseThrow().forCandidate() ? "user_id" : "job_id").asText(null);
        return target != null && target.equals(named);
    }

    private static ObjectNode entry(VasCommand.Action action, String status, String error) {
        ObjectNode entry = BridgeJson.MAPPER.createObjectNode().put("action", action.action());
        if (action.jobId() != null) {
            entry.put("job_id", action.jobId());
        }
        if (action.externalId() != null) {
            entry.put("external_id", action.externalId());
        }
        if (action.userId() != null) {
            entry.put("user_id", action.userId());
        }
        return entry.put("status", status).put("error_message", error);
    }

    private static String describe(VasCommand.Action action) {
        return action.action() + (action.userId() != null ? " (candidate " + action.userId() + ")"
                : " (job " + (action.externalId() != null ? action.externalId() : action.jobId()) + ")");
    }
}
