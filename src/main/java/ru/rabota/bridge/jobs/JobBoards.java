package ru.rabota.bridge.jobs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.HandedOverException;
import ru.rabota.bridge.command.Lanes;
import ru.rabota.bridge.command.Unavailable;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;
import ru.rabota.bridge.state.StagedWrite;

/**
 * Which boards a job command acts on, each board's lanes, and the hop to the route of one board's part (CONTRACT.md
 * section 6). An upsert goes to its {@code boards}, else to {@code bridge.jobs.boards}; a close or revive without
 * {@code boards} to every board that knows its external_id. A board id the bundle does not know gets its own
 * {@code rejected} event. Each board has lanes (threads) of its own, so a board that refuses, fails or is down never
 * delays another's work. Thread-safe.
 */
public final class JobBoards {

    /** One board's part of a command: on {@code board}'s lanes, or, when {@code board} is null, an unknown board id. */
    public record Target(String boardId, Board board) {

        /** The lane of this command on its board: one external_id at a time per board. */
        public String lane(JobCommand command) {
            return boardId + ":" + command.externalId();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobBoards.class);

    private final List<Board> defaults;
    private final Map<Board, JobState> states;
    private final Map<Board, Lanes> lanes;
    private final Map<Board, Supplier<BoardSteps>> steps;
    private final ProducerTemplate template;
    /** {@link JobFlow#ENDPOINT}, resolved once: a template resolves a URI given as text at every send. */
    private final Endpoint flow;
    private final AtomicBoolean supersededSeen = new AtomicBoolean();
    /** The places in the code where parts failed for good: each logged once at ERROR ({@link #failedForGood}). */
    private final Troubles defects = new Troubles();

    /**
     * @param defaults {@code bridge.jobs.boards}
     * @param states   each board's records
     * @param lanes    each board's lanes
     * @param steps    each board's steps, looked up on first use
     * @param template sends a part to {@link JobFlow#ENDPOINT}
     */
    public JobBoards(List<Board> defaults, Map<Board, JobState> states, Map<Board, Lanes> lanes,
            Map<Board, Supplier<BoardSteps>> steps, ProducerTemplate template) {
        this.defaults = List.copyOf(defaults);
        this.states = new EnumMap<>(states);
        this.lanes = new EnumMap<>(lanes);
        this.steps = new EnumMap<>(steps);
        this.template = template;
        this.flow = template.getCamelContext().getEndpoint(JobFlow.ENDPOINT);
    }

    /** The boards of the command, in the order it names them (defaults: in configured order). */
    public List<Target> targets(JobCommand command) {
        return targets(command, Set.of());
    }

    /**
     * The boards of the command; a close or revive without boards acts on the boards whose records know its
     * external_id and on {@code upserted}, the boards of upserts of it read just before, whose parts may not have run
     * yet (read in the same poll): before, such a close found no board knowing the id and missed them.
     */
    public List<Target> targets(JobCommand command, Set<String> upserted) {
        Set<String> ids = new LinkedHashSet<>();
        if (command.boards() != null && !command.boards().isEmpty()) {
            ids.addAll(command.boards());
        } else if (JobCommand.UPSERT.equals(command.command())) {
            defaults.forEach(board -> ids.add(board.id()));
        } else {
            states.forEach((board, state) -> {
                if (command.externalId() != null && (upserted.contains(board.id())
                        || state.has(command.externalId()))) {
                    ids.add(board.id());
                }
            });
            if (ids.isEmpty()) {
                // no board knows it: each default board says so in its own words
                defaults.forEach(board -> ids.add(board.id()));
            }
        }
        List<Target> targets = new ArrayList<>();
        for (String id : ids) {
            targets.add(new Target(id, Board.of(id).orElse(null)));
        }
        return targets;
    }

    /**
     * Carries out the command on the target's board: route {@link JobFlow#ENDPOINT} (routes/jobs.camel.yaml). The
     * lanes and the answers committed with the Kafka offsets are Java's, so this is the one hop from Java into the
     * flow, once per command and board. An upsert whose content the board has already is answered
     * {@code unchanged} without the route ({@link BoardSteps#unchanged}): the route's exchange and steps cost more
     * than the decision, and a snapshot feed is mostly such rows. The outcome's event names the board.
     *
     * @param handedOver for a Kafka command: whether its partition went to another instance meanwhile
     *                   ({@link ApiHeaders#HANDED_OVER}); null for a feed's
     * Any other failure would fail every reading of the command (its record in the state unreadable, a defect of
     * the bundle): the part is {@link Outcome#FAILED} with it, a dead letter, and the commands after it go on.
     *
     * @throws RuntimeException when the bundle cannot go on ({@link Unavailable}: state store or Kafka unavailable,
     *                          the application stopping; the command handed over): the command runs again later
     */
    public JobOutcome publish(Target target, JobCommand command, String origin, JobRecord.Source source,
            String record, BooleanSupplier handedOver) {
        try {
            return carryOut(target, command, origin, source, record, handedOver);
        } catch (RuntimeException failure) {
            if (Unavailable.now(template.getCamelContext(), failure)
                    || ObjectHelper.getException(HandedOverException.class, failure) != null) {
                throw failure;
            }
            return failedForGood(target, command, origin, failure);
        }
    }

