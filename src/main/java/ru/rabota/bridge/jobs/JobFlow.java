package ru.rabota.bridge.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.HandedOverException;
import ru.rabota.bridge.state.StagedWrite;

/**
 * The steps that route {@code job-command} (routes/jobs.camel.yaml) shares between the boards, bound as
 * {@code jobFlow}, and the exchange one board's part of a job command travels on. A caller (the Kafka consumer's
 * lanes, a feed row) fills it with {@link #start} and reads the outcome with {@link #outcome}; the board routes keep
 * their work in the {@code bridgeJob*} exchange properties named here. Thread-safe.
 */
public final class JobFlow {

    /** The route of one board's part of a job command. */
    public static final String ENDPOINT = "direct:job-command";

    /** Property: the {@link JobCommand}. */
    public static final String COMMAND = "bridgeJobCommand";
    /** Property: the board id the part is for, as the command named it (maybe one the bundle does not know). */
    public static final String BOARD = "bridgeJobBoard";
    /** Property: {@link JobEvent#KAFKA} or a feed row's {@code csv:<file>#<row>}. */
    public static final String ORIGIN = "bridgeJobOrigin";
    /** Property: the {@link JobRecord.Source} recorded with the job. */
    public static final String SOURCE = "bridgeJobSource";
    /** Property: the Kafka record of the command ({@code topic-partition@offset}); absent for a feed row. */
    public static final String RECORD = "bridgeJobRecord";
    /** Property: the case of the board's story that applies (a board's {@code *Case}), in lower case. */
    public static final String CASE = "bridgeJobCase";
    /** Property: the external_id's {@link JobRecord} on the board, when it has one. */
    public static final String KNOWN = "bridgeJobKnown";
    /** Property: the upsert's request body, and its {@link ContentHash} in {@link #HASH}. */
    public static final String BODY = "bridgeJobBody";
    public static final String HASH = "bridgeJobHash";
    /** Property: what undoes the intent saved before a publication, should the board refuse it. */
    public static final String UNDO = "bridgeJobUndo";
    /** Property: the external_id's record as the part left it, staged in the board's {@link JobState}. */
    public static final String STATE = "bridgeJobState";
    /** Property: why a {@link Outcome#FAILED} part failed (its dead letter's error). */
    public static final String FAILURE = "bridgeJobFailure";

    private final Map<Board, Supplier<BoardSteps>> boards;

    /** @param boards each board's steps, looked up on first use */
    public JobFlow(Map<Board, Supplier<BoardSteps>> boards) {
        this.boards = Map.copyOf(boards);
    }

    /** Fills the exchange of one board's part of a command. */
    public static void start(Exchange exchange, String boardId, JobCommand command, String origin,
            JobRecord.Source source, String record) {
        exchange.setProperty(BOARD, boardId);
        exchange.setProperty(COMMAND, command);
        exchange.setProperty(ORIGIN, origin);
        exchange.setProperty(SOURCE, source);
        exchange.setProperty(RECORD, record);
        exchange.getMessage().setBody(command);
    }

    /**
     * How the part ended: its event (the body), and for {@link Outcome#FAILED} why and after how many requests.
     *
     * @throws RuntimeException what stopped the route: the bundle cannot go on (state store or Kafka unavailable,
     *                          the application stopping), and the command runs again later
     */
    public static JobOutcome outcome(Exchange done) {
        Exception stopped = done.getException();
        StagedWrite state = done.getProperty(STATE, StagedWrite.class);
        if (stopped != null) {
            // the command runs again: what it staged goes unwritten, and must not hide what Kafka holds
            if (state != null) {
                state.abandoned();
            }
            throw stopped instanceof RuntimeException runtime ? runtime : new IllegalStateException(stopped);
        }
        Throwable failure = done.getProperty(FAILURE, Throwable.class);
        JobEvent event = Objects.requireNonNull(done.getMessage().getBody(JobEvent.class),
                () -> ENDPOINT + " left no job event but " + done.getMessage().getBody());
        return new JobOutcome(event, failure,
                failure == null ? 0 : done.getProperty(ApiHeaders.ATTEMPTS, 1, Integer.class), state);
    }

    /** A board id the bundle does not know: rejected on its own, without a call. */
    public JobEvent unknownBoard(Exchange exchange) {
        return rejected(exchange, null, "boards: \"" + exchange.getProperty(BOARD, String.class) + "\" is none of "
                + Board.IDS);
    }

