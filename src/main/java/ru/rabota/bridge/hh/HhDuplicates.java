package ru.rabota.bridge.hh;

import static ru.rabota.bridge.jobs.JobFlow.known;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.jobs.JobFlow;
import ru.rabota.bridge.jobs.JobRecord;

/**
 * The search of route {@code hh-publish} (routes/jobs-hh.camel.yaml) through the vacancies hh.ru names when it refuses
 * a {@code POST /vacancies} as a duplicate (403 {@code vacancies: duplicate}), bound as {@code hhDuplicates}: each is
 * read in turn, the one whose {@code code} is the code sent is adopted as the publication, and when none is, and none
 * can be, the publication goes again with {@code ignore_duplicates=true}. Apart from {@link HhJobSteps}, as VK Работа's
 * look-up before a repeated POST is ({@code vkCreatedBefore}): it is a loop of its own with its own state in exchange
 * properties, which the other steps neither read nor set. Thread-safe.
 */
public final class HhDuplicates {

    /** Property: the ids of the vacancies a 403 duplicate names, not read yet. */
    static final String DUPLICATES = "bridgeHhDuplicates";
    /** Property: the undo of the publication's intent, put aside while its duplicates are read. */
    static final String UNDO_ASIDE = "bridgeHhUndo";
    /** Property: whether a duplicate refusal naming no vacancy of this code means none is ({@link #duplicates}). */
    static final String NONE_OURS = "bridgeHhNoneOurs";
    /** Property: whether an attempt of the refused POST may have published (its answer lost, or a 5xx). */
    static final String PUBLISHED_MAYBE = "bridgeHhPublishedMaybe";
    /** Property: the publication goes again with {@code ignore_duplicates=true} ({@link #adoptedOrRefused}). */
    static final String ANYWAY = "bridgeHhAnyway";

    /** hh.ru's duplicate refusal as {@link ru.rabota.bridge.api.ApiErrors} writes it: the ids named, how many found. */
    private static final Pattern DUPLICATE = Pattern.compile("vacancies: duplicate \\(([\\d, ]+)(; \\d+ found)?\\)");

    /**
     * The vacancies the duplicate names, to read one after the other; the intent's undo waits meanwhile. When none of
     * them turns out to be of this code, that means none is ({@value #NONE_OURS}) if this publication cannot have
     * published before its refusal (a fresh intent, and no attempt of its POST went without answer) or hh.ru named
     * every vacancy it found (it names "a limited number", errors.md).
     */
    public void duplicates(Exchange exchange) {
        Matcher named = DUPLICATE.matcher(HhJobSteps.caught(exchange).detail());
        Deque<String> ids = new ArrayDeque<>();
        boolean allNamed = false;
        if (named.find()) {
            ids.addAll(Arrays.asList(named.group(1).split(",\\s*")));
            allNamed = named.group(2) == null;
        }
        JobRecord known = known(exchange);
        // an attempt of this POST without answer (or with a 5xx) may have published; the calls that read the
        // vacancies named forget it, so it is kept for the refusal (JobFlow#failed then keeps the intent)
        boolean actedMaybe = exchange.getProperty(ApiHeaders.ACTED_MAYBE, false, Boolean.class);
        boolean fresh = (known == null || known.status() != JobRecord.Status.CREATING) && !actedMaybe;
        exchange.setProperty(NONE_OURS, fresh || allNamed);
        exchange.setProperty(PUBLISHED_MAYBE, actedMaybe);
        exchange.setProperty(DUPLICATES, ids);
        exchange.setProperty(UNDO_ASIDE, exchange.removeProperty(JobFlow.UNDO));
    }

    /** Whether a vacancy named as a duplicate is still to be read. */
    public boolean moreDuplicates(Exchange exchange) {
        return !exchange.getProperty(DUPLICATES, Deque.class).isEmpty();
    }

    /** The next vacancy named, as the path id of {@code hh-get-vacancy}. */
    public void nextDuplicate(Exchange exchange) {
        exchange.getMessage().setHeader(HhApi.VACANCY_ID, exchange.getProperty(DUPLICATES, Deque.class).pop());
    }

    /**
     * A vacancy read (the body): the one whose {@code code} is the code sent ends the search; that is the external_id
     * unless the command's hh object overrides it.
     */
    public void duplicateRead(Exchange exchange) {
        JsonNode vacancy = exchange.getMessage().getBody(JsonNode.class);
        String sent = HhJobSteps.publication(exchange).body().path("code").asText(null);
        if (sent != null && sent.equals(vacancy.path("code").asText(null))) {
            exchange.getProperty(DUPLICATES, Deque.class).clear();
            exchange.setProperty(JobFlow.UNDO, exchange.removeProperty(UNDO_ASIDE));
            exchange.getMessage().setBody(JsonNodeFactory.instance.objectNode().put("id",
                    exchange.getMessage().getHeader(HhApi.VACANCY_ID, String.class)));
        }
    }

    /**
     * After the vacancies named were read: the one of this external_id was adopted (the body has its id). None was,
     * and none can be ({@value #NONE_OURS}): they are the employer's other vacancies alike (another external_id of the
     * same name and area), and the publication goes again with {@code ignore_duplicates=true} ({@value #ANYWAY}: the
     * body, and the query). Otherwise hh.ru's refusal goes on to the flow's catch.
     */
    public void adoptedOrRefused(Exchange exchange) throws ApiException {
        exchange.removeProperty(DUPLICATES);
        // this publication's alone: a paid call never follows from an earlier one's
        exchange.removeProperty(ANYWAY);
        Object undo = exchange.removeProperty(UNDO_ASIDE);
        if (undo != null) {
            exchange.setProperty(JobFlow.UNDO, undo);
            // an earlier intent's body refused so goes no further: the upsert's own is published instead
            boolean noneOurs = exchange.getProperty(NONE_OURS, false, Boolean.class);
            if (!noneOurs || HhJobSteps.earlierIntent(exchange)) {
                // not none ours: an earlier attempt of this body may have published the vacancy, and hh.ru named only
                // some of those it found; so the intent stays, and no other body is published in its place
                if (!noneOurs || exchange.getProperty(PUBLISHED_MAYBE, false, Boolean.class)) {
                    exchange.setProperty(ApiHeaders.ACTED_MAYBE, true);
                }
                throw HhJobSteps.caught(exchange);
            }
            exchange.setProperty(ANYWAY, true);
            exchange.getMessage().setBody(HhJobSteps.sent(HhJobSteps.publication(exchange)));
            exchange.getMessage().setHeader(ApiHeaders.QUERY, Map.of("ignore_duplicates", "true"));
        }
    }
}
