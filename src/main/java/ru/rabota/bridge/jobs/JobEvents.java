package ru.rabota.bridge.jobs;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.Topic;

/** Writes job events to {@code rabota.jobs.events}, keyed by external_id. */
public final class JobEvents {

    private final KafkaOutput output;

    public JobEvents(KafkaOutput output) {
        this.output = output;
    }

    /** @return completes once Kafka acknowledged the event (events of one thread keep their order) */
    public CompletableFuture<Void> send(JobEvent event) {
        try {
            return output.sendAsync(Topic.JOBS_EVENTS, event.externalId(), Json.MAPPER.writeValueAsString(event),
                    event.event().value(), event.requestId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job event", e);
        }
    }
}
