package ru.rabota.bridge.jobs;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaCommands;

/**
 * Processes one poll of {@code rabota.jobs.commands} (route {@value #ROUTE}: camel-kafka {@code batching=true}, the
 * body is the poll's list of record exchanges). Commands of different external_ids run in parallel on the
 * {@link JobLanes}, those of one external_id in offset order. Each ends as a job event or, when it cannot be
 * understood or its retries ran out, as a dead letter, both acknowledged by Kafka. Only then are the offsets
 * committed, per partition the last record's {@code KafkaManualCommit} (the batch header commits only the partition
 * of the very last record), on the consumer's own thread as Kafka requires.
 * <p>
 * When a command cannot be finished (Kafka or the state store unavailable, the application stopping) the other
 * commands of its external_id in this poll are not started, the rest finish, and the poll fails without a commit:
 * the route's {@code breakOnFirstError} makes the consumer read again from the last commit, and the commands that
 * had finished are repeated harmlessly (an upsert already published is {@code unchanged}).
 */
public final class KafkaJobCommands implements Processor {

    static final String ROUTE = "jobs-from-kafka";

    private final JobPublisher publisher;
    private final JobLanes lanes;
    private final JobEvents events;
    private final DeadLetters deadLetters;

    public KafkaJobCommands(JobPublisher publisher, JobLanes lanes, JobEvents events, DeadLetters deadLetters) {
        this.publisher = publisher;
        this.lanes = lanes;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /** One record: its command, or why it is not one. */
    private record Received(Message record, String value, JobCommand command, MalformedCommandException malformed) {

        static Received of(Message record) {
            String value = record.getBody(String.class);
            try {
                return new Received(record, value, JobCommandParser.parse(value == null ? "" : value), null);
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
        List<Message> records = poll.getMessage().getBody(List.class).stream()
                .map(record -> ((Exchange) record).getMessage()).toList();
        KafkaCommands.inLanes(lanes, records.stream().map(Received::of).toList(), Received::lane, this::handle);
        KafkaCommands.commit(records, ROUTE);
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
        return events.send(outcome.event());
    }

    private void deadLetter(Received received, Throwable error, int attempts, String requestId) {
        Message record = received.record();
        deadLetters.send(record.getHeader(KafkaConstants.TOPIC, String.class),
                record.getHeader(KafkaConstants.KEY, String.class), received.value(), error, attempts, ROUTE,
                requestId);
    }
}
