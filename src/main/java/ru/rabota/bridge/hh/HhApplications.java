package ru.rabota.bridge.hh;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.applications.ApplicationSnapshot;

/**
 * hh.ru negotiations as the snapshots {@code applicationPublisher} makes application events of (CONTRACT.md
 * sections 3 and 5), from either edition of the API, item by item: key {@code hh:<negotiation id>}, {@code status}
 * the item's {@code employer_state.id} (today's answers) or else its {@code state.id} (2015), {@code job_id} the
 * vacancy id, {@code external_job_id} the customer's id of a vacancy the bundle published, {@code candidate} the negotiation's {@code resume} with hh.ru's own field names (null when the
 * candidate deleted or hid it), and the extra members {@code candidate_state} ({@code state.id}), {@code collection}
 * (the collection it was read from, null when it was read alone) and {@code actions} (the ids of its enabled
 * actions, empty for 2015 answers).
 */
public final class HhApplications {

    public static final String SOURCE = "hh";

    // hh.ru writes offsets without a colon (+0300), which ISO-8601 readers such as OffsetDateTime.parse refuse
    private static final DateTimeFormatter HH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private HhApplications() {
    }

    /**
     * The snapshots of a list page's {@code items}, in page order; a negotiation without {@code id} or a status
     * cannot be keyed or compared, so it is left out (the caller counts them).
     *
     * @param seenAt when the page was asked for
     */
    public static List<ApplicationSnapshot> snapshots(JsonNode items, String vacancyId, String externalJobId,
            String collection, Instant seenAt) {
        return StreamSupport.stream(items.spliterator(), false)
                .filter(item -> !item.path("id").asText("").isEmpty() && status(item) != null)
                .map(item -> snapshot(item, vacancyId, externalJobId, collection, seenAt)).toList();
    }

    /**
     * One negotiation as {@code GET /negotiations/{nid}} answered it (the vacancy named inside), or null when the
     * answer has no id or status.
     *
     * @param externalJobIds the customer's external_id of a vacancy the bundle published, by vacancy id
     * @param askedAt        when the GET was asked for, as a poll's page: the time of the answer would be later than
     *                       what it shows, and a poll's newer status emitted meanwhile would be turned back
     */
    public static ApplicationSnapshot single(JsonNode negotiation, UnaryOperator<String> externalJobIds,
            Instant askedAt) {
        if (negotiation.path("id").asText("").isEmpty() || status(negotiation) == null) {
            return null;
        }
        String vacancyId = negotiation.path("vacancy").path("id").asText(null);
        return snapshot(negotiation, vacancyId, vacancyId == null ? null : externalJobIds.apply(vacancyId), null,
                askedAt);
    }

    /** The employer's stage where the item has one (today), else the state the candidate sees (2015). */
    public static String status(JsonNode item) {
        String employerState = item.path("employer_state").path("id").asText("");
        String state = item.path("state").path("id").asText("");
        String status = employerState.isEmpty() ? state : employerState;
        return status.isEmpty() ? null : status;
    }

    /** @param item one negotiation with {@code id} and a status */
    static ApplicationSnapshot snapshot(JsonNode item, String vacancyId, String externalJobId, String collection,
            Instant seenAt) {
        JsonNode resume = item.path("resume");
        ObjectNode extra = JsonNodeFactory.instance.objectNode()
                .put("candidate_state", item.path("state").path("id").asText(null))
                .put("collection", collection);
        ArrayNode actions = extra.putArray("actions");
        item.path("actions").forEach(action -> {
            if (action.path("enabled").asBoolean(false) && action.hasNonNull("id")) {
                actions.add(action.path("id").asText());
            }
        });
        return new ApplicationSnapshot(SOURCE, item.path("id").asText(), vacancyId, externalJobId, status(item),
                isoTime(item.path("created_at").asText(null)), resume.isObject() ? resume : null, extra, seenAt);
    }

    /** hh.ru's {@code 2015-05-14T00:00:00+0300} as {@code 2015-05-14T00:00:00+03:00}; anything else unchanged. */
    static String isoTime(String time) {
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time, HH_TIME).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return time;
        }
    }
}
