package ru.rabota.sandbox.vk;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job as the simulator holds it, immutable: a change makes a new one. {@code fields} are the attributes the
 * client sets (title, description, lat, long, address, salary_*, contact_phone, remote, auto_renew,
 * external_id, ...), already normalised; the rest is the job's life cycle.
 *
 * @param status "active" or "closed"; "expired" is derived from {@code expiresAt} ({@link #status(Instant)})
 */
public record VkJob(long id, int professionId, String status, String publicationType, String closeReason,
        Instant publishedAt, Instant expiresAt, Instant refreshedAt, Instant highlightedTill, ObjectNode fields) {

    /** A copy: the stored node is shared by readers and never changed. */
    @Override
    public ObjectNode fields() {
        return fields.deepCopy();
    }

    /** The stored node itself, for rendering without a copy; callers must not change it. */
    ObjectNode storedFields() {
        return fields;
    }

    /** A client attribute as text, or null. */
    public String text(String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    public String externalId() {
        return text("external_id");
    }

    public String title() {
        return text("title");
    }

    /** active, closed, or expired once an active job without auto_renew outlives its publication. */
    public String status(Instant now) {
        boolean renews = fields.path("auto_renew").asBoolean(false);
        return "active".equals(status) && !renews && expiresAt != null && !now.isBefore(expiresAt) ? "expired"
                : status;
    }

    VkJob withFields(ObjectNode newFields, int newProfessionId) {
        return new VkJob(id, newProfessionId, status, publicationType, closeReason, publishedAt, expiresAt,
                refreshedAt, highlightedTill, newFields);
    }

    VkJob closed(String reason) {
        return new VkJob(id, professionId, "closed", publicationType, reason, publishedAt, expiresAt, refreshedAt,
                highlightedTill, fields);
    }

    VkJob published(String type, Instant at, Instant until) {
        return new VkJob(id, professionId, "active", type, null, at, until, at, highlightedTill, fields);
    }

    VkJob refreshed(Instant at) {
        return new VkJob(id, professionId, status, publicationType, closeReason, publishedAt, expiresAt, at,
                highlightedTill, fields);
    }

    VkJob highlighted(Instant till) {
        return new VkJob(id, professionId, status, publicationType, closeReason, publishedAt, expiresAt, refreshedAt,
                till, fields);
    }

    VkJob expiringAt(Instant at) {
        return new VkJob(id, professionId, status, publicationType, closeReason, publishedAt, at, refreshedAt,
                highlightedTill, fields);
    }
}
