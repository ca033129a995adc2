package ru.rabota.bridge.jobs;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;

/** Writes job events to {@code rabota.jobs.events}, keyed by external_id. */
public final class JobEvents {

    private final KafkaOutput output;

    public JobEvents(KafkaOutput output) {
        this.output = output;
    }

    /** The event as a record, for a consumer to write with its offsets. */
    public OutputRecord record(JobEvent event) {
        try {
            return new OutputRecord(Topic.JOBS_EVENTS, event.externalId(), BridgeJson.MAPPER.writeValueAsString(event),
                    event.event().value(), event.requestId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job event", e);
        }
    }

    /** @return completes once Kafka acknowledged the event (events of one thread keep their order) */
    public CompletableFuture<Void> send(JobEvent event) {
        OutputRecord record = record(event);
        return output.sendAsync(record.topic(), record.key(), record.value(), record.event(), record.correlationId());
    }
}
