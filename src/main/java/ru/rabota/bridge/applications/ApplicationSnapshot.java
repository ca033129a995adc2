package ru.rabota.bridge.applications;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One application as a source showed it just now (a page of a poll, the answer to a status command): what
 * {@link ApplicationPublisher} compares with the last emitted status and turns into an event.
 *
 * @param source        {@code vkrabota} or {@code hh}: the first part of the event's key
 * @param applicationId the source's id of the application (hh.ru: the negotiation id)
 * @param jobId         the source's job id (hh.ru: the vacancy id)
 * @param externalJobId the customer's {@code external_id} of that job when the bundle published it, else null
 * @param createdAt     as the source wrote it, ISO-8601 with offset
 * @param candidate     the candidate with everything the source sent about them, or null
 * @param extra         more members of the event, after the contract's own (hh.ru: {@code collection}); may be null
 * @param seenAt        no later than when the source showed it (a poll: when its page was asked for), so that a
 *                      snapshot that may be older than the state (asked for before the state's event was emitted)
 *                      is not taken for a change; null: not known, never stale
 */
public record ApplicationSnapshot(String source, String applicationId, String jobId, String externalJobId,
        String status, String createdAt, JsonNode candidate, ObjectNode extra, Instant seenAt) {

    /** A snapshot whose time is not known. */
    public ApplicationSnapshot(String source, String applicationId, String jobId, String externalJobId,
            String status, String createdAt, JsonNode candidate, ObjectNode extra) {
        this(source, applicationId, jobId, externalJobId, status, createdAt, candidate, extra, null);
    }

    public ApplicationSnapshot {
        if (source == null || applicationId == null || status == null) {
            throw new IllegalArgumentException("an application needs a source, an id and a status, got "
                    + source + ":" + applicationId + " status " + status);
        }
    }

    /** The event's Kafka key and the state's key: {@code <source>:<application id>}. */
    public String key() {
        return ApplicationState.key(source, applicationId);
    }
}
