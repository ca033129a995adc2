package ru.rabota.bridge.jsonapi;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One answer of the API as plain records, with the answer's {@code meta} and {@code links}
 * (empty objects when the answer has none, so {@code meta().path("total")} never needs a null check).
 */
public record JsonApiPage(List<ObjectNode> records, ObjectNode meta, ObjectNode links) {

    public JsonApiPage {
        records = List.copyOf(records);
    }

    /** The record of a single-resource answer; also covers {@code GET /jobs/<id>}, which wraps it in an array. */
    public Optional<ObjectNode> first() {
        return records.stream().findFirst();
    }
}
