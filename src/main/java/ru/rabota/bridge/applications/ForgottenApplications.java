package ru.rabota.bridge.applications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Where {@link ApplicationRetention} forgot applications: per source and job, the {@code created_at} of the oldest and
 * of the newest application whose state it removed, in {@code watermarkState} under
 * {@code <source>:forgotten:<job id>} as {@code {"created_from":"<ISO-8601 UTC>","created_at":"<ISO-8601 UTC>"}}. An
 * application the state does not know, of a job whose applications were forgotten from before its {@code created_at}
 * to after it, is one emitted before, not a new one: every application created between two that a poll read was read
 * by a poll too (a new one is created after the poll's watermark). One created before the oldest was not, when the
 * first poll started after it ({@code bridge.applications.since}): a status command's answer may show it.
 */
final class ForgottenApplications {

    /** The {@code created_at} of the oldest and the newest application forgotten of a job. */
    record Span(Instant from, Instant to) {

        static Span of(Instant createdAt) {
            return new Span(createdAt, createdAt);
        }

        Span widened(Span other) {
            return new Span(from.isBefore(other.from) ? from : other.from, to.isAfter(other.to) ? to : other.to);
        }

        boolean covers(Instant createdAt) {
            return !createdAt.isBefore(from) && !createdAt.isAfter(to);
        }
    }

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
        Instant created = instant(snapshot.createdAt());
        return created != null && mark(key(snapshot.source(), snapshot.jobId())).filter(span -> span.covers(created))
                .isPresent();
    }

    /** The mark's key of a job of a source. */
    static String key(String source, String jobId) {
        return source + KEY + jobId;
    }

    /** The mark stored under the key, if any. */
    Optional<Span> mark(String key) {
        return watermarkState.get(key).map(ForgottenApplications::markOf);
    }

    static String markJson(Span span) {
        return BridgeJson.MAPPER.createObjectNode().put("created_from", span.from().toString())
                .put("created_at", span.to().toString()).toString();
    }

    /** An ISO-8601 time with offset as the sources write {@code created_at}; null when it is none. */
    static Instant instant(String createdAt) {
        try {
            return createdAt == null ? null : OffsetDateTime.parse(createdAt).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Span markOf(String json) {
        try {
            JsonNode mark = BridgeJson.MAPPER.readTree(json);
            return new Span(Instant.parse(mark.path("created_from").asText()),
                    Instant.parse(mark.path("created_at").asText()));
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalStateException("unreadable mark of forgotten applications: " + json, e);
        }
    }
}
