package ru.rabota.bridge.applications;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The application event of CONTRACT.md section 3, value of {@code rabota.applications}. */
public final class ApplicationEvent {

    public static final String CREATED = "application.created";
    public static final String STATUS_CHANGED = "application.status_changed";

    private ApplicationEvent() {
    }

    /**
     * {@code application.created} when {@code previous} is null (first seen), else
     * {@code application.status_changed} with {@code previous_status}. Every contract member is written, null
     * when unknown, so consumers see one shape; the snapshot's extra members follow.
     */
    public static ObjectNode of(ApplicationSnapshot snapshot, ApplicationState previous) {
        ObjectNode event = JsonNodeFactory.instance.objectNode()
                .put("event", previous == null ? CREATED : STATUS_CHANGED)
                .put("source", snapshot.source())
                .put("application_id", snapshot.applicationId())
                .put("job_id", snapshot.jobId())
                .put("external_job_id", snapshot.externalJobId())
                .put("status", snapshot.status())
                .put("previous_status", previous == null ? null : previous.status())
                .put("created_at", snapshot.createdAt());
        event.set("candidate", snapshot.candidate());
        if (snapshot.extra() != null) {
            event.setAll(snapshot.extra());
        }
        return event;
    }
}