    /**
     * The one catch of the job flow: a call that failed for good (its retries ended, or it was not retryable). The
     * board's refusal is {@code rejected} in its words, after undoing an intent the refused publication left, unless
     * an attempt before the refusal may have published (its answer lost: the intent stays, for the next command to
     * look for the job); any
     * other failure is {@link Outcome#FAILED} (a dead letter), with the attempts made. A failure while the
     * application stops is the stop's doing, not the command's: it is thrown, and the command runs again at the next
     * start; so is one of a command that went to another instance meanwhile ({@link ApiHeaders#HANDED_OVER}), which
     * carries it out.
     */
    public JobEvent failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        JobCommand command = command(exchange);
        if (exchange.getContext().isStopping()) {
            throw new IllegalStateException("stopping: " + command.command() + " " + command.externalId()
                    + " is left for the next start", caught);
        }
        if (ApiHeaders.handedOver(exchange)) {
            throw new HandedOverException(command.command() + " " + command.externalId(), caught);
        }
        ApiException api = ApiException.in(caught);
        Board board = Board.of(exchange.getProperty(BOARD, String.class)).orElseThrow();
        if (boards.get(board).get().refused(api)) {
            Runnable undo = exchange.getProperty(UNDO, Runnable.class);
            if (undo == null) {
                return rejected(exchange, api.httpStatus(), api.detail());
            }
            if (exchange.getProperty(ApiHeaders.ACTED_MAYBE, false, Boolean.class)) {
                // an attempt before the refusal got no answer (or a 5xx): it may have published, and a publication
                // forgotten would be paid for again by the next command (hh.ru names only some of its duplicates)
                return rejected(exchange, api.httpStatus(), api.detail() + "; an earlier attempt's answer was lost"
                        + " and it may have published: the next command of this external_id looks for it first");
            }
            undo.run();
            return rejected(exchange, api.httpStatus(), api.detail());
        }
        exchange.setProperty(FAILURE, api);
        return refused(exchange, Outcome.FAILED, api.httpStatus() == 0 ? null : api.httpStatus(), api.detail());
    }

    /** The event of the part, stamped with its board: every event leaves the bundle naming its board. */
    public JobEvent onBoard(Exchange exchange) {
        return exchange.getMessage().getBody(JobEvent.class).onBoard(exchange.getProperty(BOARD, String.class));
    }

    /**
     * Saves the external_id's record after a call: visible to the board's next command at once, and written with
     * the part's event (or dead letter) in the same Kafka transaction as the command's offset ({@link JobOutcome}),
     * not on its own before. Should that transaction be lost, the record Kafka still holds is one the flow recovers
     * from: the intent written before a publication (the job is then looked up), or the record before a change
     * (the change is made again). A later save of the part replaces an earlier one.
     */
    public static void save(Exchange exchange, JobState state, JobRecord record) {
        StagedWrite before = exchange.getProperty(STATE, StagedWrite.class);
        exchange.setProperty(STATE, state.stage(command(exchange).externalId(), record));
        if (before != null) {
            before.abandoned(); // never written: the store lets go of it
        }
    }

    /**
     * The board's checks refused the command before its record was read: the record read now, so that the
     * {@code rejected} event names the board's job when it has one (a refused change of a published job).
     */
    public static JobEvent refusedByChecks(Exchange exchange, JobState state, String detail) {
        String externalId = command(exchange).externalId();
        if (externalId != null && !externalId.isBlank() && known(exchange) == null) {
            exchange.setProperty(KNOWN, state.get(externalId).orElse(null));
        }
        return rejected(exchange, null, detail);
    }

    /** A {@code rejected} event of the part's command, naming the board's job when the board has one. */
    public static JobEvent rejected(Exchange exchange, Integer httpStatus, String detail) {
        return refused(exchange, Outcome.REJECTED, httpStatus, detail);
    }

    /** A refusal of the part's command, naming the board's job when the board has one. */
    private static JobEvent refused(Exchange exchange, Outcome outcome, Integer httpStatus, String detail) {
        JobCommand command = command(exchange);
        JobRecord known = known(exchange);
        return JobEvent.refused(outcome, command.externalId(), command.requestId(), origin(exchange), httpStatus,
                detail).ofJob(known == null ? null : known.jobId());
    }

    public static JobCommand command(Exchange exchange) {
        return exchange.getProperty(COMMAND, JobCommand.class);
    }

    public static String origin(Exchange exchange) {
        return exchange.getProperty(ORIGIN, String.class);
    }

    public static JobRecord.Source source(Exchange exchange) {
        return exchange.getProperty(SOURCE, JobRecord.Source.class);
    }

    /** The command's Kafka record, null for a feed row. */
    public static String record(Exchange exchange) {
        return exchange.getProperty(RECORD, String.class);
    }

    /** The external_id's record on the board, as the board's steps read it. */
    public static JobRecord known(Exchange exchange) {
        return exchange.getProperty(KNOWN, JobRecord.class);
    }

    public static String hash(Exchange exchange) {
        return exchange.getProperty(HASH, String.class);
    }
}
