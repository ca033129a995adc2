package ru.rabota.bridge.applications;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import ru.rabota.bridge.json.BridgeJson;

/**
 * What {@code applicationState} (topic {@code rabota.state.applications}) keeps per application, under the key
 * {@code <source>:<application id>}: the application's status, the job and the creation time, as JSON
 * {@code {"status":"read","job_id":"298","created_at":"2017-10-11T20:57:43.411+03:00","seen_at":"...",
 * "earlier":["unread"]}}, where {@code seen_at} is when the status was decided, no earlier than when its snapshot
 * was shown (absent in records of earlier versions), and {@code earlier} the other statuses emitted before (absent
 * while there are none): the contract's one event per (source, application, status) holds when a status comes back.
 * Unknown members are ignored, so a later version may add some.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"status", "job_id", "created_at", "seen_at", "earlier"})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationState(String status, String jobId, String createdAt, String seenAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> earlier) {


    public static String key(String source, String applicationId) {
        return source + ":" + applicationId;
    }

    /**
     * @param previous  the state before, or null
     * @param emittedAt when the snapshot's event is decided: no earlier than when the source showed it
     */
    public static ApplicationState of(ApplicationSnapshot snapshot, ApplicationState previous, Instant emittedAt) {
        List<String> earlier = new ArrayList<>();
        if (previous != null) {
            earlier.addAll(previous.earlier());
            earlier.add(previous.status());
        }
        earlier.removeIf(status -> status.equals(snapshot.status()));
        return new ApplicationState(snapshot.status(), snapshot.jobId(), snapshot.createdAt(), emittedAt.toString(),
                earlier.isEmpty() ? null : List.copyOf(new LinkedHashSet<>(earlier)));
    }

    /** The other statuses emitted before this one, oldest first. */
    @Override
    public List<String> earlier() {
        return earlier == null ? List.of() : earlier;
    }

    /** Whether an event with this status was emitted: now or before. */
    public boolean emitted(String other) {
        return status.equals(other) || earlier().contains(other);
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
