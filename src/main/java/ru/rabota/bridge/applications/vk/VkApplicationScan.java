package ru.rabota.bridge.applications.vk;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.jsonapi.JsonApiPage;
import ru.rabota.bridge.jsonapi.VkPaging;

/**
 * One pass over {@code GET /applications} with fixed filters, page after page: the poll of new applications
 * ({@code created_from} = watermark minus overlap) or the re-scan of one job ({@code job_id} and
 * {@code created_from} = its oldest open application). Kept in an exchange property while the pages are read; not
 * thread-safe (one exchange reads one scan). The applications read are published in batches of about
 * {@code batchSize}, each in one Kafka transaction: a transaction per page of 50 would cost more than the page.
 * <p>
 * It also decides how far the watermark may move. Once the scan is complete, to the newest {@code created_at}
 * seen. Before that, after each page, only while every record so far came oldest first (the document's order):
 * then everything older than the newest seen has been read. A service that serves newest first moves it only at
 * the end, so a scan cut short (a crash, a failed call) is read again from the old watermark.
 */
public final class VkApplicationScan {

    /** An application with its created_at read once: a sort compares each one many times. */
    private record Dated(Instant at, ApplicationSnapshot application) {

        static Dated of(ApplicationSnapshot application) {
            return new Dated(createdAt(application), application);
        }
    }

    /** The order events go out in, and the order the watermark logic expects: created_at, then id. */
    private static final Comparator<Dated> DATED_OLDEST_FIRST = Comparator.comparing(Dated::at)
            // VK's ids are decimal numbers: shorter is smaller, and equal lengths compare as text
            .thenComparing(dated -> dated.application().applicationId().length())
            .thenComparing(dated -> dated.application().applicationId());

    /** {@link #DATED_OLDEST_FIRST} for applications whose created_at is read at each comparison (a few). */
    static final Comparator<ApplicationSnapshot> OLDEST_FIRST = Comparator.comparing(Dated::of, DATED_OLDEST_FIRST);

    /** {@code created_from} as the document writes it, in the service's time zone (Moscow), to the second. */
    private static final DateTimeFormatter CREATED_FROM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Europe/Moscow"));

    private final String description;
    private final Map<String, Object> filters;
    private final int pageSize;
    private final int batchSize;
    private final Map<String, String> externalJobIds;
    private final List<Dated> unpublished = new ArrayList<>();
    /** The stored watermark the scan started from; null when there is none (yet) or the scan keeps none. */
    private final Instant watermark;
    private final boolean movesWatermark;
    private int number = 1;
    private boolean more = true;
    private Dated lastServed;
    /** The id of the last page's first record, and the records of the pages read so far. */
    private JsonNode previousFirst;
    private long read;
    private boolean oldestFirst = true;
    private Instant newest;
    /**
     * The newest created_at seen, each no later than when its page was asked for: where the watermark may move. An
     * application dated ahead of that (a wrong offset) would move it past the applications created meanwhile.
     */
    private Instant newestShown;
    private int created;
    private int changed;
    private int unchanged;
    /**
     * When the page being read was asked for: its snapshots' {@link ApplicationSnapshot#seenAt}. The page's, not the
     * scan's start: a re-scan and a poll run at once, and a status one of them read later must not count as older
     * than the status the other read before it (the older one would be emitted back, then the later one again).
     */
    private Instant askedAt;
    /** The last batch's publication, while Kafka commits it and the next pages are read. */
    private Future<Publication> publishing;
    /** Pages read, and the newest created_at seen, when the batch being published was taken. */
    private int pagesTaken;
    private Instant newestTaken;
    /** The same for the last batch published: what the counts cover. */
    private int pagesPublished;
    private Instant newestPublished;

    private VkApplicationScan(String description, Map<String, Object> filters, int pageSize, int batchSize,
            Map<String, String> externalJobIds, Instant watermark, boolean movesWatermark) {
        this.description = description;
        this.filters = filters;
        this.pageSize = VkPaging.size(pageSize);
        this.batchSize = batchSize;
        this.externalJobIds = externalJobIds;
        this.watermark = watermark;
        this.movesWatermark = movesWatermark;
    }

    Instant askedAt() {
        return askedAt;
    }

    /** New applications: from {@code from} (all of them when null); the watermark moves from {@code watermark}. */
    static VkApplicationScan newApplications(Instant from, Instant watermark, int pageSize, int batchSize,
            Map<String, String> externalJobIds) {
        Map<String, Object> filters = new LinkedHashMap<>();
        if (from != null) {
            filters.put("created_from", CREATED_FROM.format(from));
        }
        return new VkApplicationScan("new applications", filters, pageSize, batchSize, externalJobIds, watermark,
                true);
    }

