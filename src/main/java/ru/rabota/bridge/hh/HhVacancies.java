package ru.rabota.bridge.hh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiHeaders;

/**
 * Which hh.ru vacancies the negotiations poll reads ({@code bridge.hh.vacancy-ids}), bound as {@code hhVacancies}
 * for route {@code hh-vacancies-to-poll}: an explicit comma-separated list, or {@value #ACTIVE}, the employer's
 * active vacancies read anew each poll ({@code GET /employers/{employer_id}/vacancies/active}, every page), plus
 * the vacancies the bundle published to hh.ru itself. The ids found so far travel in exchange property
 * {@value #FOUND}, the page to read next in {@value #PAGE} (absent once the list is done).
 */
public final class HhVacancies {

    public static final String ACTIVE = "active";
    public static final String FOUND = "hhVacanciesFound";
    public static final String PAGE = "hhVacanciesPage";

    private final List<String> configured;
    private final boolean active;
    private final int perPage;
    private final Supplier<Set<String>> published;

    /**
     * @param vacancyIds {@code bridge.hh.vacancy-ids}: {@value #ACTIVE} or comma-separated ids
     * @param perPage    vacancies per page of the active list, at most 50
     * @param published  the hh.ru ids of the vacancies the bundle published, read each poll
     */
    public HhVacancies(String vacancyIds, int perPage, Supplier<Set<String>> published) {
        this.active = ACTIVE.equalsIgnoreCase(vacancyIds.trim());
        this.configured = active ? List.of() : Arrays.stream(vacancyIds.split(",")).map(String::trim)
                .filter(id -> !id.isEmpty()).distinct().toList();
        this.perPage = HhPaging.perPage(perPage);
        this.published = published;
    }

    /** Whether the poll lists the employer's active vacancies (else it reads the configured ids). */
    public boolean listsActive() {
        return active;
    }

    /** Starts the list: nothing found yet, page 0. */
    public void start(Exchange exchange) {
        exchange.setProperty(FOUND, new LinkedHashSet<String>());
        exchange.setProperty(PAGE, 0);
    }

    /** Sets the query of {@code direct:hh-list-active-vacancies} for the next page. */
    public void pageRequest(Exchange exchange) {
        exchange.getMessage().setHeader(ApiHeaders.QUERY,
                HhPaging.query(exchange.getProperty(PAGE, Integer.class), perPage));
    }

    /** Keeps the ids of the page in the body, then sets the next page or removes it after the last. */
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
        // counted from the page asked for, not the page echoed, so an answer can never hold the loop on one page
        if (!answer.path("items").isEmpty() && page + 1 < answer.path("pages").asInt()) {
            exchange.setProperty(PAGE, page + 1);
        } else {
            exchange.removeProperty(PAGE);
        }
    }

    /** The vacancies of this poll: those listed (or configured) first, then the published ones not among them. */
    @SuppressWarnings("unchecked")
    public List<String> toPoll(Exchange exchange) {
        Set<String> ids = new LinkedHashSet<>(active ? exchange.getProperty(FOUND, Set.class) : configured);
        ids.addAll(published.get());
        exchange.removeProperty(FOUND);
        return new ArrayList<>(ids);
    }
}
