package ru.rabota.bridge.vk;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.VkPaging;

/**
 * The steps of route {@code vk-job-by-external-id} (routes/vk-api.camel.yaml), bound as {@code vkJobFinder}: the job
 * that carries the {@code external_id} of header {@value VkApi#EXTERNAL_ID}. VK Работа cannot filter jobs by it, so the
 * route reads the pages of {@code GET /jobs}, {@value VkPaging#MAX_SIZE} jobs a page, until the job turns up: meant for
 * recovering from a create whose outcome is unknown (a lost answer, a crash before the job id was saved), not for
 * every command. Stateless: the page being read is the exchange property {@value #PAGE}.
 */
public final class VkJobFinder {

    /**
     * Property: the page of {@code GET /jobs} being read, absent once the search ended (not bridgeApi*: calls
     * remove those).
     */
    public static final String PAGE = "bridgeJobPage";

    /** Before the first page; without an external_id there is nothing to look for, and the body is null. */
    public void firstPage(Exchange exchange) {
        if (externalId(exchange) == null) {
            exchange.getMessage().setBody(null);
        } else {
            page(exchange, 1);
        }
    }

    /**
     * After a page of {@code GET /jobs}: the job carrying the external_id is the body, as {@code POST /jobs} and
     * {@code GET /jobs/<id>} answer one ({@code {"data": <JSON:API resource>}}), else the next page is asked for; after
     * the last page the body is null. No {@value #PAGE} means the search ended.
     */
    public void searchPage(Exchange exchange) {
        JsonNode answer = exchange.getMessage().getBody(JsonNode.class);
        int number = exchange.getProperty(PAGE, Integer.class);
        Optional<ObjectNode> found = carrying(answer, externalId(exchange));
        if (found.isEmpty() && VkPaging.hasNext(JsonApi.page(answer), number, VkPaging.MAX_SIZE)) {
            page(exchange, number + 1);
            return;
        }
        exchange.removeProperty(PAGE);
        exchange.getMessage().setBody(found.orElse(null));
    }

    private static Optional<ObjectNode> carrying(JsonNode page, String externalId) {
        for (JsonNode resource : page.path("data")) {
            if (externalId.equals(resource.path("attributes").path("external_id").asText(null))) {
                return Optional.of(JsonNodeFactory.instance.objectNode().set("data", resource));
            }
        }
        return Optional.empty();
    }

    private static String externalId(Exchange exchange) {
        return exchange.getMessage().getHeader(VkApi.EXTERNAL_ID, String.class);
    }

    private static void page(Exchange exchange, int number) {
        exchange.setProperty(PAGE, number);
        exchange.getMessage().setHeader(ApiHeaders.QUERY, VkPaging.query(number, VkPaging.MAX_SIZE));
    }
}