    private JobOutcome carryOut(Target target, JobCommand command, String origin, JobRecord.Source source,
            String record, BooleanSupplier handedOver) {
        Optional<JobEvent> superseded = target.board() == null ? Optional.empty()
                : superseded(target.board(), command, origin, record);
        if (superseded.isPresent()) {
            return new JobOutcome(superseded.get().onBoard(target.boardId()), null, 0, null);
        }
        Optional<JobEvent> unchanged = target.board() == null ? Optional.empty()
                : steps.get(target.board()).get().unchanged(command, origin, record);
        if (unchanged.isPresent()) {
            return new JobOutcome(unchanged.get().onBoard(target.boardId()), null, 0,
                    claimed(target.board(), command, source, record));
        }
        return JobFlow.outcome(template.send(flow,
                exchange -> {
                    JobFlow.start(exchange, target.boardId(), command, origin, source, record);
                    exchange.setProperty(ApiHeaders.HANDED_OVER, handedOver);
                }));
    }

    /**
     * A failure no later reading escapes: the part fails, and what it staged stays unwritten (Kafka holds a record
     * the flow recovers from: an intent before a publication makes the next command look the job up). Its stack
     * trace at ERROR the first time its place in the code fails, at DEBUG after: each part has its dead letter's line.
     */
    private JobOutcome failedForGood(Target target, JobCommand command, String origin, RuntimeException failure) {
        StackTraceElement[] where = failure.getStackTrace();
        String site = failure.getClass().getName() + (where.length == 0 ? "" : " at " + where[0]);
        String line = "Job command {} of external_id {} (request_id {}) on {} failed, and would at every reading: it"
                + " fails (a dead letter) and the commands after it go on";
        Object[] arguments = {command.command(), LogText.cut(String.valueOf(command.externalId())),
                LogText.cut(String.valueOf(command.requestId())), target.boardId(), failure};
        if (defects.starts(site)) {
            LOG.error(line, arguments);
        } else {
            LOG.debug(line, arguments);
        }
        JobEvent event = JobEvent.refused(Outcome.FAILED, command.externalId(), command.requestId(), origin, null,
                LogText.reason(failure)).onBoard(target.boardId());
        return new JobOutcome(event, failure, 0, null);
    }

    /**
     * An unchanged upsert from Kafka of a job a feed published last makes it a Kafka job (a snapshot feed that no
     * longer lists it leaves it open, as any job last upserted from Kafka): its record, staged to go out with the
     * event; null when the record stays as it is.
     */
    private StagedWrite claimed(Board board, JobCommand command, JobRecord.Source source, String record) {
        if (source != JobRecord.Source.KAFKA) {
            return null;
        }
        JobState state = states.get(board);
        return state.get(command.externalId()).filter(known -> known.source() == JobRecord.Source.FEED)
                // an unchanged upsert answers only an active job: its record as published, by Kafka now
                .map(known -> state.stage(command.externalId(), known.published(known.jobId(), known.hash(), source)
                        .answering(record, Outcome.UNCHANGED)))
                .orElse(null);
    }

    /**
     * The {@code unchanged} event of a Kafka command older than the one the board's record of its external_id answered
     * ({@link JobRecord#supersedes}): read again after the consumer group's offsets went back, it would otherwise
     * undo what came after it (an old upsert reviving a job a later close closed, and paying for it). No call; one
     * WARN line per process.
     */
    private Optional<JobEvent> superseded(Board board, JobCommand command, String origin, String record) {
        if (record == null || command.externalId() == null) {
            return Optional.empty();
        }
        Optional<JobRecord> known = states.get(board).get(command.externalId()).filter(job -> job.supersedes(record));
        if (known.isPresent() && !supersededSeen.getAndSet(true)) {
            LOG.warn("Job commands older than the last one answered for their external_id are read again ({} first,"
                    + " on {}): their consumer group's offsets went back (reset, or expired without a member for"
                    + " offsets.retention.minutes); each is answered unchanged without a call, the later command"
                    + " stands", record, board.id());
        }
        return known.map(job -> JobEvent.done(Outcome.UNCHANGED, command, origin, job.jobId(), null));
    }

    /** The lanes the target's work runs on (an unknown board's rejection: the first board's, it calls nothing). */
    public Lanes lanes(Target target) {
        return lanes(target.board() != null ? target.board() : lanes.keySet().iterator().next());
    }

    /** Waits until the board's records hold every write made anywhere before (another instance's too). */
    public void readToEnd(Board board) {
        states.get(board).readToEnd();
    }

    /** The board's lanes. */
    public Lanes lanes(Board board) {
        return lanes.get(board);
    }

    /** Whether the board's records know the external_id: a job was published there, or is being. */
    public boolean knows(Board board, String externalId) {
        return externalId != null && states.get(board).has(externalId);
    }

    /** Whether the board's job of this external_id is still one a feed published last, and open. */
    public boolean openFeedJob(Board board, String externalId) {
        return states.get(board).get(externalId).filter(JobRecord::openFromFeed).isPresent();
    }

    /** Per board, the external ids of open jobs last upserted by a feed: what a snapshot feed must list. */
    public Map<Board, Set<String>> openFeedJobs() {
        Map<Board, Set<String>> open = new EnumMap<>(Board.class);
        states.forEach((board, state) -> open.put(board, state.openFeedJobs()));
        return open;
    }
}
