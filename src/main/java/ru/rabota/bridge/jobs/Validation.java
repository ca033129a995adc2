package ru.rabota.bridge.jobs;

import java.util.List;

/**
 * What {@link JobCommandValidator} found.
 *
 * @param violations   each names the field and the value, e.g. {@code job.lat: 95.1 is outside [-90, 90]}
 * @param professionId the resolved profession of a valid upsert (from {@code profession_id} or the title), else null
 */
public record Validation(List<String> violations, Integer professionId) {

    public Validation {
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violations.isEmpty();
    }

    /** All violations in one text, the {@code error.detail} of a {@code rejected} event. */
    public String detail() {
        return String.join("; ", violations);
    }
}
