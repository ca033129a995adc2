package ru.rabota.bridge.feed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.jobs.Board;
import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.JobEvents;
import ru.rabota.bridge.jobs.JobOutcome;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobRequests;
import ru.rabota.bridge.jobs.Outcome;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.log.Troubles;

/**
 * The steps of route {@value #ROUTE} (routes/jobs.camel.yaml), bound as {@code feedProcessor}: one CSV feed
 * (CONTRACT.md sections 4 and 6) from the inbox to done/ or error/. Rows stream from the file to their boards
 * ({@link JobBoards}: each board's part through route {@code job-command} on that board's lanes, in parallel, one
 * external_id at a time per board, in row order), at most {@code in-flight} rows at once, so memory does not grow with
 * the file. Each row gives a job event and a report line per board; a board whose retries ran out is reported
 * {@code failed} and sent to the dead-letter topic (its {@code topic} is the row's origin). The report is written under
 * a hidden name ({@link FeedFolders#reportWhileWritten}) and named when the feed ends, so that a report under its name
 * is complete. The feed being published travels in exchange property {@value #FEED}.
 * <p>
 * A file that cannot be read as CSV (at once, or further down: the rows before were published) moves to error/ with
 * {@code <name>.error.txt} (and its partial report). When the bundle cannot go on (Kafka or the state store
 * unavailable, the application stopping), the feed is abandoned: its report is deleted, the file stays in the inbox
 * and is read again later; rows already published come out {@code unchanged}.
 * <p>
 * Snapshot mode: after a feed whose every row was read and none failed, the jobs that feeds published earlier and
 * that the feed does not list (rejected rows count as listed) are closed ({@code closed_irrelevant}) on every board
 * they are open on, each with its event (origin {@code csv:<file name>}). Listed is per board: a row lists its job
 * on the boards it names, so a board its row no longer names closes it. A feed with failed rows, unreadable or
 * abandoned closes nothing.
 */
public final class FeedProcessor {

    static final String ROUTE = "jobs-from-feed";
    /** Property: the feed being published. */
    static final String FEED = "bridgeFeed";

    private static final Logger LOG = LoggerFactory.getLogger(FeedProcessor.class);

    /**
     * The feed settings: charset forced or null, snapshot mode, progress line every so many rows, row bound.
     *
     * @param acknowledgement how long the feed waits while Kafka acknowledges none of its writes under way: then it
     *                        stops (and is read again later), rather than wait for a completion that was lost
     */
    public record Settings(Charset charset, boolean snapshot, int progressEvery, int inFlight,
            Duration acknowledgement) {
    }

    private final Settings settings;
    /**
     * The feeds' Kafka writes not acknowledged yet, and when one was last sent or answered (nanoTime): of every
     * feed, not one, as a feed read again after Kafka stalled may wait behind the writes of the reading before (its
     * rows queued on the same external_ids' lanes), which it would otherwise never see stall.
     */
    private final AtomicInteger writing = new AtomicInteger();
    private volatile long lastWrite = System.nanoTime();
    /**
     * The files published that could not be moved out of the inbox (a read-only folder), by path: not read again
     * while their {@link FeedFolders#identity} is the one published. By path, so that a file rewritten day after day
     * leaves one entry, not one a version.
     */
    private final Map<Path, Object> unmovable = new ConcurrentHashMap<>();
    /** Feeds abandoned and read again through an outage: one WARN line each, not one per reading. */
    private final Troubles abandoned = new Troubles();
    private final FeedFolders folders;
    private final JobBoards boards;
    private final JobEvents events;
    private final DeadLetters deadLetters;
    /** Feeds that could not be opened, read again at every poll: one WARN line each, not one per reading. */
    private final Troubles unopened = new Troubles();

