package ru.rabota.bridge.candidates;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Message;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.vas.Charge;
import ru.rabota.bridge.vas.PaidCall;
import ru.rabota.bridge.vas.VasCode;
import ru.rabota.bridge.vk.VkApi;

/**
 * {@code GET /candidates/<id>/phone}, which buys the contact when it was not bought before: counted by the guard as
 * a contact_view unless the guard saw the contact bought, or the answer says it was ({@code already_contacted}).
 */
public record PhoneReadCall(String requestId, String userId, String event) implements PaidCall {

    public static final String OPERATION = "vk-get-candidate-phone";
    /** The detail of a replay that does not read the phone again. */
    private static final String NOT_READ_AGAIN = "handled before (ok); the bridge does not keep the phone, and reading"
            + " it again is not free: the spending guard has no record of this contact bought. Send read_phone with a"
            + " new request_id to read it under the guard";

    @Override
    public String operation() {
        return OPERATION;
    }

    /** Nothing to count when the guard saw the contact bought: VK charges only for contacts not bought yet. */
    @Override
    public List<VasCode> actions(Predicate<String> boughtContact) {
        return boughtContact.test(userId) ? List.of() : List.of(VasCode.CONTACT_VIEW);
    }

    @Override
    public boolean contacts() {
        return true;
    }

    /** VK buys a contact once: a read sent again costs nothing more. */
    @Override
    public boolean repeatable() {
        return true;
    }

    @Override
    public void prepare(Message message) {
        message.setHeader(VkApi.CANDIDATE_ID, userId);
        message.removeHeader(ApiHeaders.QUERY);
        message.setBody(null);
    }

    @Override
    public Settlement settle(JsonNode answer, List<Charge> reserved) {
        ObjectNode user = JsonApi.page(answer).first().orElseGet(BridgeJson.MAPPER::createObjectNode);
        boolean boughtBefore = user.path("already_contacted").asBoolean(false);
        ObjectNode result = result(Outcome.OK, null);
        result.set("response", user);
        return new Settlement(result, boughtBefore ? List.of() : reserved, Map.of(), contactsBought());
    }

    /**
     * An attempt before the answered one may have bought the contact, its answer lost: {@code already_contacted}
     * then says nothing of what this command cost, and the reservation is counted.
     */
    @Override
    public Settlement settleAfterUnsureAttempt(JsonNode answer, List<Charge> reserved) {
        Settlement settled = settle(answer, reserved);
        return new Settlement(settled.result(), reserved, settled.prices(), settled.contacts());
    }

    /** An {@code ok} read: its phone is read again, free for the contact it bought. */
    @Override
    public boolean readsAgain(ObjectNode recorded) {
        return Outcome.OK.value().equals(recorded.path("outcome").asText());
    }

    /** The first result, with the phone read now. */
    @Override
    public ObjectNode readAgain(ObjectNode recorded, JsonNode answer) {
        ObjectNode result = recorded.deepCopy();
        JsonNode phone = JsonApi.page(answer).first().map(user -> user.path("phone")).orElse(null);
        ObjectNode response = result.path("response").isObject() ? (ObjectNode) result.path("response")
                : result.putObject("response");
        response.set("phone", phone);
        return result;
    }

    /**
     * The first result without its phone (one an earlier version recorded included): the guard has no record of the
     * contact bought, and VK would charge.
     */
    @Override
    public ObjectNode notReadAgain(ObjectNode recorded) {
        ObjectNode result = recorded.deepCopy().put("detail", NOT_READ_AGAIN);
        if (result.path("response").isObject()) {
            ((ObjectNode) result.get("response")).remove("phone");
        }
        return result;
    }

    @Override
    public List<String> contactsBought() {
        return List.of(userId);
    }

    @Override
    public ObjectNode result(Outcome outcome, String detail) {
        return CommandResult.of(event, requestId, outcome, detail).put("user_id", userId);
    }
}
