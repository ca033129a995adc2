package ru.rabota.bridge.hh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * Which hh.ru vacancies the negotiations poll reads ({@code bridge.hh.vacancy-ids}), bound as {@code hhVacancies}
 * for route {@code hh-vacancies-to-poll}: an explicit comma-separated list, or {@value #ACTIVE}, the employer's
 * active vacancies read anew each poll ({@code GET /employers/{employer_id}/vacancies/active}, every page: hh.ru
 * lists the token's user's, then each of {@code bridge.hh.manager-ids} with {@code manager_id}), plus the vacancies
 * the bundle published to hh.ru itself. The ids found so far travel in exchange property {@value #FOUND}, the page
 * to read next in {@value #PAGE} (absent once every list is done), the list's manager in {@value #MANAGER}.
 */
public final class HhVacancies {

    private static final Logger LOG = LoggerFactory.getLogger(HhVacancies.class);

    public static final String ACTIVE = "active";
    public static final String FOUND = "hhVacanciesFound";
    public static final String PAGE = "hhVacanciesPage";
    /** The index in {@link #listings} of the list being read. */
    public static final String MANAGER = "hhVacanciesManager";

    private final List<String> configured;
    private final boolean active;
    /** The active lists to read: the token's user's (no manager_id), then each manager's. */
    private final List<String> listings = new ArrayList<>();
    private final int perPage;
    private final Supplier<Set<String>> published;
    /** What the application state's retention knows of the polls. */
    private final HhPolledVacancies polled;
    /** The vacancies the poll before read as listed, configured or published. */
    private Set<String> polledBefore = Set.of();
    /** Managers whose list hh.ru refuses poll after poll. */
    private final Troubles refusedLists = new Troubles();
    /** Vacancies no longer listed, configured or published that a poll is still to read once whole. */
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();

    /**
     * @param vacancyIds {@code bridge.hh.vacancy-ids}: {@value #ACTIVE} or comma-separated ids
     * @param managerIds {@code bridge.hh.manager-ids}: comma-separated ids of the employer's other managers, whose
     *                   active vacancies hh.ru lists only when asked by {@code manager_id}
     * @param perPage    vacancies per page of the active list, at most 50
     * @param published  the hh.ru ids of the vacancies the bundle published, read each poll
     * @param polled     told of each poll's vacancies
     */
    public HhVacancies(String vacancyIds, String managerIds, int perPage, Supplier<Set<String>> published,
            HhPolledVacancies polled) {
        this.active = ACTIVE.equalsIgnoreCase(vacancyIds.trim());
        this.configured = active ? List.of() : ids(vacancyIds);
        listings.add(null);
        listings.addAll(ids(managerIds));
        this.perPage = HhPaging.perPage(perPage);
        this.published = published;
        this.polled = polled;
    }

    /** The ids of a comma-separated list, as {@code bridge.hh.vacancy-ids} and {@code bridge.hh.manager-ids} give them. */
    static List<String> ids(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(id -> !id.isEmpty()).distinct()
                .toList();
    }

    /** Whether the poll lists the employer's active vacancies (else it reads the configured ids). */
    public boolean listsActive() {
        return active;
    }

    /** Starts the list: nothing found yet, the token's user's list, page 0. */
    public void start(Exchange exchange) {
        exchange.setProperty(FOUND, new LinkedHashSet<String>());
        exchange.setProperty(MANAGER, 0);
        exchange.setProperty(PAGE, 0);
    }

    /** Sets the query of {@code direct:hh-list-active-vacancies} for the next page. */
    public void pageRequest(Exchange exchange) {
        Map<String, Object> query = HhPaging.query(exchange.getProperty(PAGE, Integer.class), perPage);
        String manager = listings.get(exchange.getProperty(MANAGER, Integer.class));
        if (manager != null) {
            query.put("manager_id", manager);
        }
        exchange.getMessage().setHeader(ApiHeaders.QUERY, query);
    }

    /**
     * Keeps the ids of the page in the body, then sets the next page: of this list, else the first of the next
     * manager's; removes it after the last.
     */
    @SuppressWarnings("unchecked")
    public void pageReceived(Exchange exchange) {
        JsonNode answer = exchange.getMessage().getBody(JsonNode.class);
        Set<String> found = exchange.getProperty(FOUND, Set.class);
        answer.path("items").forEach(item -> {
            if (!item.path("id").asText("").isEmpty()) {
                found.add(item.path("id").asText());
            }
        });
        int page = exchange.getProperty(PAGE, Integer.class);
        if (HhPaging.hasNext(answer, page)) {
            exchange.setProperty(PAGE, page + 1);
            return;
        }
        String manager = listings.get(exchange.getProperty(MANAGER, Integer.class));
        if (manager != null) {
            refusedLists.ends(manager).ifPresent(trouble -> LOG.info("hh.ru: the active vacancies of manager {} are"
                    + " read again, after {} since {}", manager, trouble.timesText("refused poll"), trouble.since()));
        }
        nextList(exchange);
    }

    /**
     * Whether hh.ru refused a manager's list for what it asks (404: no such manager, one who left, or not the token's
     * user's to see): that list is skipped and the others are read. The user's own list refused fails the poll.
     */
    public boolean managerRefused(Exchange exchange) {
        ApiException failure = ApiException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        return listings.get(exchange.getProperty(MANAGER, Integer.class)) != null && failure != null
                && failure.refusesRequest() && !(failure instanceof HhAccessException);
    }

    /** Skips the refused manager's list (one WARN while hh.ru refuses it, one INFO once read again). */
    public void managerSkipped(Exchange exchange) {
        String manager = listings.get(exchange.getProperty(MANAGER, Integer.class));
        String reason = LogText.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        refusedLists.came(manager, LOG, "hh.ru: the active vacancies of manager {} (bridge.hh.manager-ids) are"
                + " refused: {}; the other lists are read, one line when this one is",
                "hh.ru: the active vacancies of manager {} refused again: {}", manager, reason);
        nextList(exchange);
    }

    /** The first page of the next list, or none after the last. */
    private void nextList(Exchange exchange) {
        int manager = exchange.getProperty(MANAGER, Integer.class);
        if (manager + 1 < listings.size()) {
            exchange.setProperty(MANAGER, manager + 1);
            exchange.setProperty(PAGE, 0);
        } else {
            exchange.removeProperty(PAGE);
            exchange.removeProperty(MANAGER);
        }
    }

    /**
     * The vacancies of this poll: those listed (or configured) first, then the published ones not among them, then
     * those of an earlier poll that are neither any longer (archived, another manager's now), until a poll has read
     * them whole ({@link #read}): what changed on them since arrives too, even when the first read after they left
     * failed. Remembered in this process only (a new active instance's first poll cannot know them).
     */
    @SuppressWarnings("unchecked")
    public synchronized List<String> toPoll(Exchange exchange) {
        Set<String> ids = new LinkedHashSet<>(active ? exchange.getProperty(FOUND, Set.class) : configured);
        ids.addAll(published.get());
        exchange.removeProperty(FOUND);
        polledBefore.stream().filter(id -> !ids.contains(id)).forEach(leaving::add);
        leaving.removeAll(ids);
        polledBefore = ids;
        List<String> poll = new ArrayList<>(ids);
        poll.addAll(leaving);
        polled.polling(poll, Instant.now());
        return poll;
    }

    /** The vacancy's negotiations were read whole: one that left the list needs no further read. */
    public void read(@Header(HhApi.VACANCY_ID) String vacancyId) {
        leaving.remove(vacancyId);
    }

    /** The vacancy could not be read: one that left the list is read again next poll, unless it is gone (404). */
    public void skipped(@Header(HhApi.VACANCY_ID) String vacancyId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        ApiException api = ApiException.in(failure);
        if (api != null && api.httpStatus() == 404) {
            leaving.remove(vacancyId);
        }
    }
}