    public FeedProcessor(Settings settings, FeedFolders folders, JobBoards boards, JobEvents events,
            DeadLetters deadLetters) {
        this.settings = settings;
        this.folders = folders;
        this.boards = boards;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /**
     * Opens the feed (the body: its file) as CSV, its delimiter and charset detected, and starts its report; in
     * snapshot mode notes the jobs feeds published so far. A file that cannot be read as CSV at all moves to error/
     * at once, and no feed is started.
     */
    private void open(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(File.class).toPath();
        Object identity = FeedFolders.identity(file);
        if (identity != null && identity.equals(unmovable.get(file))) {
            return;
        }
        String name = file.getFileName().toString();
        FeedReader reader;
        try {
            reader = FeedReader.open(file, settings.charset());
            if (settings.snapshot() && reader.headerless()) {
                reader.close();
                // a failed export, most likely: as a snapshot it would close every job feeds published
                throw new FeedUnreadableException("the file is empty (no header): in snapshot mode it would close"
                        + " every job feeds published; a snapshot without jobs has the header and no row");
            }
        } catch (FeedUnreadableException e) {
            Path moved = folders.moveToError(file, e.getMessage());
            LOG.error("feed {}: not readable, moved to {}: {}", name, moved, LogText.cut(e.getMessage()));
            return;
        }
        try {
            Path target = folders.doneTarget(name);
            Map<Board, Set<String>> unlisted = settings.snapshot() ? boards.openFeedJobs()
                    : new EnumMap<>(Board.class);
            exchange.setProperty(FEED, new Run(file, identity, target, reader, unlisted,
                    FeedReport.create(folders.reportWhileWritten(name), reader.format().delimiter(), name)));
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Publishes every row; returns once all are answered, or throws when the feed cannot be finished. */
    public void publishRows(Exchange exchange) throws InterruptedException {
        Run run = run(exchange);
        run.publishRows();
        run.finish();
    }

    /** Whether feeds are snapshots ({@code bridge.feed.mode=snapshot}). */
    public boolean snapshot() {
        return settings.snapshot();
    }

    /** Snapshot mode: closes, on each board, the jobs feeds published that this feed no longer lists. */
    public void closeUnlisted(Exchange exchange) throws InterruptedException {
        closeUnlisted(run(exchange));
    }

    /**
     * The feed published: its report complete, it takes its name in done/ (before the file moves: a crash between
     * the two leaves the feed to be read again, and a report of it, rather than a feed without one); the file moves
     * there too.
     */
    public void done(Exchange exchange) throws IOException {
        Run run = end(exchange);
        String after = abandonedBefore(run);
        run.report.close();
        run.nameReport(FeedFolders.reportOf(run.target));
        if (run.replaced(after)) {
            return;
        }
        try {
            Files.move(run.file, run.target);
        } catch (IOException e) {
            // read again at every poll, it would be published again and again: not until it changes
            unmovable.put(run.file, run.identity);
            LOG.error("{}; it cannot be moved to {} ({}): it stays in the inbox and is not read again until it"
                    + " changes; its report is {}{}", run.report.summary().logLine(), run.target,
                    LogText.cut(e.toString()), FeedFolders.reportOf(run.target), after);
            return;
        }
        LOG.info("{}, moved to {}{}", run.report.summary().logLine(), run.target, after);
    }

    /** Not readable further down: the rows before were published; the file moves to error/ with its report. */
    public void unreadable(Exchange exchange) throws IOException, InterruptedException {
        Run run = end(exchange);
        String after = abandonedBefore(run);
        FeedUnreadableException e = ObjectHelper.getException(FeedUnreadableException.class,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        run.awaitAllUnlessStalled();
        run.report.close();
        if (run.replaced(after)) {
            run.nameReport(FeedFolders.reportOf(run.target));
            return;
        }
        Path moved = folders.moveToError(run.file, e.getMessage());
        run.nameReport(FeedFolders.reportOf(moved));
        LOG.error("feed {}: not readable further down, moved to {}: {}; {}{}", run.name(), moved,
                LogText.cut(e.getMessage()), run.report.summary().logLine(), after);
    }

    /**
     * The bundle cannot go on: the feed is abandoned (its report deleted once the work under way ended); the file
     * stays in the inbox (the route never moves it, and reads it again at its next poll). One WARN line, as failed
     * polls give: an outage is expected and mends itself, so no ERROR with a stack trace, and no line at every
     * reading again; the feed's last line says how often it was abandoned.
     */
    public void abandon(Exchange exchange) throws IOException, InterruptedException {
        Run run = end(exchange);
        run.abandon();
        String reason = LogText.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        abandoned.came(run.name(), LOG, "feed {}: abandoned, it stays in the inbox and is read again: {}; one line when"
                + " it is published", "feed {}: abandoned again: {}", run.name(), reason);
    }

    /**
     * Ends the feed's outage (its readings abandoned): how often it was abandoned before this reading, for its last
     * line; none at all: "". Called first by every way a feed ends but abandoned (moved, unmovable, replaced or
     * removed, unreadable), so that the next outage of a feed of this name gets its WARN line again.
     */
    private String abandonedBefore(Run run) {
        return abandoned.ends(run.name()).map(trouble -> " (after " + trouble.timesText("abandoned reading")
                + " since " + trouble.since() + ")").orElse("");
    }

    /**
     * {@link #open}, as the route's first step: a feed that cannot be opened (done/ or error/ not writable, the state
     * not loaded in snapshot mode) stays in the inbox and is read again at the next poll, as an abandoned one does.
     * One WARN line when that starts (before, an ERROR with a stack trace at every poll), a DEBUG line at each reading
     * again, one INFO line when it opens.
     */
    public void tryOpen(Exchange exchange) {
        String name = exchange.getMessage().getBody(File.class).getName();
        try {
            open(exchange);
        } catch (IOException | RuntimeException e) {
            unopened.came(name, LOG, "feed {}: cannot be opened, it stays in the inbox and is read again: {}; one line"
                    + " when it opens", "feed {}: cannot be opened again: {}", name, LogText.cut(e.toString()));
            return;
        }
        unopened.ends(name).ifPresent(trouble -> LOG.info("feed {}: opened after {} since {}", name,
                trouble.timesText("failed reading"), trouble.since()));
    }

    private static Run run(Exchange exchange) {
        return exchange.getProperty(FEED, Run.class);
    }

    /** The feed at its last step, its reader closed (closing again does no harm). */
    private static Run end(Exchange exchange) throws IOException {
        Run run = run(exchange);
        run.reader.close();
        return run;
    }

    private void closeUnlisted(Run run) throws InterruptedException {
        String name = run.name();
        if (run.failedRows.get() > 0) {
            LOG.warn("feed {}: {} rows failed, so no job it does not list is closed (snapshot mode)", name,
                    run.failedRows.get());
            return;
        }
        if (run.shiftedRows.get() > 0) {
            LOG.warn("feed {}: {} rows have more or fewer values than the header (what they list is not sure), so no"
                    + " job it does not list is closed (snapshot mode)", name, run.shiftedRows.get());
            return;
        }
        String origin = "csv:" + name;
        AtomicLong closed = new AtomicLong();
        long unlisted = run.unlisted.values().stream().mapToLong(Set::size).sum();
        long total = 0;
        for (Map.Entry<Board, Set<String>> board : run.unlisted.entrySet()) {
            for (String externalId : board.getValue()) {
                JobCommand close = new JobCommand(JobCommand.CLOSE, externalId, null, null, null, null,
                        JobRequests.DEFAULT_CLOSE_REASON, null).onBoards(List.of(board.getKey().id()));
                // decided on the job's lane, after the commands before it: a job upserted from Kafka (or closed)
                // while this feed was published is no longer the feeds' to close
                run.publish(close, origin, target -> boards.openFeedJob(target.board(), externalId),
                        events -> events.stream().filter(e -> e != null && e.event() == Outcome.CLOSED)
                                .forEach(e -> closed.incrementAndGet()));
                // the closes that ended count now, not only after the last was sent (the line said 0 closed)
                run.runEnded();
                if (++total % settings.progressEvery() == 0) {
                    LOG.info("feed {}: {} of {} jobs it no longer lists sent to be closed, {} closed", name, total,
                            unlisted, closed.get());
                }
            }
        }
        run.finish();
        LOG.info("feed {}: {} of {} jobs it no longer lists closed (snapshot mode)", name, closed.get(), total);
    }

    /** One feed being published: its report, the rows in flight, and the first failure that stops it. */
    private final class Run {

        private final Path file;
        /** {@link FeedFolders#identity} of the file when it was opened. */
        private final Object identity;
        private final Path target;
        private final FeedReader reader;
        /** Snapshot mode: per board, the jobs feeds published that this feed has not listed (yet). */
        private final Map<Board, Set<String>> unlisted;
        private final FeedReport report;
        private final Semaphore inFlight = new Semaphore(settings.inFlight());
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicLong failedRows = new AtomicLong();
        /** Rows whose cells may be shifted: the external_id they name may be another cell's. */
        private final AtomicLong shiftedRows = new AtomicLong();
        /**
         * What the commands that ended leave to do (report lines, counts), done by the feed's own thread: they end on
         * Kafka's I/O thread, which every flow's acknowledgements wait for.
         */
        private final Queue<Runnable> ended = new ConcurrentLinkedQueue<>();

        Run(Path file, Object identity, Path target, FeedReader reader, Map<Board, Set<String>> unlisted,
                FeedReport report) {
            this.file = file;
            this.identity = identity;
            this.target = target;
            this.reader = reader;
            this.unlisted = unlisted;
            this.report = report;
        }

        String name() {
            return file.getFileName().toString();
        }

        /**
         * The boards' unlisted jobs the row lists its job among: on the boards it names; a row not readable, or naming
         * a board the bundle does not know (a typo), on every board, so that its rejection closes nothing.
         */
        private Collection<Set<String>> listing(FeedRow row) {
            List<JobBoards.Target> named = boards.targets(row.command());
            if (!row.readable() || named.stream().anyMatch(target -> target.board() == null)) {
                return unlisted.values();
            }
            return named.stream().map(target -> unlisted.get(target.board())).filter(Objects::nonNull).toList();
        }

        /**
         * Whether another file took this one's place in the inbox while it was published (moved over it, or written
         * over it in place), or it was removed: then nothing is moved (the new file is read at the next poll, as a
         * feed of its own), and one WARN line says where this one's report is, ending with {@code after}
         * ({@link FeedProcessor#abandonedBefore}).
         */
        boolean replaced(String after) {
            if (identity != null && identity.equals(FeedFolders.identity(file))) {
                return false;
            }
            LOG.warn("{}; the file was replaced or removed in the inbox meanwhile: nothing is moved, a file there now"
                    + " is read as a feed of its own; this one's report is {}{}", report.summary().logLine(),
                    FeedFolders.reportOf(target), after);
            return true;
        }

        void publishRows() throws InterruptedException {
            long read = 0;
            while (failure.get() == null && reader.hasNext()) {
                runEnded();
                FeedRow row = reader.next();
                if (row.externalId() != null && !unlisted.isEmpty()) {
                    listing(row).forEach(open -> open.remove(row.externalId()));
                }
                if (row.readable()) {
                    publish(row.command(), row.origin(), events -> report.add(row.row(), events));
                } else {
                    if (row.shifted()) {
                        shiftedRows.incrementAndGet();
                    }
                    List<JobEvent> rejected = boards.targets(row.command()).stream()
                            .map(target -> row.rejection().onBoard(target.boardId())).toList();
                    acquire(1);
                    CompletableFuture.allOf(rejected.stream().map(this::sent).toArray(CompletableFuture[]::new))
                            .whenComplete((done, error) -> settle(error, () -> report.add(row.row(), rejected)));
                }
                if (++read % settings.progressEvery() == 0) {
                    LOG.info("feed {}: {} rows read, {} done", name(), read, report.summary().rows());
                }
            }
        }

        /**
         * Publishes a command of this feed on each of its boards, on that board's lanes, once fewer than
         * {@code in-flight} commands are under way; a board whose retries ran out becomes a dead letter. Then hands
         * every board's event, acknowledged by Kafka, to {@code done}. A failure stops the feed.
         */
        void publish(JobCommand command, String origin, Consumer<List<JobEvent>> done) throws InterruptedException {
            publish(command, origin, target -> true, done);
        }

        /** The same, on the boards where {@code due} still holds on the lane: elsewhere no event (null in done's). */
        void publish(JobCommand command, String origin, Predicate<JobBoards.Target> due,
                Consumer<List<JobEvent>> done) throws InterruptedException {
            acquire(1);
            try {
                List<CompletableFuture<JobEvent>> parts = boards.targets(command).stream()
                        .map(target -> onLanes(target, command, origin, due)).toList();
                CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((all, error) ->
                        settle(error, () -> done.accept(parts.stream().map(CompletableFuture::join).toList())));
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
        }

        private CompletableFuture<JobEvent> onLanes(JobBoards.Target target, JobCommand command, String origin,
                Predicate<JobBoards.Target> due) {
            CompletableFuture<JobEvent> event = new CompletableFuture<>();
            boards.lanes(target).submit(target.lane(command), () -> {
                if (!due.test(target)) {
                    event.complete(null);
                    return CompletableFuture.completedFuture(null);
                }
                JobOutcome outcome = boards.publish(target, command, origin, JobRecord.Source.FEED, null, null);
                CompletableFuture<Void> state = acknowledged(outcome.writeState());
                if (!outcome.failed()) {
                    return CompletableFuture.allOf(state, sent(outcome.event()))
                            .thenRun(() -> event.complete(outcome.event()));
                }
                failedRows.incrementAndGet();
                deadLetters.send(origin, command.externalId(), json(command), outcome.failure(), outcome.attempts(),
                        ROUTE, command.requestId());
                return state.thenRun(() -> event.complete(outcome.event()));
            }).whenComplete((result, error) -> {
                if (error != null) {
                    event.completeExceptionally(error);
                }
            });
            return event;
        }

        /**
         * The event written; one Kafka refuses for what it holds (larger than a request: the job as the API
         * returned it, a huge description) becomes the row's dead letter with the event as payload, as a Kafka
         * command's does: sending it again cannot succeed, and it must not stop the feed at every reading.
         */
        private CompletableFuture<JobEvent> sent(JobEvent event) {
            return acknowledged(events.send(event)).handle((written, error) -> {
                if (error == null) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                Throwable refusal = KafkaOutput.refusal(error);
                if (refusal == null) {
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                }
                return acknowledged(deadLetters.sendAsync(event.origin(), event.externalId(),
                        events.record(event).value(), refusal, 0, ROUTE, event.requestId()));
            }).thenCompose(letter -> letter).thenApply(written -> event);
        }

        /** The write, counted as under way until Kafka answers it (see {@link #acquire}). */
        private <T> CompletableFuture<T> acknowledged(CompletableFuture<T> write) {
            if (write.isDone()) {
                return write; // nothing to write
            }
            writing.incrementAndGet();
            lastWrite = System.nanoTime();
            return write.whenComplete((result, error) -> {
                lastWrite = System.nanoTime();
                writing.decrementAndGet();
            });
        }

        /**
         * Ends a command's work: records the first failure (the feed stops), else leaves {@code then} to the feed's
         * thread ({@link #runEnded}), which skips it once the feed stopped (its report is deleted).
         */
        private void settle(Throwable error, Runnable then) {
            try {
                if (error != null) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    failure.compareAndSet(null, cause);
                } else {
                    ended.add(then);
                }
            } finally {
                inFlight.release();
            }
        }

        /** On the feed's thread: what the commands that ended left to do, unless the feed stopped. */
        private void runEnded() {
            for (Runnable then = ended.poll(); then != null; then = ended.poll()) {
                if (failure.get() == null) {
                    then.run();
                }
            }
        }

        /**
         * Takes permits of the in-flight bound, as rows end. Kafka completes or fails every send within its delivery
         * timeout, but not always: once an idempotent producer's batch expired in an outage, it asks for a new
         * producer id, and expires nothing more until a broker answers. So when feed writes are under way and none
         * was sent or answered for {@link Settings#acknowledgement}, the feed stops. One check
         * here instead of a timer per write (setting and cancelling it cost as much as the write's own completion).
         */
        private void acquire(int permits) throws InterruptedException {
            while (!inFlight.tryAcquire(permits, 1, TimeUnit.SECONDS)) {
                if (writing.get() > 0 && System.nanoTime() - lastWrite > settings.acknowledgement().toNanos()) {
                    IllegalStateException stalled = new IllegalStateException("Kafka acknowledged none of the feeds' "
                            + writing.get() + " writes under way within " + settings.acknowledgement().toSeconds()
                            + " s");
                    failure.compareAndSet(null, stalled);
                    throw stalled;
                }
            }
        }

        /** Waits for the work under way; after the rows, the report then has every line. */
        void awaitAll() throws InterruptedException {
            acquire(settings.inFlight());
            inFlight.release(settings.inFlight());
            runEnded();
        }

        /** Waits for the work under way, unless Kafka stalled: what is under way then ends without the report. */
        void awaitAllUnlessStalled() throws InterruptedException {
            try {
                awaitAll();
            } catch (IllegalStateException stalled) {
                // the feed stopped: no line is written any more
            }
        }

        /** Waits for the work under way; throws when some of it could not be finished. */
        void finish() throws InterruptedException {
            awaitAll();
            Throwable stopped = failure.get();
            if (stopped != null) {
                throw new IllegalStateException(stopped.getMessage(), stopped);
            }
        }

        void abandon() throws IOException, InterruptedException {
            awaitAllUnlessStalled();
            report.close();
            Files.deleteIfExists(folders.reportWhileWritten(name()));
        }

        /** Gives the report, written under a name no one takes for one, its name, once it is complete. */
        void nameReport(Path named) throws IOException {
            FeedFolders.nameReport(folders.reportWhileWritten(name()), named);
        }
    }

    private static String json(JobCommand command) {
        try {
            return BridgeJson.MAPPER.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job command", e);
        }
    }
}
