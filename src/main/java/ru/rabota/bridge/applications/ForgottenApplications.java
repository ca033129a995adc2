package ru.rabota.bridge.applications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Where {@link ApplicationRetention} forgot applications: per source and job, the {@code created_at} of the newest
 * application whose state it removed, in {@code watermarkState} under {@code <source>:forgotten:<job id>} as
 * {@code {"created_at":"<ISO-8601 UTC>"}}. An application the state does not know, of a job whose applications were
 * forgotten up to its {@code created_at} or later, is one emitted before, not a new one: every application created
 * that early was read by a poll before the retention forgot any (a new one is created after the poll's watermark).
 */
final class ForgottenApplications {

    private static final String KEY = ":forgotten:";

    private final KafkaStateStore watermarkState;

    ForgottenApplications(KafkaStateStore watermarkState) {
        this.watermarkState = watermarkState;
    }

    /** Whether the snapshot shows an application whose state was forgotten (when the state does not know it). */
    boolean forgotten(ApplicationSnapshot snapshot) {
        if (snapshot.jobId() == null) {
            return false;
        }
        Optional<Instant> mark = mark(key(snapshot.source(), snapshot.jobId()));
        Instant created = instant(snapshot.createdAt());
        return mark.isPresent() && created != null && !created.isAfter(mark.get());
    }

    /** The mark's key of a job of a source. */
    static String key(String source, String jobId) {
        return source + KEY + jobId;
    }

    /** The mark stored under the key, if any. */
    Optional<Instant> mark(String key) {
        return watermarkState.get(key).map(ForgottenApplications::markOf);
    }

    static String markJson(Instant createdAt) {
        return BridgeJson.MAPPER.createObjectNode().put("created_at", createdAt.toString()).toString();
    }

    /** An ISO-8601 time with offset as the sources write {@code created_at}; null when it is none. */
    static Instant instant(String createdAt) {
        try {
            return createdAt == null ? null : OffsetDateTime.parse(createdAt).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant markOf(String json) {
        try {
            return Instant.parse(BridgeJson.MAPPER.readTree(json).path("created_at").asText());
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalStateException("unreadable mark of forgotten applications: " + json, e);
        }
    }
}
