package ru.rabota.bridge.jobs;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.kafka.AnsweredRecords;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaCommands;
import ru.rabota.bridge.kafka.KafkaOutput;

/**
 * Processes one poll of {@code rabota.jobs.commands} (route {@value #ROUTE}: camel-kafka {@code batching=true}, the
 * body is the poll's list of record exchanges, values as bytes). Commands of different external_ids run in parallel
 * on the {@link JobLanes}, those of one external_id in offset order. Each record ends as exactly one job event or,
 * when it cannot be understood ({@link CommandLimits}, {@link JobCommandParser}), its retries ran out or Kafka
 * refused its event, as one dead letter, acknowledged by Kafka. Offsets are committed once the outputs are
 * acknowledged ({@link AnsweredRecords}).
 * <p>
 * When a command cannot be finished (Kafka or the state store unavailable, the application stopping) the other
 * commands of its external_id in this poll are not started, the rest finish, and the poll fails after committing
 * the records answered before it: the route's {@code breakOnFirstError} makes the consumer read again from that
 * commit, and the records answered after it are not answered again.
 */
public final class KafkaJobCommands implements Processor {

    static final String ROUTE = "jobs-from-kafka";

    private final JobPublisher publisher;
    private final JobLanes lanes;
    private final JobEvents events;
    private final DeadLetters deadLetters;
    private final CommandLimits limits;
    private final AnsweredRecords answers = new AnsweredRecords(ROUTE);

    public KafkaJobCommands(JobPublisher publisher, JobLanes lanes, JobEvents events, DeadLetters deadLetters,
            CommandLimits limits) {
        this.publisher = publisher;
        this.lanes = lanes;
        this.events = events;
        this.deadLetters = deadLetters;
        this.limits = limits;
    }

    /** One record: its command, or why it is not one. */
    private record Received(Message record, byte[] value, JobCommand command, MalformedCommandException malformed) {

        static Received of(Message record, CommandLimits limits) {
            byte[] value = record.getBody(byte[].class);
            try {
                return new Received(record, value, JobCommandParser.parse(limits.decode(value), limits), null);
            } catch (MalformedCommandException e) {
                return new Received(record, value, null, e);
            }
        }

        /** Commands are ordered per external_id; a record that is no command per its key. */
        String lane() {
            String key = command != null ? command.externalId() : record.getHeader(KafkaConstants.KEY, String.class);
            return key == null ? "" : key;
        }
    }

    @Override
    public void process(Exchange poll) throws Exception {
        List<Message> records = AnsweredRecords.records(poll);
        answers.commitAfter(records, () -> KafkaCommands.inLanes(lanes,
                answers.unanswered(records).stream().map(record -> Received.of(record, limits)).toList(),
                Received::lane, received -> handle(received).thenRun(() -> answers.answered(received.record()))));
    }

    /** @return completes once Kafka acknowledged the command's event (a dead letter is acknowledged already) */
    private CompletableFuture<Void> handle(Received received) {
        if (received.malformed() != null) {
            deadLetter(received, received.malformed(), 0, null);
            return CompletableFuture.completedFuture(null);
        }
        JobOutcome outcome = publisher.publish(received.command(), JobEvent.KAFKA, JobRecord.Source.KAFKA);
        if (outcome.failed()) {
            deadLetter(received, outcome.failure(), outcome.attempts(), received.command().requestId());
            return CompletableFuture.completedFuture(null);
        }
        // off Kafka's acknowledging thread: the dead letter is a send that waits for its own acknowledgement
        return events.send(outcome.event()).exceptionallyAsync(failure -> {
            if (!KafkaOutput.refused(failure)) {
                throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
            }
            deadLetter(received, failure, 0, received.command().requestId());
            return null;
        });
    }

    private void deadLetter(Received received, Throwable error, int attempts, String requestId) {
        deadLetters.answer(received.record(), received.value(), error, attempts, ROUTE, requestId);
    }
}
