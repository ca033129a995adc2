package ru.rabota.bridge.jsonapi;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps answers of the VK Работа API (JSON:API) to plain records, and reads the plain list answers
 * of the same API and of hh.ru.
 * <p>
 * A record is one flat object: the resource's {@code id} (the string identifier, also where the
 * attributes repeat it as a number), its {@code type}, every attribute as the API sent it (unknown
 * ones too), and each relationship under its own name: the resolved record, {@code null}, or an array
 * of records. Relationships resolve recursively from {@code included} (application → candidate →
 * experiences → profession); a reference that {@code included} lacks, or that leads back to a record
 * being resolved, stays a stub {@code {"id", "type"}}. Embedded documents in attributes and meta
 * ({@code "job": {"data": {...}}}) become records too. Resource-level {@code links} and {@code meta}
 * are not carried: VK sends none.
 */
public final class JsonApi {

    private JsonApi() {
    }

    /** The records of a JSON:API document whose {@code data} is one resource, an array of them, or null. */
    public static JsonApiPage page(JsonNode document) {
        DocumentMapper mapper = new DocumentMapper(document);
        List<ObjectNode> records = DocumentMapper.elements(document.path("data")).map(mapper::record).toList();
        return new JsonApiPage(records, mapper.plainObject(object(document, "meta")), object(document, "links"));
    }

    /**
     * The objects of a named array of a plain (non-JSON:API) answer, as they are, with the answer's
     * {@code meta}: {@code list(answer, "professions")}, {@code "regions"}, {@code "packets"},
     * {@code "items"} (VK packet balance, hh.ru negotiations). No array under that name: no records.
     */
    public static JsonApiPage list(JsonNode answer, String arrayName) {
        JsonNode array = answer.path(arrayName);
        if (!array.isArray() && !array.isMissingNode() && !array.isNull()) {
            throw new IllegalArgumentException("'" + arrayName + "' is not an array but " + array.getNodeType());
        }
        List<ObjectNode> records = array.valueStream().map(JsonApi::asObject).toList();
        return new JsonApiPage(records, object(answer, "meta"), JsonNodeFactory.instance.objectNode());
    }

    private static ObjectNode object(JsonNode parent, String name) {
        JsonNode node = parent.path(name);
        return node.isObject() ? (ObjectNode) node : JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode asObject(JsonNode element) {
        if (!element.isObject()) {
            throw new IllegalArgumentException("a list element must be an object, got " + element.getNodeType());
        }
        return (ObjectNode) element;
    }
}
