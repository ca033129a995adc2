package ru.rabota.bridge.feed;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.jobs.Board;
import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvents;
import ru.rabota.bridge.jobs.JobRequests;
import ru.rabota.bridge.jobs.Outcome;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.log.LogText;

/**
 * The steps of route {@value #ROUTE} (routes/jobs.camel.yaml), bound as {@code feedProcessor}: one CSV feed
 * (CONTRACT.md sections 4 and 6) from the inbox to done/ or error/. Rows stream from the file to their boards
 * ({@link JobBoards}: each board's part through route {@code job-command} on that board's lanes, in parallel, one
 * external_id at a time per board, in row order), at most {@code in-flight} rows at once, so memory does not grow with
 * the file. Each row gives a job event and a report line per board; a board whose retries ran out is reported
 * {@code failed} and sent to the dead-letter topic (its {@code topic} is the row's origin). The report is written under
 * a hidden name ({@link FeedFolders#reportWhileWritten}) and named when the feed ends, so that a report under its name
 * is complete. The feed being published, a {@link FeedRun}, travels in exchange property {@value #FEED}; its commands
 * go to their boards through {@link FeedCommands}, bounded by {@link RowsInFlight}.
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
    /** @param maxClosedShare {@code bridge.feed.max-closed-share}, 0 to 1 */
    public record Settings(Charset charset, boolean snapshot, BigDecimal maxClosedShare, int progressEvery,
            int inFlight, Duration acknowledgement) {
    }

    private final Settings settings;
    private final FeedFolders folders;
    private final JobBoards boards;
    private final FeedCommands commands;
    /** What is remembered of the files that stay in the inbox, and their troubles. */
    private final InboxMemory memory = new InboxMemory();

    public FeedProcessor(Settings settings, FeedFolders folders, JobBoards boards, JobEvents events,
            DeadLetters deadLetters) {
        this.settings = settings;
        this.folders = folders;
        this.boards = boards;
        this.commands = new FeedCommands(boards, events, deadLetters);
    }

    /**
     * {@link #open}, as the route's first step: a feed that cannot be opened (done/ or error/ not writable, the state
     * not loaded in snapshot mode) stays in the inbox and is read again at the next poll, as an abandoned one does.
     * One WARN line when that starts (before, an ERROR with a stack trace at every poll), a DEBUG line at each reading
     * again, one INFO line when it opens.
     */
    public void tryOpen(Exchange exchange) {
        Path file = exchange.getMessage().getBody(File.class).toPath();
        String name = file.getFileName().toString();
        Object identity = FeedFolders.identity(file);
        memory.forgetGone();
        try {
            open(exchange, file, identity);
        } catch (IOException | RuntimeException e) {
            memory.unopened().came(name, LOG, "feed {}: cannot be opened, it stays in the inbox and is read again: {}; one line"
                    + " when it opens", "feed {}: cannot be opened again: {}", name, LogText.cut(e.toString()));
            memory.remember(file, identity);
            return;
        }
        memory.unopened().ends(name).ifPresent(trouble -> LOG.info("feed {}: opened after {} since {}", name,
                trouble.timesText("failed reading"), trouble.since()));
    }

    /**
     * Opens the feed's file as CSV, its delimiter and charset detected, and starts its report; in
     * snapshot mode notes the jobs feeds published so far. A file that cannot be read as CSV at all moves to error/
     * at once, and no feed is started. A file published that could not be moved out is not read again, nor one
     * unreadable further down that could not be moved to error/, until error/ can be written.
     */
    private void open(Exchange exchange, Path file, Object identity) throws IOException {
        if (memory.unmovable(file) || memory.awaitingError(file) && !folders.errorWritable()) {
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
            exchange.setProperty(FEED, new FeedRun(file, identity, target, reader,
                    folders.startReport(name, reader.format().delimiter()), unlisted, settings, commands));
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Publishes every row; returns once all are answered, or throws when the feed cannot be finished. */
    public void publishRows(Exchange exchange) throws InterruptedException {
        FeedRun run = run(exchange);
        run.publishRows();
        run.inFlight().finish();
    }

    /** Whether feeds are snapshots ({@code bridge.feed.mode=snapshot}). */
    public boolean snapshot() {
        return settings.snapshot();
    }

    /** Snapshot mode: closes, on each board, the jobs feeds published that this feed no longer lists. */
    public void closeUnlisted(Exchange exchange) throws InterruptedException {
        FeedRun run = run(exchange);
        String name = run.name();
        if (run.failedRows() > 0) {
            LOG.warn("feed {}: {} rows failed, so no job it does not list is closed (snapshot mode)", name,
                    run.failedRows());
            return;
        }
        if (run.shiftedRows() > 0) {
            LOG.warn("feed {}: {} rows have more or fewer values than the header (what they list is not sure), so no"
                    + " job it does not list is closed (snapshot mode)", name, run.shiftedRows());
            return;
        }
        if (run.replaced()) {
            // still being written when it was taken, or replaced since: what was read may not be the whole list
            LOG.warn("feed {}: the file changed in the inbox while it was read, so no job it does not list is closed"
                    + " (snapshot mode); the file there now is read as a feed of its own", name);
            return;
        }
        String origin = "csv:" + name;
        AtomicLong closed = new AtomicLong();
        long unlisted = run.unlisted().values().stream().mapToLong(Set::size).sum();
        if (BigDecimal.valueOf(unlisted).compareTo(settings.maxClosedShare().multiply(
                BigDecimal.valueOf(run.publishedBefore()))) > 0) {
            // a list cut short (an export that failed halfway, one region's file) would close the rest
            LOG.warn("feed {}: it would close {} of the {} jobs feeds published, more than bridge.feed.max-closed-share"
                    + " ({}) allows, so none is closed (snapshot mode); if that is meant, close them by commands or"
                    + " drop the feed again with a higher share", name, unlisted, run.publishedBefore(),
                    settings.maxClosedShare().toPlainString());
            return;
        }
        long total = 0;
        for (Map.Entry<Board, Set<String>> board : run.unlisted().entrySet()) {
            for (String externalId : board.getValue()) {
                JobCommand close = new JobCommand(JobCommand.CLOSE, externalId, null, null, null, null,
                        JobRequests.DEFAULT_CLOSE_REASON, null).onBoards(List.of(board.getKey().id()));
                // decided on the job's lane, after the commands before it: a job upserted from Kafka (or closed)
                // while this feed was published is no longer the feeds' to close
                run.publish(close, origin, target -> boards.openFeedJob(target.board(), externalId),
                        events -> events.stream().filter(e -> e != null && e.event() == Outcome.CLOSED)
                                .forEach(e -> closed.incrementAndGet()));
                // the closes that ended count now, not only after the last was sent (the line said 0 closed)
                run.inFlight().runEnded();
                if (++total % settings.progressEvery() == 0) {
                    LOG.info("feed {}: {} of {} jobs it no longer lists sent to be closed, {} closed", name, total,
                            unlisted, closed.get());
                }
            }
        }
        run.inFlight().finish();
        run.report().summary().unlistedClosed(closed.get());
        LOG.info("feed {}: {} of {} jobs it no longer lists closed (snapshot mode)", name, closed.get(), total);
    }

    /**
     * The feed published: its report complete, it takes its name in done/ (before the file moves: a crash between
     * the two leaves the feed to be read again, and a report of it, rather than a feed without one); the file moves
     * there too.
     */
    public void done(Exchange exchange) throws IOException {
        FeedRun run = end(exchange);
        run.report().close();
        folders.nameReport(run.name(), FeedFolders.reportOf(run.target()));
        // the abandoned readings end only now: a report that cannot be written (a full disk) abandons this one too,
        // and its trouble goes on (one WARN line, not one per reading)
        String after = abandonedBefore(run);
        if (replaced(run, after)) {
            return;
        }
        try {
            Files.move(run.file(), run.target());
        } catch (IOException e) {
            // read again at every poll, it would be published again and again: not until it changes
            memory.notMovable(run.file(), run.identity());
            LOG.error("{}; it cannot be moved to {} ({}): it stays in the inbox and is not read again until it"
                    + " changes; its report is {}{}", run.report().summary().logLine(), run.target(),
                    LogText.cut(e.toString()), FeedFolders.reportOf(run.target()), after);
            return;
        }
        LOG.info("{}, moved to {}{}", run.report().summary().logLine(), run.target(), after);
    }

    /**
     * Not readable further down: the rows before were published; the file moves to error/ with its report. When it
     * cannot be moved (error/ not writable), its report is deleted, as an abandoned feed's, so that no hidden report
     * stays behind, and the file stays in the inbox, not read again until it changes or error/ can be written (then
     * read once more, its rows {@code unchanged}, and moved): one WARN line, one INFO line when it moves. Before, an
     * ERROR line with a stack trace and its rows published again at every poll. When the move fails once the file is
     * out of the inbox (its error text or its report not written), the report is deleted and the failure thrown.
     */
    public void unreadable(Exchange exchange) throws IOException, InterruptedException {
        FeedRun run = run(exchange);
        try {
            moveUnreadable(run, exchange);
        } catch (IOException | InterruptedException | RuntimeException crash) {
            try {
                deleteReport(run);
            } catch (IOException | RuntimeException e) {
                crash.addSuppressed(e);
            }
            throw crash;
        }
    }

    private void moveUnreadable(FeedRun run, Exchange exchange) throws IOException, InterruptedException {
        run.closeReader();
        FeedUnreadableException e = ObjectHelper.getException(FeedUnreadableException.class,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        run.inFlight().awaitAllUnlessStalled();
        run.report().close();
        String after = abandonedBefore(run);
        if (replaced(run, after)) {
            folders.nameReport(run.name(), FeedFolders.reportOf(run.target()));
            return;
        }
        Path moved;
        try {
            moved = folders.moveToError(run.file(), e.getMessage());
        } catch (IOException failure) {
            if (Files.notExists(run.file())) {
                throw failure;
            }
            deleteReport(run);
            notMovedToError(run, e, failure, after);
            return;
        }
        memory.movedToError(run.file());
        folders.nameReport(run.name(), FeedFolders.reportOf(moved));
        Object[] line = {run.name(), moved, LogText.cut(e.getMessage()), run.report().summary().logLine(), after};
        memory.notMovedToError().ends(run.name()).ifPresentOrElse(trouble -> LOG.info("feed {}: not readable further down,"
                + " moved to {} (not moved before: " + trouble.timesText("failed move") + " since " + trouble.since()
                + "): {}; {}{}", line), () -> LOG.error("feed {}: not readable further down, moved to {}: {}; {}{}",
                        line));
    }

    /** The unreadable feed stays in the inbox: not read again until it changes or error/ can be written. */
    private void notMovedToError(FeedRun run, FeedUnreadableException unreadable, IOException failure,
            String after) {
        memory.notMovedToError(run.file(), run.identity());
        memory.notMovedToError().came(run.name(), LOG, "feed {}: not readable further down ({}), and it cannot be moved to {}"
                + " ({}): it stays in the inbox and is not read again until it changes or that folder can be written;"
                + " one line when it moves; {}{}", "feed {}: not readable further down ({}), and again not moved to {}"
                + " ({}); {}{}", run.name(), LogText.cut(unreadable.getMessage()), folders.error(),
                LogText.cut(failure.toString()), run.report().summary().logLine(), after);
    }

    /**
     * The bundle cannot go on: the feed is abandoned (its report deleted once the work under way ended); the file
     * stays in the inbox (the route never moves it, and reads it again at its next poll). One WARN line, as failed
     * polls give: an outage is expected and mends itself, so no ERROR with a stack trace, and no line at every
     * reading again; the feed's last line says how often it was abandoned.
     */
    public void abandon(Exchange exchange) throws IOException, InterruptedException {
        FeedRun run = end(exchange);
        run.inFlight().awaitAllUnlessStalled();
        deleteReport(run);
        String reason = LogText.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        memory.abandoned().came(run.name(), LOG, "feed {}: abandoned, it stays in the inbox and is read again: {}; one line when"
                + " it is published", "feed {}: abandoned again: {}", run.name(), reason);
        memory.remember(run.file(), run.identity());
    }

    /** Closes the feed's report and deletes it, unless it was named: the feed is read again, its report written anew. */
    private void deleteReport(FeedRun run) throws IOException {
        try {
            run.report().close();
        } finally {
            folders.deleteReport(run.name());
        }
    }

    /**
     * Ends the feed's outage (its readings abandoned): how often it was abandoned before this reading, for its last
     * line; none at all: "". Called first by every way a feed ends but abandoned (moved, unmovable, replaced or
     * removed, unreadable), so that the next outage of a feed of this name gets its WARN line again.
     */
    private String abandonedBefore(FeedRun run) {
        return memory.abandoned().ends(run.name()).map(trouble -> " (after " + trouble.timesText("abandoned reading")
                + " since " + trouble.since() + ")").orElse("");
    }

    /**
     * Whether the feed's file was replaced or removed in the inbox while it was published ({@link FeedRun#replaced}):
     * then nothing is moved (the new file is read at the next poll, as a feed of its own), and one WARN line says
     * where this one's report is, ending with {@code after} ({@link #abandonedBefore}).
     */
    private static boolean replaced(FeedRun run, String after) {
        if (!run.replaced()) {
            return false;
        }
        LOG.warn("{}; the file was replaced or removed in the inbox meanwhile: nothing is moved, a file there now"
                + " is read as a feed of its own; this one's report is {}{}", run.report().summary().logLine(),
                FeedFolders.reportOf(run.target()), after);
        return true;
    }

    private static FeedRun run(Exchange exchange) {
        return exchange.getProperty(FEED, FeedRun.class);
    }

    /** The feed at its last step, its reader closed (closing again does no harm). */
    private static FeedRun end(Exchange exchange) throws IOException {
        FeedRun run = run(exchange);
        run.closeReader();
        return run;
    }
}
