package ru.rabota.bridge.hh;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.log.Troubles;

/**
 * The steps of the hh.ru negotiations poll ({@code routes/hh-negotiations.camel.yaml}), bound as {@code hhPoll}:
 * which vacancies, which collections may be followed, the request of each page and the publication of its items
 * through {@code applicationPublisher}. Paging state travels in exchange properties: {@value #COLLECTION} (the
 * {@link HhCollection} being read) and {@value #PAGE} (the page to read next, absent once the collection is done).
 */
public final class HhNegotiationsPoll {

    public static final String COLLECTION = "hhCollection";
    public static final String PAGE = "hhPage";
    /**
     * Property: the failure of a collection of the vacancy (after retries), the vacancy then skipped in this poll for
     * it; an AtomicReference, shared by the copies of the exchange that the collections' split makes. (After the
     * split, EXCEPTION_CAUGHT is the last copy's, which may be one caught before the split, as a manager's list
     * refused with 404: the vacancy was taken for an unknown one and never read again after it left the list.)
     */
    public static final String INCOMPLETE = "hhVacancyIncomplete";
    /** Property: whether a page of the collection being read had negotiations without id or state. */
    private static final String KEYLESS = "hhCollectionKeyless";
    /** When the page was asked for: its snapshots were seen no earlier. */
    private static final String ASKED_AT = "hhPageAskedAt";

    private static final String UNANSWERED = "unanswered";
    private static final String ORIGIN = "origin ";

    private static final Logger LOG = LoggerFactory.getLogger(HhNegotiationsPoll.class);

    private final int perPage;
    private final Duration giveUpAfter;
    private final HhLinks links;
    private final Supplier<ApplicationPublisher> publisher;
    private final UnaryOperator<String> externalJobIds;
    /** Collections that answer negotiations without id or state. */
    private final Troubles incomplete = new Troubles();
    /** Vacancies skipped poll after poll: each refused one by its id, those hh.ru failed for as {@link #UNANSWERED}. */
    private final Troubles skipped = new Troubles();
    /** Collections not followed poll after poll (on another host), answers without a list of them. */
    private final Troubles refused = new Troubles();
    /**
     * The places ({@link #origin}) other than the API root that each vacancy's collections pointed at when last read:
     * a place's trouble ends once no vacancy's do, so that it is told when it comes again.
     */
    private final Map<String, Set<String>> elsewhereByVacancy = new ConcurrentHashMap<>();

    /**
     * @param perPage        items per page, at most 50 ({@link HhPaging#perPage})
     * @param giveUpAfter    how long a vacancy's call retries before the vacancy is skipped in this poll
     *                       ({@code bridge.hh.poll-interval}: the next poll reads it again)
     * @param publisher      {@code applicationPublisher}, looked up on first use
     * @param externalJobIds the customer's external_id of a vacancy the bundle published, by vacancy id, else null
     */
    public HhNegotiationsPoll(int perPage, Duration giveUpAfter, HhLinks links,
            Supplier<ApplicationPublisher> publisher, UnaryOperator<String> externalJobIds) {
        this.perPage = HhPaging.perPage(perPage);
        this.giveUpAfter = giveUpAfter;
        this.links = links;
        this.publisher = publisher;
        this.externalJobIds = externalJobIds;
    }

    /**
     * Sets the query of {@code direct:hh-list-collections} for the vacancy in header {@value HhApi#VACANCY_ID}, and
     * how long the vacancy's calls retry: one vacancy that keeps failing (a collection hh.ru answers 500 for) is
     * skipped after a poll interval instead of holding every vacancy after it, and read again by the next poll.
     */
    public void collectionsRequest(Exchange exchange) {
        exchange.setProperty(ApiHeaders.GIVE_UP_AFTER, giveUpAfter);
        exchange.setProperty(INCOMPLETE, new AtomicReference<Exception>());
        Message message = exchange.getMessage();
        message.setHeader(ApiHeaders.QUERY, Map.of("vacancy_id", message.getHeader(HhApi.VACANCY_ID)));
    }

