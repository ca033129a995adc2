package ru.rabota.bridge.jsonapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.util.URISupport;

import ru.rabota.bridge.api.Paging;

/**
 * Paging of VK Работа lists ({@code /jobs}, {@code /applications}, {@code /vas_transactions}, ...):
 * {@code page[number]} from 1 and {@code page[size]}. Candidate search pages differently
 * ({@code page}, {@code per_page}).
 */
public final class VkPaging {

    /** The largest {@code page[size]} the API accepts. */
    public static final int MAX_SIZE = 50;
    public static final String NUMBER = "page[number]";
    public static final String SIZE = "page[size]";

    private VkPaging() {
    }

    /** The page size actually requested: the API allows at most 50, so larger sizes are clamped, never sent. */
    public static int size(int requested) {
        return Paging.clamp(requested, MAX_SIZE);
    }

    /**
     * Query parameters for page {@code number} (from 1), in a mutable map so a caller can add filters
     * ({@code job_id}, {@code created_from}); {@code URISupport.createQueryString} encodes it.
     */
    public static Map<String, Object> query(int number, int size) {
        return Paging.query(NUMBER, number, 1, SIZE, size(size));
    }

    /**
     * Whether page {@code number + 1} is worth requesting after {@code answer}, asked with {@code size}.
     * The service's own signals decide when it sends them ({@code links.next}, {@code links.last},
     * {@code meta.total}); otherwise a full page means there may be more and a shorter one is the last.
     * An empty page always ends paging, so a service that keeps sending {@code next} cannot loop forever.
     */
    public static boolean hasNext(JsonApiPage answer, int number, int size) {
        return announced(answer, number, (long) (number - 1) * size(size))
                .orElse(answer.records().size() >= size(size));
    }

    /**
     * The same for a list asked for without {@code page[size]}, in the service's own pages (the dictionaries, which
     * the document prints without paging parameters, {@code /cities} even without links): only the service's
     * signals announce a next page, and an answer without any is the whole list.
     *
     * @param readBefore the records of the pages before
     */
    public static boolean hasNextAnnounced(JsonApiPage answer, int number, long readBefore) {
        return announced(answer, number, readBefore).orElse(false);
    }

    /** What the service's signals say of a next page; empty when it sends none. */
    private static Optional<Boolean> announced(JsonApiPage answer, int number, long readBefore) {
        int count = answer.records().size();
        if (count == 0) {
            return Optional.of(false);
        }
        if (answer.links().path("next").isTextual()) {
            return Optional.of(true);
        }
        Optional<Integer> last = pageNumber(answer.links().path("last"));
        if (last.isPresent()) {
            return Optional.of(number < last.get());
        }
        return counted(answer).map(total -> readBefore + count < total);
    }

    /**
     * Checks that page {@code number} of {@code list} moved on from the pages before it: a page that starts with the
     * record the page before started with means the service ignores {@code page[number]} (read on, the list would be
     * read forever); an empty page inside the count {@code meta.total} gives means the list was read short (taken
     * for whole, what follows would be lost).
     *
     * @param previousFirst the id of the previous page's first record, or null
     * @param readBefore    the records of the pages before
     * @return the id of this page's first record, the next call's {@code previousFirst}
     * @throws IllegalStateException when the page does not move on
     */
    public static JsonNode movedOn(JsonApiPage page, int number, JsonNode previousFirst, long readBefore,
            String list) {
        JsonNode first = page.first().map(record -> record.path("id")).orElse(null);
        if (first != null && first.equals(previousFirst)) {
            throw new IllegalStateException(list + ": page " + number + " repeats page " + (number - 1)
                    + ", page[number] seems ignored");
        }
        counted(page).filter(total -> page.records().isEmpty() && total > readBefore).ifPresent(total -> {
            throw new IllegalStateException(list + ": page " + number + " came back empty, though the list counts "
                    + total + " records: read short");
        });
        return first;
    }

    /** How many records the whole list has, when the answer says ({@code meta.total}). */
    public static Optional<Long> counted(JsonApiPage answer) {
        JsonNode total = answer.meta().path("total");
        return total.isNumber() ? Optional.of(total.asLong()) : Optional.empty();
    }

    /** The {@code page[number]} of a pagination link; empty when there is no link or it names no number. */
    static Optional<Integer> pageNumber(JsonNode link) {
        if (!link.isTextual()) {
            return Optional.empty();
        }
        try {
            Object number = URISupport.parseQuery(URI.create(link.asText()).getRawQuery()).get(NUMBER);
            return number == null ? Optional.empty() : Optional.of(Integer.valueOf(number.toString()));
        } catch (IllegalArgumentException | URISyntaxException e) {
            return Optional.empty(); // an unreadable link is no signal; the other rules decide
        }
    }
}
