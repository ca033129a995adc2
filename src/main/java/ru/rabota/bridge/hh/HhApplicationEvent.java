package ru.rabota.bridge.hh;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The contract's application event for one hh.ru negotiation (CONTRACT.md section 3): {@code status} is the
 * negotiation's {@code state.id}, {@code job_id} the vacancy id, {@code candidate} the negotiation's {@code resume}
 * with hh.ru's own field names (null when the candidate deleted or hid it), {@code collection} the collection it was
 * read from. Every key is always written, so consumers see one shape.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"event", "source", "application_id", "job_id", "external_job_id", "status", "previous_status",
        "created_at", "collection", "candidate"})
public record HhApplicationEvent(String event, String source, String applicationId, String jobId,
        String externalJobId, String status, String previousStatus, String createdAt, String collection,
        JsonNode candidate) {

    public static final String SOURCE = "hh";
    public static final String CREATED = "application.created";
    public static final String STATUS_CHANGED = "application.status_changed";

    // hh.ru writes offsets without a colon (+0300), which ISO-8601 readers such as OffsetDateTime.parse refuse
    private static final DateTimeFormatter HH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    /**
     * @param item           one element of a list answer's {@code items}
     * @param previousStatus the status last emitted for it, null when this is the first event
     */
    public static HhApplicationEvent of(JsonNode item, String vacancyId, String collection, String previousStatus) {
        JsonNode resume = item.path("resume");
        return new HhApplicationEvent(previousStatus == null ? CREATED : STATUS_CHANGED, SOURCE,
                item.path("id").asText(), vacancyId, null, item.path("state").path("id").asText(), previousStatus,
                isoTime(item.path("created_at").asText(null)), collection, resume.isObject() ? resume : null);
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
