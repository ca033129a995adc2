package ru.rabota.bridge.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.command.CommandAnswers;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * Processes one poll of {@code rabota.jobs.commands} for one board (camel-kafka {@code batching=true}, the body is the
 * poll's list of record exchanges, values as bytes). Each board reads the topic with a consumer (and consumer group)
 * of its own, route {@value #ROUTE} for VK Работа and {@code jobs-from-kafka-<board>} for the others, because a poll
 * ends only when every command of it ended: a board whose API is down and retrying holds its own consumer only, never
 * another board's (CONTRACT.md section 6). A command acts on one or more boards ({@link JobBoards}); this consumer
 * takes its board's part, on that board's lanes, in offset order per external_id and in parallel across
 * external_ids, and skips the records that do not name its board. The primary consumer (VK Работа's) also answers
 * what belongs to no board: a record that cannot be understood ({@link CommandLimits}, {@link JobCommandParser})
 * becomes one dead letter, a board id the bundle does not know its {@code rejected} event. A part whose retries ran
 * out or whose event Kafka refused gives a dead letter instead of its event. A record is answered once all its parts
 * on this board are, and its outputs go out with the consumer's offsets in one transaction ({@link CommandAnswers}).
 * <p>
 * When a command cannot be finished on the board (Kafka or the state store unavailable, the application stopping)
 * the later commands of that external_id in this poll are not started, the rest finish, and the poll fails after
 * writing the records answered before it: the route's {@code breakOnFirstError} makes the consumer read again from
 * there. Records (and parts) answered after it are not handled again.
 */
public final class KafkaJobCommands implements Processor {

    static final String ROUTE = "jobs-from-kafka";

    /** How many external_ids' last upserts are remembered (a few MB). */
    private static final int REMEMBERED_UPSERTS = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaJobCommands.class);

    private final Board board;
    private final boolean primary;
    private final String route;
    private final JobBoards boards;
    private final JobEvents events;
    private final DeadLetters deadLetters;
    private final CommandLimits limits;
    private final CommandTransactions transactions;
    private final CommandAnswers answers;
    private final Duration handoverWait;
    /** Per record not answered whole yet, the outputs of its parts answered already, by board: a re-read skips them. */
    private final Map<String, Map<String, List<OutputRecord>>> answeredParts = new ConcurrentHashMap<>();
    /** Commands keyed otherwise than by their external_id: said once ({@link #keyedOtherwise}). */
    private final Troubles keyedOtherwise = new Troubles();
    /**
     * The boards the last upsert of each external_id read here named, the newest {@value #REMEMBERED_UPSERTS}: a close
     * or revive without boards acts there too. Another board's consumer may not have published that upsert yet (its
     * API down): before, no board's record knew the id, and this board rejected it as unknown, an outcome the other
     * board's outage changed. In memory: a new owner of the partition reads the records alone, as before.
     */
    private final Map<String, Set<String>> lastUpserts = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    return size() > REMEMBERED_UPSERTS;
                }
            });

    /**
     * @param board   the board whose part of each command this consumer carries out
     * @param primary whether it also answers malformed records and unknown board ids (exactly one consumer does)
     * @param handoverWait {@code bridge.commands.handover-wait}
     */
    public KafkaJobCommands(Board board, boolean primary, JobBoards boards, JobEvents events, DeadLetters deadLetters,
            CommandLimits limits, CommandTransactions transactions, Duration handoverWait) {
        this.board = board;
        this.primary = primary;
        this.route = route(board);
        this.transactions = transactions;
        // the external_ids' records: the intents and outcomes of the instance that had the partitions before
        this.answers = new CommandAnswers(transactions, () -> boards.readToEnd(board), handoverWait);
        this.handoverWait = handoverWait;
        this.boards = boards;
        this.events = events;
        this.deadLetters = deadLetters;
        this.limits = limits;
    }

    /** The consumer of another board's parts, with the same collaborators (not primary). */
    public KafkaJobCommands forBoard(Board other) {
        return new KafkaJobCommands(other, false, boards, events, deadLetters, limits, transactions, handoverWait);
    }

    /** The consumer route of a board: {@value #ROUTE}, or {@code jobs-from-kafka-<board>}. */
    public static String route(Board board) {
        return board == Board.VKRABOTA ? ROUTE : ROUTE + "-" + board.id();
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

        /** The command's request_id; a malformed record's where its JSON has one ({@link CommandJson#requestId}). */
        String requestId() {
            return command != null ? command.requestId() : CommandJson.requestId(value);
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

        String board() {
            return target == null ? "" : target.boardId();
        }
    }

    @Override
    public void process(Exchange poll) throws Exception {
        List<Message> records = CommandAnswers.records(poll);
        answers.commitAfter(route, records, () -> {
            List<Part> parts = new ArrayList<>();
            // the boards each external_id's upserts of this poll name: a close after them acts there too
            Map<String, Set<String>> upserted = new HashMap<>();
            for (Message record : answers.unanswered(records)) {
                Received received = Received.of(record, limits);
                if (primary) {
                    keyedOtherwise(received);
                }
                List<JobBoards.Target> targets = received.command() == null
                        ? (primary ? Collections.singletonList(null) : List.of())
                        : targets(received.command(), upserted).stream().filter(this::ours).toList();
                if (targets.isEmpty()) {
                    answers.answered(record, List.of(), null); // nothing for this board to do
                    continue;
                }
                AtomicInteger open = new AtomicInteger(targets.size());
                targets.forEach(target -> parts.add(new Part(received, target, open)));
            }
            // a record read again after a failed poll: its boards answered before are not answered twice
            parts.removeIf(part -> {
                boolean before = answeredParts.getOrDefault(part.received().id(), Map.of()).containsKey(part.board());
                if (before) {
                    part.open().decrementAndGet();
                }
                return before;
            });
            return boards.lanes(board).submitAll(parts, Part::lane, part -> {
                answers.handle(part.received().record(), () -> answered(part, handle(part)));
                return CompletableFuture.completedFuture(null);
            });
        });
    }

    /**
     * A command keyed otherwise than by its external_id (the contract's key) is handled all the same, on the lane of
     * its external_id; but Kafka keeps only one key's records in order, so commands of one external_id under several
     * keys may run out of the order they were written in: one WARN line the first time, DEBUG lines after it.
     */
    private void keyedOtherwise(Received received) {
        String key = received.record().getHeader(KafkaConstants.KEY, String.class);
        String externalId = received.command() == null ? null : received.command().externalId();
        if (externalId != null && !externalId.equals(key)) {
            keyedOtherwise.came(route, LOG, "{}: a job command keyed {} names external_id {}: key each command by its"
                    + " external_id, or commands of one external_id may run out of their order (later ones at DEBUG)",
                    "{}: a job command keyed {} names external_id {}", route, LogText.cut(String.valueOf(key)),
                    LogText.cut(externalId));
        }
    }

    /** Every board's part of the command; an upsert's boards are kept for the commands after it in the poll. */
    private List<JobBoards.Target> targets(JobCommand command, Map<String, Set<String>> upserted) {
        String externalId = command.externalId() == null ? "" : command.externalId();
        Set<String> named = new HashSet<>(upserted.getOrDefault(externalId, Set.of()));
        named.addAll(lastUpserts.getOrDefault(externalId, Set.of()));
        List<JobBoards.Target> targets = boards.targets(command, named);
        if (JobCommand.UPSERT.equals(command.command())) {
            targets.forEach(target -> upserted.computeIfAbsent(externalId, id -> new HashSet<>()).add(target.boardId()));
            lastUpserts.put(externalId, Set.copyOf(upserted.get(externalId)));
        }
        return targets;
    }

    /** This board's part of a command, or (primary only) an unknown board's rejection. */
    private boolean ours(JobBoards.Target target) {
        return target.board() == null ? primary : target.board() == board;
    }

    /** Keeps the part's outputs; the record is answered with all of them once its last part is. */
    private void answered(Part part, List<OutputRecord> output) {
        Received received = part.received();
        Map<String, List<OutputRecord>> outputs = answeredParts.computeIfAbsent(received.id(),
                id -> new ConcurrentHashMap<>());
        outputs.put(part.board(), output);
        if (part.open().decrementAndGet() == 0) {
            answeredParts.remove(received.id());
            answers.answered(received.record(), outputs.values().stream().flatMap(List::stream).toList(),
                    refusal -> deadLetter(received, refusal, 0));
        }
    }

    /**
     * The part's event, or its dead letter, and the external_id's record as the part left it. The part runs
     * through route {@code job-command} (routes/jobs.camel.yaml): the one hop from this consumer into the flow, once
     * per record and board, since the lanes (one external_id at a time, in offset order) and the answers committed
     * with the offsets in one transaction span the whole poll.
     */
    private List<OutputRecord> handle(Part part) {
        Received received = part.received();
        if (received.malformed() != null) {
            return List.of(deadLetter(received, received.malformed(), 0));
        }
        JobOutcome outcome = boards.publish(part.target(), received.command(), JobEvent.KAFKA,
                JobRecord.Source.KAFKA, received.id(), answers.handedOver(received.record()));
        forgetRefusedUpsert(part, outcome);
        return outcome.with(outcome.failed()
                ? deadLetter(received, outcome.failure(), outcome.attempts())
                : events.record(outcome.event()));
    }

    /**
     * An upsert this board refused, leaving no record of the external_id, published nothing here: the close or
     * revive after it (without boards) is no more this board's than after a restart, which forgets the upserts read.
     * Before, it was, until then: a close answered "unknown here" on this board, or not, as the process was old.
     */
    private void forgetRefusedUpsert(Part part, JobOutcome outcome) {
        JobCommand command = part.received().command();
        if (!outcome.failed() && JobCommand.UPSERT.equals(command.command())
                && outcome.event().event() == Outcome.REJECTED && part.target().board() == board
                && !boards.knows(board, command.externalId())) {
            lastUpserts.computeIfPresent(command.externalId(), (id, named) -> {
                Set<String> left = new HashSet<>(named);
                left.remove(board.id());
                return left.isEmpty() ? null : Set.copyOf(left);
            });
        }
    }

    private OutputRecord deadLetter(Received received, Throwable error, int attempts) {
        return deadLetters.letter(received.record(), received.value(), error, attempts, route, received.requestId());
    }
}
