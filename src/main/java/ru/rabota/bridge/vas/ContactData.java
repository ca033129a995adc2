package ru.rabota.bridge.vas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The candidates' contact data that results of paid commands carry and the {@code vasState} store does not keep: its
 * compacted topic keeps a key's last record for good, outside the customer's own topics, where a deletion request
 * (Russia's 152-FZ) cannot reach it. A phone read's phone ({@code response.phone}) is read again by a replay instead.
 */
final class ContactData {

    private ContactData() {
    }

    /** The result as the store keeps it: itself when it carries no contact data, else a copy without it. */
    static ObjectNode removed(ObjectNode result) {
        if (!result.path("response").has("phone")) {
            return result;
        }
        ObjectNode kept = result.deepCopy();
        ((ObjectNode) kept.get("response")).remove("phone");
        return kept;
    }
}
