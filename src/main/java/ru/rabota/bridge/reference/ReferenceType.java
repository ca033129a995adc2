package ru.rabota.bridge.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.log.LogText;

/**
 * The VK Работа dictionaries the bundle reads, each with the operation that lists it and the shape of its answer
 * (vk-rabota-external-api.md): categories as one JSON:API document, professions and regions as plain arrays
 * under their plural, cities and nationalities as JSON:API lists that may come in the service's pages
 * (nationalities with paging links; cities printed without).
 */
public enum ReferenceType {

    CATEGORY("category", "categories", "vk-list-categories", Shape.DOCUMENT, "id"),
    PROFESSION("profession", "professions", "vk-list-professions", Shape.LIST, "id"),
    // regions have no id of their own in the answer: the FIAS guid identifies them
    REGION("region", "regions", "vk-list-regions", Shape.LIST, "fias_id"),
    CITY("city", "cities", "vk-list-cities", Shape.PAGES, "id"),
    NATIONALITY("nationality", "nationalities", "vk-list-nationalities", Shape.PAGES, "id");

    private enum Shape { DOCUMENT, LIST, PAGES }

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceType.class);

    private final String type;
    private final String plural;
    private final String operation;
    private final Shape shape;
    private final String keyField;

    ReferenceType(String type, String plural, String operation, Shape shape, String keyField) {
        this.type = type;
        this.plural = plural;
        this.operation = operation;
        this.shape = shape;
        this.keyField = keyField;
    }

    /** The {@code type} field of each record and the first part of its Kafka key: {@code profession}. */
    public String type() {
        return type;
    }

    /** For people: {@code professions}. */
    public String plural() {
        return plural;
    }

    /** The {@code direct:} operation of routes/vk-api.camel.yaml that lists it. */
    public String operation() {
        return operation;
    }

    /** Whether the list is read page by page ({@code direct:vk-all-pages}). */
    public boolean paged() {
        return shape == Shape.PAGES;
    }

    /** The {@code bridge-event} header of its Kafka records: {@code reference.profession}. */
    public String event() {
        return "reference." + type;
    }

    /**
     * The records of an answer (the operation's JsonNode, or the record list of {@code direct:vk-all-pages}) that
     * have an identifier, each with a {@code type} field. A record without one cannot be kept nor published, but
     * costs only itself: one WARN line names the records skipped, and the others are read.
     *
     * @throws IllegalArgumentException when the answer has no list, an empty one, or no record with an identifier:
     *                                  VK Работа never empties a dictionary, so that is an answer changed in shape
     *                                  or gone wrong, which must not replace the list read before
     */
    public List<ObjectNode> records(Object answer) {
        List<ObjectNode> records = switch (shape) {
            case DOCUMENT -> withAttributeIds(withList((JsonNode) answer, "data"));
            case LIST -> JsonApi.list(withList((JsonNode) answer, plural), plural).records();
            case PAGES -> ((List<?>) answer).stream().map(ObjectNode.class::cast).toList();
        };
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the " + plural + " answer's list is empty");
        }
        records.forEach(record -> record.put("type", type));
        Map<Boolean, List<ObjectNode>> identified = records.stream().collect(Collectors.partitioningBy(this::hasId));
        List<ObjectNode> kept = identified.get(true);
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("the " + plural + " answer has no " + type + " with an id");
        }
        List<ObjectNode> skipped = identified.get(false);
        if (!skipped.isEmpty()) {
            LOG.warn("reference data: {} {} without {} skipped ({} kept): {}", skipped.size(),
                    skipped.size() == 1 ? type : plural, keyField, kept.size(), LogText.cut(skipped));
        }
        return kept;
    }

    /**
     * The records of a JSON:API document, each with its attribute {@code id} as {@code <type>_id}: the record's
     * {@code id} is the resource id, which VK's document prints apart from the attribute ({@code "2"} beside
     * {@code 10} for its second category), and a reader may need either.
     */
    private List<ObjectNode> withAttributeIds(JsonNode document) {
        List<ObjectNode> records = JsonApi.page(document).records();
        JsonNode data = document.path("data");
        for (int i = 0; i < records.size(); i++) {
            JsonNode attributeId = data.path(i).path("attributes").path("id");
            if (!attributeId.isMissingNode()) {
                records.get(i).set(type + "_id", attributeId);
            }
        }
        return records;
    }

    /** The answer, when it has an array named {@code list}. */
    private JsonNode withList(JsonNode answer, String list) {
        JsonNode array = answer.path(list);
        if (array.isMissingNode()) {
            List<String> fields = new ArrayList<>();
            answer.fieldNames().forEachRemaining(fields::add);
            throw new IllegalArgumentException("the " + plural + " answer has no '" + list + "' list (its fields: "
                    + LogText.cut(fields) + ")");
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("the " + plural + " answer's '" + list + "' is "
                    + array.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a list");
        }
        return answer;
    }

    /** The record's identifier: {@code id}, or {@code fias_id} for regions. */
    public String id(JsonNode record) {
        if (!hasId(record)) {
            throw new IllegalArgumentException("a " + type + " without " + keyField + ": " + LogText.cut(record));
        }
        return record.path(keyField).asText();
    }

    private boolean hasId(JsonNode record) {
        JsonNode id = record.path(keyField);
        return id.isValueNode() && !id.isNull() && !id.asText().isBlank();
    }

    /** The record's Kafka key: {@code profession:3}. */
    public String key(JsonNode record) {
        return type + ":" + id(record);
    }
}
