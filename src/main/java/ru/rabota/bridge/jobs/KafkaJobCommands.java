package ru.rabota.bridge.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * body is the poll's list of record exchanges, values as bytes). A command acts on one or more boards
 * ({@link JobBoards}); each board's part runs on that board's lanes, in offset order per external_id and in parallel
 * across external_ids and boards. Each record ends as one job event per board or, when it cannot be understood
 * ({@link CommandLimits}, {@link JobCommandParser}), as one dead letter; a board whose retries ran out or whose event
 * Kafka refused gives a dead letter instead of its event. A record is answered once every output is acknowledged, and
 * offsets are committed up to the answered records ({@link AnsweredRecords}).
 * <p>
 * When a command cannot be finished on a board (Kafka or the state store unavailable, the application stopping) the
 * later commands of that external_id and board in this poll are not started, the rest finish, and the poll fails
 * after committing the records answered before it: the route's {@code breakOnFirstError} makes the consumer read
 * again from that commit. Records, and boards of a record, answered after it are not answered again.
 */
public final class KafkaJobCommands implements Processor {

    static final String ROUTE = "jobs-from-kafka";

    private final JobBoards boards;
    private final JobEvents events;
    private final DeadLetters deadLetters;
    private final CommandLimits limits;
    private final AnsweredRecords answers = new AnsweredRecords(ROUTE);
    /** The boards of records not answered whole yet that were answered already: a re-read skips them. */
    private final Set<String> answeredBoards = ConcurrentHashMap.newKeySet();

    public KafkaJobCommands(JobBoards boards, JobEvents events, DeadLetters deadLetters, CommandLimits limits) {
        this.boards = boards;
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

        String id() {
            return record.getHeader(KafkaConstants.TOPIC) + "-" + record.getHeader(KafkaConstants.PARTITION) + "@"
                    + record.getHeader(KafkaConstants.OFFSET);
        }
    }

    /** One output of a record: a board's part of its command, or its dead letter (no target). */
    private record Part(Received received, JobBoards.Target target, AtomicInteger open) {

        String lane() {
            if (target != null) {
                return target.lane(received.command());
            }
            String key = received.record().getHeader(KafkaConstants.KEY, String.class);
            return key == null ? "" : key;
        }

        String id() {
            return received.id() + "/" + (target == null ? "" : target.boardId());
        }
    }

    @Override
    public void process(Exchange poll) throws Exception {
        List<Message> records = AnsweredRecords.records(poll);
        answers.commitAfter(records, () -> {
            List<Part> parts = new ArrayList<>();
            for (Message record : answers.unanswered(records)) {
                Received received = Received.of(record, limits);
                List<JobBoards.Target> targets = received.command() == null ? Collections.singletonList(null)
                        : boards.targets(received.command(), JobEvent.KAFKA);
                AtomicInteger open = new AtomicInteger(targets.size());
                targets.forEach(target -> parts.add(new Part(received, target, open)));
            }
            // a record read again after a failed poll: its boards answered before are not answered twice
            parts.removeIf(part -> {
                boolean before = answeredBoards.contains(part.id());
                if (before) {
                    part.open().decrementAndGet();
                }
                return before;
            });
            KafkaCommands.inLanes(part -> part.target() == null ? boards.anyLanes() : boards.lanes(part.target()),
                    parts, Part::lane, part -> handle(part).thenRun(() -> answered(part)));
        });
    }

    private void answered(Part part) {
        answeredBoards.add(part.id());
        if (part.open().decrementAndGet() == 0) {
            answers.answered(part.received().record());
            String record = part.received().id() + "/";
            answeredBoards.removeIf(id -> id.startsWith(record));
        }
    }

    /** @return completes once Kafka acknowledged the part's event (a dead letter is acknowledged already) */
    private CompletableFuture<Void> handle(Part part) {
        Received received = part.received();
        if (received.malformed() != null) {
            deadLetter(received, received.malformed(), 0, null);
            return CompletableFuture.completedFuture(null);
        }
        JobOutcome outcome = boards.publish(part.target(), received.command(), JobEvent.KAFKA,
                JobRecord.Source.KAFKA);
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