    /**
     * The collections to read, from either edition of the answer: every entry of {@code states[]} (2015) or
     * {@code collections[]} (today) whose {@code url} is on the API root; {@code generated_collections[]} never
     * (they repeat negotiations of the real collections). A collection elsewhere is refused, never requested, and so
     * is an answer with neither list (hh.ru changed its answer again): one WARN line when the poll first meets it, one
     * INFO line when it is gone, not a line per poll.
     */
    public List<HhCollection> collections(@Body JsonNode answer, @Header(HhApi.VACANCY_ID) String vacancyId) {
        JsonNode listed = answer.has("collections") ? answer.path("collections") : answer.path("states");
        String unlisted = vacancyId + " answer";
        if (!listed.isArray()) {
            if (refused.starts(unlisted)) {
                List<String> fields = new ArrayList<>();
                answer.fieldNames().forEachRemaining(fields::add);
                LOG.warn("hh.ru vacancy {}: the collections answer has neither collections[] nor states[] (fields {});"
                        + " no negotiation of it can be read until it has", vacancyId,
                        fields.subList(0, Math.min(fields.size(), 10)));
            }
            return List.of();
        }
        refused.ends(unlisted).ifPresent(trouble -> LOG.info("hh.ru vacancy {}: the collections answer lists them"
                + " again, after {}", vacancyId, trouble.timesText("poll")));
        List<HhCollection> followable = new ArrayList<>();
        Set<String> origins = new HashSet<>();
        for (JsonNode collection : listed) {
            String id = collection.path("id").asText();
            String url = collection.path("url").asText(null);
            Optional<HhCollection> found = links.collection(vacancyId, id, url);
            String elsewhere = vacancyId + " collection " + id;
            if (found.isPresent()) {
                followable.add(found.get());
                refused.ends(elsewhere).ifPresent(trouble -> LOG.debug("hh.ru vacancy {}: collection '{}' is on"
                        + " bridge.hh.base-url again and read, after {}", vacancyId, id, trouble.timesText("poll")));
            } else {
                // one WARN per place the collections point at while any does (a bridge.hh.base-url that is not
                // hh.ru's own root refuses every collection of every vacancy: a line each was hundreds), the others
                // DEBUG lines
                String origin = origin(url);
                origins.add(origin);
                boolean newCollection = refused.starts(elsewhere);
                if (refused.starts(ORIGIN + origin)) {
                    LOG.warn("hh.ru vacancy {}: collection '{}' points at {}, not at bridge.hh.base-url; it is not"
                            + " requested, nor any other collection there (DEBUG lines name them)", vacancyId, id, url);
                } else if (newCollection) {
                    LOG.debug("hh.ru vacancy {}: collection '{}' points at {}, not at bridge.hh.base-url; not"
                            + " requested", vacancyId, id, url);
                }
            }
        }
        pointedElsewhere(vacancyId, origins);
        return followable;
    }

    /** Keeps the places the vacancy's collections point at; one INFO line for each place none points at any more. */
    private void pointedElsewhere(String vacancyId, Set<String> origins) {
        Set<String> before = origins.isEmpty() ? elsewhereByVacancy.remove(vacancyId)
                : elsewhereByVacancy.put(vacancyId, origins);
        if (before == null) {
            return;
        }
        before.stream().filter(origin -> elsewhereByVacancy.values().stream().noneMatch(now -> now.contains(origin)))
                .forEach(origin -> refused.ends(ORIGIN + origin).ifPresent(trouble -> LOG.info("hh.ru collections"
                        + " point at {} no more, after {} since {}", origin,
                        trouble.timesText("refused collection"), trouble.since())));
    }

    /** Scheme, host and port of a URL, or the URL itself when it is none. */
    private static String origin(String url) {
        try {
            URI uri = new URI(url == null ? "" : url);
            return uri.getHost() == null ? String.valueOf(url) : uri.getScheme() + "://" + uri.getAuthority();
        } catch (URISyntaxException e) {
            return url;
        }
    }

    /** Sets path and query of {@code direct:hh-list-negotiations} for the page in the exchange properties. */
    public void pageRequest(Exchange exchange) {
        HhCollection collection = exchange.getProperty(COLLECTION, HhCollection.class);
        Map<String, Object> query = new LinkedHashMap<>(collection.query());
        query.putAll(HhPaging.query(exchange.getProperty(PAGE, Integer.class), perPage));
        exchange.getMessage().setHeader(ApiHeaders.QUERY, query);
        exchange.getMessage().setHeader(HhApi.COLLECTION_PATH, collection.path());
        exchange.setProperty(ASKED_AT, Instant.now());
    }

    /**
     * Publishes the page in the body (one Kafka transaction: events, their state), then sets the next page, or
     * removes it after the last. A negotiation whose status was already emitted yields nothing, so re-read pages,
     * overlapping polls and restarts emit nothing twice.
     */
    public void pageReceived(Exchange exchange) {
        HhCollection collection = exchange.getProperty(COLLECTION, HhCollection.class);
        JsonNode answer = exchange.getMessage().getBody(JsonNode.class);
        JsonNode items = answer.path("items");
        List<ApplicationSnapshot> snapshots = HhApplications.snapshots(items, collection.vacancyId(),
                externalJobIds.apply(collection.vacancyId()), collection.id(),
                exchange.getProperty(ASKED_AT, Instant.class));
        int page = exchange.getProperty(PAGE, Integer.class);
        String where = "hh.ru vacancy " + collection.vacancyId() + " collection " + collection.id();
        if (page == 0) {
            exchange.removeProperty(KEYLESS);
        }
        if (snapshots.size() < items.size()) {
            // read again every poll: said once per collection, and once when a whole reading of it has none
            exchange.setProperty(KEYLESS, true);
            incomplete.came(where, LOG, "{}: {} negotiation(s) without id or state skipped (they cannot be keyed);"
                    + " one line when the collection has none", "{}: {} negotiation(s) without id or state skipped",
                    where, items.size() - snapshots.size());
        }
        run(exchange).page(publisher.get().publishPolled(snapshots, Map.of()));
        if (HhPaging.hasNext(answer, page)) {
            exchange.setProperty(PAGE, page + 1);
        } else {
            exchange.removeProperty(PAGE);
            if (!exchange.getProperty(KEYLESS, false, Boolean.class)) {
                incomplete.ends(where).ifPresent(trouble -> LOG.info("{}: every negotiation has an id and a state"
                        + " again, after {} since {}", where, trouble.timesText("poll"), trouble.since()));
            }
        }
    }

