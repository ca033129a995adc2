package ru.rabota.bridge.jobs;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a job command ended: the job event's {@code event} and the feed report's {@code outcome}. {@link #FAILED} is
 * not among CONTRACT.md's events: it is a command whose retries ran out (a Kafka command then goes to the dead-letter
 * topic; a feed row is reported as failed).
 */
public enum Outcome {
    CREATED, UPDATED, UNCHANGED, CLOSED, REVIVED, REJECTED, FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
