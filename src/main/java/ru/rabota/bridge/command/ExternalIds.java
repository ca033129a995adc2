package ru.rabota.bridge.command;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The VK job id of a job the bundle published, by the customer's {@code external_id}, from the {@code jobState}
 * store (external_id -> JSON with {@code job_id}).
 */
public final class ExternalIds {

    private final KafkaStateStore jobState;

    public ExternalIds(KafkaStateStore jobState) {
        this.jobState = jobState;
    }

    public Optional<String> jobId(String externalId) {
        return jobState.get(externalId).map(ExternalIds::jobIdOf);
    }

    private static String jobIdOf(String json) {
        try {
            return CommandJson.MAPPER.readTree(json).path("job_id").asText(null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable job state: " + e.getOriginalMessage(), e);
        }
    }
}
