package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.util.List;

/** An application of a candidate to a job, immutable; a status change makes a new one. */
public record VkApplication(long id, long jobId, long candidateId, String status, Instant createdAt,
        Instant updatedAt) {

    /** The statuses of the Application model, in the document's order. */
    public static final List<String> STATUSES = List.of("unread", "declined", "read", "selected", "improper",
            "rejected", "invited", "reserved", "missed", "closed");

    /** Whether {@code status} is one of the model's (false for null). */
    public static boolean isStatus(String status) {
        return status != null && STATUSES.contains(status);
    }

    VkApplication withStatus(String newStatus, Instant at) {
        return new VkApplication(id, jobId, candidateId, newStatus, createdAt, at);
    }
}
