package ru.rabota.bridge.candidates;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.command.UnknownFields;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.JsonApiPage;
import ru.rabota.bridge.vas.PaidActionsCall;
import ru.rabota.bridge.vas.PaidCall;
import ru.rabota.bridge.vas.PaidCommands;
import ru.rabota.bridge.vas.VasCommand;

/**
 * The steps of route {@code candidates-command} (bean {@code candidateCommands}). Commands, keyed by request_id:
 * <ul>
 * <li>{@code {"command":"search","request_id":"s-1","filters":{"city_id":1,"per_page":20,...}}}: one page of
 * {@code GET /candidates} ({@link CandidateSearch}); result {@value #SEARCH_EVENT}, {@code response.candidates} and
 * {@code response.meta}.</li>
 * <li>{@code {"command":"buy_contact","request_id":"c-1","user_id":"5657","use_account":"company"}}: a
 * contact_view paid action ({@value #CONTACT_EVENT}).</li>
 * <li>{@code {"command":"read_phone","request_id":"p-1","user_id":"31136"}}: the bought phone, which VK charges for
 * when the contact was not bought ({@value #PHONE_EVENT}).</li>
 * </ul>
 * Both paid commands run under the spending guard and need {@code bridge.vas.contacts.enabled=true}.
 */
public final class CandidateCommands {

    public static final String SEARCH_EVENT = "candidates.search_result";
    public static final String CONTACT_EVENT = "candidates.contact_result";
    public static final String PHONE_EVENT = "candidates.phone_result";
    /** Property: the request_id ("" without one) of a valid search, set when it is to run. */
    public static final String SEARCH = "bridgeCandidateSearch";

    private static final List<String> COMMANDS = List.of("search", "buy_contact", "read_phone");
    /** The fields read: any other is told of once (a misspelt use_account paid from the wallet without a word). */
    private static final UnknownFields UNKNOWN = new UnknownFields("candidate commands",
            Set.of("command", "request_id", "user_id", "use_account", "filters"));

    /** @throws ru.rabota.bridge.command.MalformedCommandException when the record is no candidates command at all */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        CommandJson json = CommandJson.parse(message.getBody(String.class));
        UNKNOWN.check(json.tree());
        String command = json.text("command");
        String requestId = json.text("request_id");
        if ("search".equals(command)) {
            // without a request_id the result has none either (the contract's correlation id is the command's):
            // it is keyed by the record's key
            search(exchange, json, requestId);
        } else if ("buy_contact".equals(command)) {
            String userId = json.text("user_id");
            VasCommand purchase = new VasCommand(requestId, json.text("use_account"),
                    List.of(new VasCommand.Action("contact_view", null, null, userId)));
            // the action's own check would name "actions[0]", which this command does not have
            List<String> violations = new ArrayList<>(purchase.violations().stream()
                    .filter(violation -> !violation.startsWith("actions[0]")).toList());
            userIdViolation(userId).ifPresent(violations::add);
            paid(exchange, new PaidActionsCall(purchase, CONTACT_EVENT), violations);
        } else if ("read_phone".equals(command)) {
            String userId = json.text("user_id");
            List<String> violations = new ArrayList<>();
            if (requestId == null || requestId.isBlank()) {
                violations.add(VasCommand.REQUEST_ID_MISSING);
            }
            userIdViolation(userId).ifPresent(violations::add);
            paid(exchange, new PhoneReadCall(requestId, userId, PHONE_EVENT), violations);
        } else {
            message.setBody(CommandResult.of(SEARCH_EVENT, requestId, Outcome.REJECTED,
                    "command: " + (command == null ? "missing, one of " : "\"" + command + "\" is not one of ")
                            + COMMANDS));
        }
    }

    /** What is wrong with a candidate's id, if anything: VK's ids are numbers. */
    private static Optional<String> userIdViolation(String userId) {
        if (userId != null && userId.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of("user_id: " + (userId == null ? "missing" : "\"" + userId + "\" is no candidate id"));
    }

    /** Body: the answer of GET /candidates. */
    public void found(Exchange exchange) {
        JsonApiPage page = JsonApi.page(exchange.getMessage().getBody(JsonNode.class));
        ObjectNode result = CommandResult.of(SEARCH_EVENT, searchId(exchange), Outcome.OK, null);
        ObjectNode response = result.putObject("response");
        response.putArray("candidates").addAll(page.records());
        response.set("meta", page.meta());
        exchange.getMessage().setBody(result);
    }

    /** In a doCatch: the API refused the search (rejected), or the failure propagates. */
    public void refused(Exchange exchange) {
        exchange.getMessage().setBody(CommandResult.of(SEARCH_EVENT, searchId(exchange), Outcome.REJECTED,
                CommandResult.refusal(exchange).detail()));
    }

    private static String searchId(Exchange exchange) {
        String id = exchange.getProperty(SEARCH, String.class);
        return id.isEmpty() ? null : id;
    }

    private static void search(Exchange exchange, CommandJson json, String requestId) {
        CandidateSearch search = CandidateSearch.of(json.object("filters"));
        Message message = exchange.getMessage();
        if (!search.violations().isEmpty()) {
            message.setBody(CommandResult.of(SEARCH_EVENT, requestId, Outcome.REJECTED,
                    String.join("; ", search.violations())));
            return;
        }
        exchange.setProperty(SEARCH, requestId == null ? "" : requestId);
        message.setHeader(ApiHeaders.QUERY, search.query());
        message.setBody(null);
    }

    private static void paid(Exchange exchange, PaidCall call, List<String> violations) {
        if (violations.isEmpty()) {
            exchange.setProperty(PaidCommands.CALL, call);
        } else {
            exchange.getMessage().setBody(call.result(Outcome.REJECTED, String.join("; ", violations)));
        }
    }
}