    /** The applications of one job created since {@code from}. */
    static VkApplicationScan job(String jobId, Instant from, int pageSize, int batchSize,
            Map<String, String> externalJobIds) {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("job_id", jobId);
        filters.put("created_from", CREATED_FROM.format(from));
        return new VkApplicationScan("job " + jobId, filters, pageSize, batchSize, externalJobIds, null, false);
    }

    /** What the scan reads: {@code new applications}, or {@code job <id>}. */
    public String description() {
        return description;
    }

    /** Whether another page is to be read. */
    public boolean hasNext() {
        return more;
    }

    /** The query of the next page ({@code bridgeApiQuery}), asked for now. */
    public Map<String, Object> query() {
        askedAt = Instant.now();
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

    /**
     * Checks that the page just read moved on from the ones before ({@link VkPaging#movedOn}): a service that ignores
     * {@code page[number]} would be read forever, and a list read short would move the watermark past what it left.
     */
    void movedOn(JsonApiPage page) {
        previousFirst = VkPaging.movedOn(page, number, previousFirst, read, "GET /applications (" + description + ")");
        read += page.records().size();
    }

    /** Keeps the records of the page just read until they are published, noting the order they came in. */
    void served(List<ApplicationSnapshot> page) {
        for (ApplicationSnapshot application : page) {
            Dated dated = Dated.of(application);
            unpublished.add(dated);
            if (lastServed != null && DATED_OLDEST_FIRST.compare(lastServed, dated) > 0) {
                oldestFirst = false;
            }
            lastServed = dated;
            newest = later(newest, dated.at());
            newestShown = later(newestShown, askedAt != null && dated.at().isAfter(askedAt) ? askedAt : dated.at());
        }
    }

    /** Whether the applications read since the last publication go out now: a full batch, or the end. */
    boolean batchDue(boolean lastPage) {
        return lastPage || unpublished.size() >= batchSize;
    }

    /** The applications read since the last publication, oldest first; the scan forgets them. */
    List<ApplicationSnapshot> takeBatch() {
        List<ApplicationSnapshot> batch = unpublished.stream().sorted(DATED_OLDEST_FIRST).map(Dated::application)
                .toList();
        unpublished.clear();
        pagesTaken = number;
        newestTaken = newest;
        return batch;
    }

    /** The watermark to store with the batch read so far: empty when it must not move (yet). */
    Optional<Instant> watermarkForBatch(boolean lastPage) {
        if (!movesWatermark || newestShown == null || !(lastPage || oldestFirst)) {
            return Optional.empty();
        }
        return Optional.of(later(watermark, newestShown));
    }

    private static Instant later(Instant known, Instant other) {
        return known == null || other.isAfter(known) ? other : known;
    }

    /** Keeps the publication under way of the batch just taken, until {@link #awaitPublished}. */
    void publishing(Future<Publication> publication) {
        publishing = publication;
    }

    /**
     * Waits for the publication under way, if any, and counts what it did.
     *
     * @return whether there was one
     * @throws RuntimeException the publication's own failure, as it was thrown
     */
    boolean awaitPublished() {
        if (publishing == null) {
            return false;
        }
        Publication publication;
        try {
            publication = publishing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + description + " were being published", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(e.getCause());
        } finally {
            publishing = null;
        }
        created += publication.created();
        changed += publication.changed();
        unchanged += publication.unchanged();
        pagesPublished = pagesTaken;
        newestPublished = newestTaken;
        return true;
    }

    /** Moves to the next page, or ends the scan. */
    void advance(boolean nextPage) {
        more = nextPage;
        number++;
    }

    int emitted() {
        return created + changed;
    }

    int created() {
        return created;
    }

    int changed() {
        return changed;
    }

    int unchanged() {
        return unchanged;
    }

    /** Whether this is one job's re-scan, not the poll of new applications. */
    boolean ofOneJob() {
        return !movesWatermark;
    }

    /** One line for the log on the batches published so far; no candidate data. */
    String summary() {
        return description + ": " + created + " new, " + changed + " status changes, " + unchanged + " unchanged on "
                + pagesPublished + " page(s)" + (newestPublished == null ? "" : ", newest created " + newestPublished);
    }

    private static Instant createdAt(ApplicationSnapshot application) {
        return instant(application.applicationId(), application.createdAt());
    }

    /** A created_at as VK writes it ({@code 2017-10-11T20:57:43.411+03:00}). */
    static Instant instant(String applicationId, String createdAt) {
        try {
            return OffsetDateTime.parse(String.valueOf(createdAt)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("application " + applicationId + ": created_at "
                    + (createdAt == null ? "missing" : "\"" + createdAt + "\" is no date and time with offset")
                    + " (as 2017-10-11T20:57:43.411+03:00)", e);
        }
    }
}
