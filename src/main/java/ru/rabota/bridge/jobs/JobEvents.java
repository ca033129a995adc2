package ru.rabota.bridge.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.Topic;

/** Writes job events to {@code rabota.jobs.events}, keyed by external_id, and waits for Kafka's acknowledgement. */
public final class JobEvents {

    private final KafkaOutput output;

    public JobEvents(KafkaOutput output) {
        this.output = output;
    }

    public void send(JobEvent event) {
        try {
            output.send(Topic.JOBS_EVENTS, event.externalId(), Json.MAPPER.writeValueAsString(event),
                    event.event().value(), event.requestId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job event", e);
        }
    }
}
