package ru.rabota.bridge.vas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.json.BridgeJson;

/**
 * The candidates' personal data that results of paid commands carry and the {@code vasState} store does not keep: its
 * compacted topic keeps a key's last record for good, outside the customer's own topics, where a deletion request
 * (Russia's 152-FZ) cannot reach it. A phone read's phone ({@code response.phone}) is read again by a replay instead;
 * a {@code contact_view} action's candidate ({@code response.actions[].user}: name, phone, e-mail, birthday, address)
 * is kept as a reference, its id and type. Results are told by their shape, whichever command or version made them.
 */
final class ContactData {

    private ContactData() {
    }

    /** The result as the store keeps it: itself when it carries no contact data, else a copy without it. */
    static ObjectNode removed(ObjectNode result) {
        if (!carried(result)) {
            return result;
        }
        ObjectNode kept = result.deepCopy();
        ObjectNode response = (ObjectNode) kept.get("response");
        response.remove("phone");
        response.path("actions").forEach(action -> {
            if (action.path("user").isObject()) {
                ((ObjectNode) action).set("user", reference(action.path("user")));
            }
        });
        return kept;
    }

    /** Whether the result carries contact data of a candidate. */
    static boolean carried(JsonNode result) {
        JsonNode response = result.path("response");
        if (response.has("phone")) {
            return true;
        }
        for (JsonNode action : response.path("actions")) {
            JsonNode user = action.path("user");
            if (user.isObject() && !user.equals(reference(user))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode reference(JsonNode user) {
        return BridgeJson.MAPPER.createObjectNode().put("id", user.path("id").asText(null))
                .put("type", user.path("type").asText(null));
    }
}
