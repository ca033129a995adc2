package ru.rabota.bridge.jobs;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Writes job events to {@code rabota.jobs.events}, keyed by external_id, each counted once written in
 * {@code bridge_jobs_total{board,event}} (a board the bundle does not know counts as {@code other}); every board and
 * event is there from start-up, at 0.
 */
public final class JobEvents {

    private final KafkaOutput output;
    private final BridgeMeters meters;

    public JobEvents(KafkaOutput output, BridgeMeters meters) {
        this.output = output;
        this.meters = meters;
        Arrays.stream(Board.values()).forEach(board -> Arrays.stream(Outcome.values())
                .filter(outcome -> outcome != Outcome.FAILED)
                .forEach(outcome -> meters.jobs(board.id(), outcome.value())));
    }

    /** The event as a record, for a consumer to write with its offsets. */
    public OutputRecord record(JobEvent event) {
        try {
            return new OutputRecord(Topic.JOBS_EVENTS, event.externalId(), BridgeJson.MAPPER.writeValueAsString(event),
                    event.event().value(), event.requestId(), meters.jobs(Board.of(event.board()).map(Board::id)
                            .orElse("other"), event.event().value()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job event", e);
        }
    }

    /** @return completes once Kafka acknowledged the event (events of one thread keep their order) */
    public CompletableFuture<Void> send(JobEvent event) {
        return output.sendAsync(record(event));
    }
}
