package ru.rabota.bridge.applications.vk;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.applications.ApplicationSnapshot;

/** A VK Работа application as {@code JsonApi.page} resolved it, as the snapshot an event is made of. */
final class VkApplicationRecords {

    static final String SOURCE = "vkrabota";

    private VkApplicationRecords() {
    }

    /**
     * The candidate goes into the event as resolved: every attribute, experiences with their profession,
     * nationality, avatar and any relationship VK adds (video_resume), unknown ones included.
     *
     * @param externalJobIds VK job id to the customer's external_id, for jobs the bundle published
     * @param seenAt         no later than when VK answered with it
     * @throws IllegalArgumentException naming the field and its value, when the record has no id or status, or a
     *                                  created_at that is no date (the poll's order and watermark need it)
     */
    static ApplicationSnapshot snapshot(ObjectNode record, Map<String, String> externalJobIds, Instant seenAt) {
        String jobId = text(record.get("job_id"));
        ApplicationSnapshot snapshot = new ApplicationSnapshot(SOURCE, text(record.get("id")), jobId,
                jobId == null ? null : externalJobIds.get(jobId), text(record.get("status")),
                text(record.get("created_at")), record.get("candidate"), null, seenAt);
        VkApplicationScan.instant(snapshot.applicationId(), snapshot.createdAt());
        return snapshot;
    }

    /** VK writes ids as numbers in attributes and as strings in resources: both become text. */
    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }
}
