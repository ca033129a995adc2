package ru.rabota.bridge.vk;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.VkPaging;

/**
 * Finds the job that carries an {@code external_id}. VK Работа cannot filter jobs by it, so this pages through
 * {@code GET /jobs}, 50 jobs a page, until the job turns up: up to (jobs of the account / 50) calls. Meant for
 * recovering from a create whose outcome is unknown (a lost answer, a crash before the mapping was saved), not
 * for every command: the job flow's route, and {@link #createdBefore}, the step of route
 * {@code vk-create-job-attempt} before a repeated {@code POST /jobs}.
 */
public final class VkJobFinder {

    /** Property: the job of the request body was found, and is the body; a per-call property (bridgeApi*). */
    public static final String FOUND = "bridgeApiJobFound";

    private static final Logger LOG = LoggerFactory.getLogger(VkJobFinder.class);

    private final VkOperations operations;
    private final ObjectMapper mapper;

    public VkJobFinder(VkOperations operations, ObjectMapper mapper) {
        this.operations = operations;
        this.mapper = mapper;
    }

    /**
     * Before a {@code POST /jobs} repeated after an attempt that may have created the job (no answer, 5xx: the
     * answer may have been lost): the job carrying the body's {@code job.external_id}, when found, becomes the body
     * (the answer of the call) and {@link #FOUND} is set, so the POST is not repeated. A failed look-up counts as an
     * attempt and fails like one, so the retry policy goes on or gives up.
     */
    public void createdBefore(Exchange exchange) {
        String externalId = externalId(exchange.getMessage().getBody());
        if (externalId == null) {
            return;
        }
        Optional<ObjectNode> created;
        try {
            created = byExternalId(externalId);
        } catch (VkCallException e) {
            exchange.setProperty(ApiHeaders.ATTEMPTS, exchange.getProperty(ApiHeaders.ATTEMPTS, 0, Integer.class) + 1);
            throw e.apiFailure() != null ? e.apiFailure().copy() : e;
        }
        if (created.isPresent()) {
            LOG.warn("POST /jobs for external_id {} had created job {} although its answer was lost; not repeated",
                    LogText.cut(externalId), created.get().at("/data/id").asText());
            exchange.getMessage().setBody(created.get());
            exchange.setProperty(FOUND, true);
        }
    }

    /**
     * @return the first job carrying the id, as the list gives it: {@code {"data": <JSON:API resource>}}, the shape
     *         of the answer to {@code POST /jobs} and {@code GET /jobs/<id>}
     * @throws VkCallException when a page cannot be read
     */
    public Optional<ObjectNode> byExternalId(String externalId) {
        for (int number = 1; ; number++) {
            JsonNode answer = operations.call("vk-list-jobs",
                    Map.of(ApiHeaders.QUERY, VkPaging.query(number, VkPaging.MAX_SIZE)), null);
            Optional<ObjectNode> found = carrying(answer, externalId);
            if (found.isPresent() || !VkPaging.hasNext(JsonApi.page(answer), number, VkPaging.MAX_SIZE)) {
                return found;
            }
        }
    }

    /**
     * The job of a page of {@code GET /jobs} (asked for with {@link VkPaging#query}) that carries the external_id,
     * as {@link #byExternalId} returns it.
     */
    public static Optional<ObjectNode> carrying(JsonNode page, String externalId) {
        for (JsonNode resource : page.path("data")) {
            if (externalId.equals(resource.path("attributes").path("external_id").asText(null))) {
                return Optional.of(JsonNodeFactory.instance.objectNode().set("data", resource));
            }
        }
        return Optional.empty();
    }

    private String externalId(Object body) {
        JsonNode tree = body instanceof JsonNode node ? node
                : body instanceof String text ? readTree(text) : mapper.valueToTree(body);
        JsonNode id = tree == null ? null : tree.path("job").path("external_id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null; // not JSON: the API will say so
        }
    }
}
