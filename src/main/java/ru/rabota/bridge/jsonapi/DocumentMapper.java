package ru.rabota.bridge.jsonapi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the resources of one JSON:API document into plain records. Built once per document: the
 * resources are indexed by type and id once, so each reference is a map lookup.
 */
final class DocumentMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Ref(String type, String id) {
    }

    /** Every resource of the document, primary data included: JSON:API lets relationships point at either. */
    private final Map<Ref, JsonNode> resources = new HashMap<>();
    /** The resources being mapped right now; a reference back to one of them is a cycle and becomes a stub. */
    private final Set<Ref> inProgress = new HashSet<>();

    DocumentMapper(JsonNode document) {
        Stream.concat(elements(document.path("data")), elements(document.path("included")))
                .forEach(resource -> {
                    Ref ref = ref(resource);
                    if (ref != null) {
                        resources.putIfAbsent(ref, resource);
                    }
                });
    }

    /** The elements of a resource array, or the single resource object; none for null or a missing member. */
    static Stream<JsonNode> elements(JsonNode data) {
        return data.isObject() ? Stream.of(data) : data.valueStream();
    }

    /**
     * A resource (full, or an identifier to look up) as a plain record: resource {@code id} and
     * {@code type}, the attributes, then each relationship by name. The resource's id and type win
     * over attributes of the same name (VK repeats the id as a number in the attributes).
     */
    ObjectNode record(JsonNode resource) {
        if (!resource.isObject()) {
            throw new IllegalArgumentException("a JSON:API resource must be an object, got " + resource.getNodeType());
        }
        Ref ref = ref(resource);
        ObjectNode record = NODES.objectNode();
        record.set("id", resource.get("id")); // set() stores a missing member as null
        record.set("type", resource.get("type"));
        if (ref != null && !inProgress.add(ref)) {
            return record; // a cycle: the identifier alone
        }
        JsonNode full = resource.has("attributes") ? resource : resources.getOrDefault(ref, resource);
        full.path("attributes").forEachEntry((name, value) -> {
            if (!record.has(name)) {
                record.set(name, plain(value));
            }
        });
        full.path("relationships").forEachEntry((name, relationship) ->
                record.set(name, relationship.has("data") ? linkage(relationship.get("data")) : relationship));
        inProgress.remove(ref);
        return record;
    }

    /** {@code data} of a relationship or an embedded document: null, one resource, or an array of them. */
    private JsonNode linkage(JsonNode data) {
        if (data.isArray()) {
            ArrayNode records = NODES.arrayNode(data.size());
            data.forEach(resource -> records.add(record(resource)));
            return records;
        }
        return data.isObject() ? record(data) : NullNode.instance;
    }

    /**
     * A copy of an attribute or meta value in which every embedded document ({@code {"data": ...}}, as VK
     * nests the job of a paid action or the company in meta) is a plain record. A copy rather than the
     * parsed node, so that records sharing an included resource can be changed independently.
     */
    JsonNode plain(JsonNode value) {
        if (isEmbeddedDocument(value)) {
            return linkage(value.get("data"));
        }
        if (value.isObject()) {
            return plainObject(value);
        }
        if (value.isArray()) {
            ArrayNode copy = NODES.arrayNode(value.size());
            value.forEach(child -> copy.add(plain(child)));
            return copy;
        }
        return value; // scalars are immutable
    }

    /** {@link #plain} for each member of an object, such as a document's {@code meta}. */
    ObjectNode plainObject(JsonNode object) {
        ObjectNode copy = NODES.objectNode();
        object.forEachEntry((name, child) -> copy.set(name, plain(child)));
        return copy;
    }

    private static boolean isEmbeddedDocument(JsonNode value) {
        if (!value.isObject() || value.size() != 1 || !value.has("data")) {
            return false;
        }
        JsonNode data = value.get("data");
        return data.isNull() || isResource(data) || data.isArray() && data.valueStream().allMatch(DocumentMapper::isResource);
    }

    private static boolean isResource(JsonNode node) {
        return node.isObject() && node.path("type").isTextual() && node.has("id");
    }

    private static Ref ref(JsonNode resource) {
        JsonNode type = resource.path("type");
        JsonNode id = resource.path("id");
        return type.isValueNode() && id.isValueNode() && !id.isNull() ? new Ref(type.asText(), id.asText()) : null;
    }
}
