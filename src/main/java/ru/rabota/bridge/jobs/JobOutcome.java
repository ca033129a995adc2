package ru.rabota.bridge.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.state.StagedWrite;

/**
 * How one board's part of a job command ended ({@link JobFlow#outcome}): its event, and for {@link Outcome#FAILED}
 * why and after how many API calls (the caller sends a dead letter instead of the event).
 *
 * @param state the external_id's record as the part left it, staged in {@code jobState} and not written yet: the
 *              caller writes it with the event or dead letter (null when the part changed nothing after its intent)
 */
public record JobOutcome(JobEvent event, Throwable failure, int attempts, StagedWrite state) {

    /** The state write made alone, for a writer without a transaction: completes once Kafka acknowledged it. */
    public CompletableFuture<Void> writeState() {
        return state == null ? CompletableFuture.completedFuture(null) : state.write();
    }

    public boolean failed() {
        return event.event() == Outcome.FAILED;
    }

    /** The answer (the event, or the dead letter of a failed part) and the state write, to go out together. */
    public List<OutputRecord> with(OutputRecord answer) {
        List<OutputRecord> outputs = new ArrayList<>(2);
        outputs.add(answer);
        if (state != null) {
            outputs.add(state.record());
        }
        return outputs;
    }
}