    /** Whether a collection of the vacancy failed in this poll. */
    public boolean incomplete(Exchange exchange) {
        return collectionFailure(exchange).get() != null;
    }

    /** The vacancy is skipped for its collection's failure: the one {@link #vacancySkipped} and the others read. */
    public void skippedForCollection(Exchange exchange) {
        exchange.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, collectionFailure(exchange).get());
    }

    @SuppressWarnings("unchecked")
    private static AtomicReference<Exception> collectionFailure(Exchange exchange) {
        return exchange.getProperty(INCOMPLETE, AtomicReference.class);
    }

    /** Whether the failure is the vacancy's own (an unknown vacancy, retries exhausted), not a refused access. */
    public boolean vacancyFailure(Exception failure) {
        return !(ApiException.in(failure) instanceof HhAccessException);
    }

    /**
     * A collection that could not be read; the vacancy's others go on. Gone (404) since the vacancy's collections
     * were read: one WARN line. Failed after retries: the vacancy is skipped in this poll ({@link #INCOMPLETE}).
     */
    public void collectionSkipped(Exchange exchange, @Header(HhApi.VACANCY_ID) String vacancyId) {
        Exception caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        ApiException failure = ApiException.in(caught);
        if (failure == null || failure.httpStatus() != 404) {
            // it failed: the vacancy's WARN line says so once (vacancySkipped)
            collectionFailure(exchange).set(caught);
            LOG.debug("hh.ru vacancy {}: collection '{}' failed: {}", vacancyId,
                    exchange.getProperty(COLLECTION, HhCollection.class).id(), failure);
            return;
        }
        LOG.warn("hh.ru vacancy {}: collection '{}' is gone (404) since its collections were read: skipped in this"
                + " poll", vacancyId, exchange.getProperty(COLLECTION, HhCollection.class).id());
    }

    /**
     * One WARN line for a vacancy whose negotiations could not be read in this poll; the others go on. A vacancy
     * skipped poll after poll for what it asks (an id mistyped in {@code bridge.hh.vacancy-ids}) has that one line,
     * and one INFO line when it is read again. Those hh.ru failed to answer (no answer, 5xx, 429) share one line, and
     * one INFO line after the first poll that skipped none so: an outage of hh.ru skips every vacancy, and one
     * collection hh.ru fails for hours skips one.
     */
    public void vacancySkipped(Exchange exchange, @Header(HhApi.VACANCY_ID) String vacancyId) {
        ApiException failure = ApiException.in(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT,
                Exception.class));
        boolean unanswered = failure == null || failure.retryable();
        run(exchange).vacancySkipped(unanswered);
        String reason = failure == null ? "unknown failure"
                : failure.httpStatus() == 404 ? "it does not exist or is not this employer's (404)"
                : failure.getMessage();
        skipped.came(unanswered ? UNANSWERED : vacancyId, LOG, "hh.ru vacancy {} skipped in this poll: {}; one line"
                + " when a poll reads " + (unanswered ? "every vacancy hh.ru failed for" : "it"),
                "hh.ru vacancy {} skipped again: {}", vacancyId, reason);
    }

    /** A run begins: its summary starts. */
    public void runStarts(Exchange exchange) {
        exchange.setProperty(HhPollRun.PROPERTY, new HhPollRun());
    }

    /** The run read every vacancy it could: one INFO line when it emitted or skipped something, else DEBUG. */
    public void runDone(Exchange exchange) {
        HhPollRun run = run(exchange);
        if (!run.skippedUnanswered()) {
            skipped.ends(UNANSWERED).ifPresent(trouble -> LOG.info("hh.ru vacancies hh.ru failed for are read again,"
                    + " after {} since {}", trouble.timesText("skipped reading"), trouble.since()));
        }
        if (run.told()) {
            LOG.info("hh.ru negotiations poll: {}", run);
        } else {
            LOG.debug("hh.ru negotiations poll: {}", run);
        }
    }

    private static HhPollRun run(Exchange exchange) {
        return exchange.getProperty(HhPollRun.PROPERTY, HhPollRun.class);
    }

    /** The vacancy's negotiations were read: if it was skipped before, one INFO line. */
    public void vacancyRead(Exchange exchange, @Header(HhApi.VACANCY_ID) String vacancyId) {
        run(exchange).vacancyRead();
        skipped.ends(vacancyId).ifPresent(trouble -> LOG.info("hh.ru vacancy {} is read again, after {} since {}",
                vacancyId, trouble.timesText("skipped poll"), trouble.since()));
    }
}
