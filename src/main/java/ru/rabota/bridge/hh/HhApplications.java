package ru.rabota.bridge.hh;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.applications.ApplicationSnapshot;

/**
 * hh.ru negotiations as the snapshots {@code applicationPublisher} makes application events of (CONTRACT.md
 * section 3): key {@code hh:<negotiation id>}, {@code status} the negotiation's {@code state.id}, {@code job_id} the
 * vacancy id, {@code candidate} the negotiation's {@code resume} with hh.ru's own field names (null when the
 * candidate deleted or hid it), and the extra member {@code collection}, the collection it was read from.
 */
public final class HhApplications {

    public static final String SOURCE = "hh";

    private static final Logger LOG = LoggerFactory.getLogger(HhApplications.class);
    // hh.ru writes offsets without a colon (+0300), which ISO-8601 readers such as OffsetDateTime.parse refuse
    private static final DateTimeFormatter HH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private HhApplications() {
    }

    /**
     * The snapshots of a list page's {@code items}, in page order; a negotiation without {@code id} or
     * {@code state.id} cannot be keyed or compared, so it is skipped with a WARN line.
     */
    public static List<ApplicationSnapshot> snapshots(JsonNode items, String vacancyId, String collection) {
        return StreamSupport.stream(items.spliterator(), false).filter(item -> {
            boolean complete = !item.path("id").asText("").isEmpty()
                    && !item.path("state").path("id").asText("").isEmpty();
            if (!complete) {
                LOG.warn("hh.ru vacancy {} collection {}: a negotiation without id or state.id was skipped",
                        vacancyId, collection);
            }
            return complete;
        }).map(item -> snapshot(item, vacancyId, collection)).toList();
    }

    /** @param item one element of a list answer's {@code items}, with {@code id} and {@code state.id} */
    static ApplicationSnapshot snapshot(JsonNode item, String vacancyId, String collection) {
        JsonNode resume = item.path("resume");
        return new ApplicationSnapshot(SOURCE, item.path("id").asText(), vacancyId, null,
                item.path("state").path("id").asText(), isoTime(item.path("created_at").asText(null)),
                resume.isObject() ? resume : null,
                JsonNodeFactory.instance.objectNode().put("collection", collection));
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
