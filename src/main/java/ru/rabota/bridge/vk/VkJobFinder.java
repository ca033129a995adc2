package ru.rabota.bridge.vk;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.VkPaging;

/**
 * Finds the job that carries an {@code external_id}. VK Работа cannot filter jobs by it, so this pages through
 * {@code GET /jobs}, 50 jobs a page, until the job turns up: up to (jobs of the account / 50) calls. Meant for
 * recovering from a create whose outcome is unknown (a lost answer, a crash before the mapping was saved), not
 * for every command.
 */
public final class VkJobFinder {

    private final VkOperations operations;

    public VkJobFinder(VkOperations operations) {
        this.operations = operations;
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
}
