package ru.rabota.bridge.vk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.JsonApiPage;
import ru.rabota.bridge.jsonapi.VkPaging;

/**
 * The steps of {@code direct:vk-all-pages} (routes/vk-all-pages.camel.yaml), bound as {@code vkPages}: reads
 * every page of a VK Работа JSON:API list with {@code page[number]} and {@code page[size]} until
 * {@link VkPaging#hasNext} says no (or, in the service's own pages, {@link #SERVICE_PAGES}), and leaves all records, in page order, as the body. Stateless: the position
 * lives in the exchange property {@value #CURSOR}.
 */
public class VkPages {

    /** Header: the list operation to page through, e.g. {@code vk-list-cities}. */
    public static final String OPERATION = "bridgePagedOperation";
    /** Header: optional page size, at most 50 (the default). */
    public static final String PAGE_SIZE = "bridgePageSize";
    /**
     * Header: {@code true} for a list in the service's own pages: no {@code page[size]}, the first page asked for
     * without paging parameters, the next ones while the answers announce them ({@link VkPaging#hasNextAnnounced}).
     */
    public static final String SERVICE_PAGES = "bridgeServicePages";
    /** Property (internal): where paging stands. Not {@code bridgeApi*}: each call removes those. */
    static final String CURSOR = "bridgePageCursor";

    private static final class Cursor {
        final Map<String, Object> filters;
        /** The page size asked for; 0: the service's own pages. */
        final int size;
        final List<ObjectNode> records = new ArrayList<>();
        int number = 1;
        boolean more = true;
        /** The id of the previous page's first record. */
        JsonNode previousFirst;

        Cursor(Map<String, Object> filters, int size) {
            this.filters = filters;
            this.size = size;
        }
    }

    /** Before the first page: keeps the caller's {@code bridgeApiQuery} as filters of every page. */
    @SuppressWarnings("unchecked")
    public void start(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<String, Object> filters = message.getHeader(ApiHeaders.QUERY, Map.of(), Map.class);
        int size = message.getHeader(SERVICE_PAGES, false, Boolean.class) ? 0
                : VkPaging.size(message.getHeader(PAGE_SIZE, VkPaging.MAX_SIZE, Integer.class));
        Cursor cursor = new Cursor(new LinkedHashMap<>(filters), size);
        exchange.setProperty(CURSOR, cursor);
        message.setHeader(ApiHeaders.QUERY, query(cursor));
    }

    /** Whether another page is to be read. */
    public boolean hasNext(Exchange exchange) {
        return cursor(exchange).more;
    }

    /** After each page: keeps its records and asks for the next one. */
    public void add(Exchange exchange) throws InvalidPayloadException {
        Cursor cursor = cursor(exchange);
        JsonApiPage page = JsonApi.page(exchange.getMessage().getMandatoryBody(JsonNode.class));
        // a list read short would pass for whole (rabota.reference: a tombstone for each record after)
        cursor.previousFirst = VkPaging.movedOn(page, cursor.number, cursor.previousFirst, cursor.records.size(),
                exchange.getMessage().getHeader(OPERATION, String.class));
        cursor.more = cursor.size == 0 ? VkPaging.hasNextAnnounced(page, cursor.number, cursor.records.size())
                : VkPaging.hasNext(page, cursor.number, cursor.size);
        cursor.records.addAll(page.records());
        cursor.number++;
        exchange.getMessage().setHeader(ApiHeaders.QUERY, query(cursor));
    }

    /** After the last page: the body is every record; the paging query is gone. */
    public void finish(Exchange exchange) {
        Cursor cursor = cursor(exchange);
        exchange.removeProperty(CURSOR);
        exchange.getMessage().removeHeader(ApiHeaders.QUERY);
        exchange.getMessage().setBody(cursor.records);
    }

    private static Cursor cursor(Exchange exchange) {
        return Objects.requireNonNull(exchange.getProperty(CURSOR, Cursor.class), "vk-all-pages was not started");
    }

    private static Map<String, Object> query(Cursor cursor) {
        Map<String, Object> query = cursor.size > 0 ? VkPaging.query(cursor.number, cursor.size)
                : new LinkedHashMap<>();
        if (cursor.size == 0 && cursor.number > 1) {
            query.put(VkPaging.NUMBER, cursor.number);
        }
        query.putAll(cursor.filters);
        return query;
    }
}
