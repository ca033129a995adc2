package ru.rabota.bridge.applications;

import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import ru.rabota.bridge.json.BridgeJson;

/**
 * What {@code applicationState} (topic {@code rabota.state.applications}) keeps per application, under the key
 * {@code <source>:<application id>}: the status of the last event emitted, the job and the creation time, as JSON
 * {@code {"status":"read","job_id":"298","created_at":"2017-10-11T20:57:43.411+03:00","seen_at":"..."}}, where
 * {@code seen_at} is when the last event was emitted, no earlier than when its snapshot was shown (absent in
 * records of earlier versions). Unknown
 * members are ignored, so a later version may add some.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"status", "job_id", "created_at", "seen_at"})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationState(String status, String jobId, String createdAt, String seenAt) {


    public static String key(String source, String applicationId) {
        return source + ":" + applicationId;
    }

    /** @param emittedAt when the snapshot's event is decided: no earlier than when the source showed it */
    public static ApplicationState of(ApplicationSnapshot snapshot, Instant emittedAt) {
        return new ApplicationState(snapshot.status(), snapshot.jobId(), snapshot.createdAt(), emittedAt.toString());
    }

    /**
     * Whether the snapshot may be older than what this state was made of: it was asked for before the state's
     * status was emitted. A poll whose page was read before a status command's answer was emitted, or a re-scan and
     * a poll reading one application in turn, would otherwise turn the status back (and emit the later one again
     * after it); the next read, asked for after, brings the change.
     */
    public boolean newerThan(ApplicationSnapshot snapshot) {
        return seenAt != null && snapshot.seenAt() != null && snapshot.seenAt().isBefore(Instant.parse(seenAt));
    }

    public static ApplicationState parse(String json) {
        try {
            return BridgeJson.MAPPER.readValue(json, ApplicationState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an application state: " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        try {
            return BridgeJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
