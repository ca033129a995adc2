package ru.rabota.bridge.applications.vk;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.jsonapi.VkPaging;

/**
 * One pass over {@code GET /applications} with fixed filters, page after page: the poll of new applications
 * ({@code created_from} = watermark minus overlap) or the re-scan of one job ({@code job_id} and
 * {@code created_from} = its oldest open application). Kept in an exchange property while the pages are read; not
 * thread-safe (one exchange reads one scan).
 * <p>
 * It also decides how far the watermark may move. Once the scan is complete, to the newest {@code created_at}
 * seen. Before that, after each page, only while every record so far came oldest first (the document's order):
 * then everything older than the newest seen has been read. A service that serves newest first moves it only at
 * the end, so a scan cut short (a crash, a failed call) is read again from the old watermark.
 */
public final class VkApplicationScan {

    /** The order events go out in, and the order the watermark logic expects: created_at, then id. */
    static final Comparator<ApplicationSnapshot> OLDEST_FIRST = Comparator
            .comparing((ApplicationSnapshot a) -> createdAt(a))
            // VK's ids are decimal numbers: shorter is smaller, and equal lengths compare as text
            .thenComparing(a -> a.applicationId().length())
            .thenComparing(ApplicationSnapshot::applicationId);

    /** {@code created_from} as the document writes it, in the service's time zone (Moscow), to the second. */
    private static final DateTimeFormatter CREATED_FROM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Europe/Moscow"));

    private final String description;
    private final Map<String, Object> filters;
    private final int pageSize;
    private final Map<String, String> externalJobIds;
    /** Null for a scan that keeps no watermark. */
    private final Instant watermark;
    private final boolean movesWatermark;
    private int number = 1;
    private boolean more = true;
    private ApplicationSnapshot lastServed;
    private boolean oldestFirst = true;
    private Instant newest;
    private int created;
    private int changed;
    private int unchanged;

    private VkApplicationScan(String description, Map<String, Object> filters, int pageSize,
            Map<String, String> externalJobIds, Instant watermark, boolean movesWatermark) {
        this.description = description;
        this.filters = filters;
        this.pageSize = VkPaging.size(pageSize);
        this.externalJobIds = externalJobIds;
        this.watermark = watermark;
        this.movesWatermark = movesWatermark;
    }

    /** New applications: from {@code from} (all of them when null); the watermark moves from {@code watermark}. */
    static VkApplicationScan newApplications(Instant from, Instant watermark, int pageSize,
            Map<String, String> externalJobIds) {
        Map<String, Object> filters = new LinkedHashMap<>();
        if (from != null) {
            filters.put("created_from", CREATED_FROM.format(from));
        }
        return new VkApplicationScan("new applications", filters, pageSize, externalJobIds, watermark, true);
    }

    /** The applications of one job created since {@code from}. */
    static VkApplicationScan job(String jobId, Instant from, int pageSize, Map<String, String> externalJobIds) {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("job_id", jobId);
        filters.put("created_from", CREATED_FROM.format(from));
        return new VkApplicationScan("job " + jobId, filters, pageSize, externalJobIds, null, false);
    }

    /** Whether another page is to be read. */
    public boolean hasNext() {
        return more;
    }

    /** The query of the next page ({@code bridgeApiQuery}). */
    public Map<String, Object> query() {
        Map<String, Object> query = VkPaging.query(number, pageSize);
        query.putAll(filters);
        return query;
    }

    int number() {
        return number;
    }

    int pageSize() {
        return pageSize;
    }

    Map<String, String> externalJobIds() {
        return externalJobIds;
    }

    /** Notes the records of the page just read, in the order the service served them. */
    void served(List<ApplicationSnapshot> page) {
        for (ApplicationSnapshot application : page) {
            if (lastServed != null && OLDEST_FIRST.compare(lastServed, application) > 0) {
                oldestFirst = false;
            }
            lastServed = application;
            Instant at = createdAt(application);
            newest = newest == null || at.isAfter(newest) ? at : newest;
        }
    }

    /** The watermark to store with this page's events: empty when it must not move (yet). */
    Optional<Instant> watermarkAfterPage(boolean lastPage) {
        if (!movesWatermark || newest == null || !(lastPage || oldestFirst)) {
            return Optional.empty();
        }
        return Optional.of(watermark == null || newest.isAfter(watermark) ? newest : watermark);
    }

    /** Counts what the page's publication did and moves to the next page, if any. */
    void published(Publication publication, boolean nextPage) {
        created += publication.created();
        changed += publication.changed();
        unchanged += publication.unchanged();
        more = nextPage;
        number++;
    }

    int emitted() {
        return created + changed;
    }

    /** One line for the log; no candidate data. */
    String summary() {
        return description + ": " + created + " new, " + changed + " status changes, " + unchanged + " unchanged on "
                + (number - 1) + " page(s)" + (newest == null ? "" : ", newest created " + newest);
    }

    private static Instant createdAt(ApplicationSnapshot application) {
        return instant(application.applicationId(), application.createdAt());
    }

    /** A created_at as VK writes it ({@code 2017-10-11T20:57:43.411+03:00}). */
    static Instant instant(String applicationId, String createdAt) {
        try {
            return OffsetDateTime.parse(String.valueOf(createdAt)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("application " + applicationId + " has no readable created_at: "
                    + createdAt, e);
        }
    }
}
