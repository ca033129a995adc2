package ru.rabota.bridge.feed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.jobs.Board;
import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;

/**
 * One feed being published ({@link FeedProcessor}): its file as it was opened, its reader and report, its commands
 * under way, and in snapshot mode the jobs it has not listed yet.
 */
final class FeedRun {

    /** The processor's: a feed's lines come under one logger. */
    private static final Logger LOG = LoggerFactory.getLogger(FeedProcessor.class);

    private final Path file;
    /** {@link FeedFolders#identity} of the file when it was opened. */
    private final Object identity;
    private final Path target;
    private final FeedReader reader;
    private final FeedReport report;
    /** Snapshot mode: per board, the jobs feeds published that this feed has not listed (yet). */
    private final Map<Board, Set<String>> unlisted;
    /** Snapshot mode: how many jobs, on all boards, feeds published before this one. */
    private final long publishedBefore;
    private final FeedCommands commands;
    private final FeedUpserts upserts;
    private final int progressEvery;
    private final RowsInFlight inFlight;
    private final AtomicLong failedRows = new AtomicLong();
    /** Rows whose cells may be shifted: the external_id they name may be another cell's. */
    private final AtomicLong shiftedRows = new AtomicLong();

    /**
     * @param target   where the file goes in done/
     * @param unlisted snapshot mode: the jobs feeds published, per board; else empty
     */
    FeedRun(Path file, Object identity, Path target, FeedReader reader, FeedReport report,
            Map<Board, Set<String>> unlisted, FeedProcessor.Settings settings, FeedCommands commands) {
        this.file = file;
        this.identity = identity;
        this.target = target;
        this.reader = reader;
        this.report = report;
        this.unlisted = unlisted;
        this.publishedBefore = unlisted.values().stream().mapToLong(Set::size).sum();
        this.commands = commands;
        this.upserts = new FeedUpserts(commands);
        this.progressEvery = settings.progressEvery();
        this.inFlight = new RowsInFlight(settings.inFlight(), settings.acknowledgement(), commands.writes());
    }

    Path file() {
        return file;
    }

    Object identity() {
        return identity;
    }

    Path target() {
        return target;
    }

    String name() {
        return file.getFileName().toString();
    }

    FeedReport report() {
        return report;
    }

    RowsInFlight inFlight() {
        return inFlight;
    }

    Map<Board, Set<String>> unlisted() {
        return unlisted;
    }

    long publishedBefore() {
        return publishedBefore;
    }

    long failedRows() {
        return failedRows.get();
    }

    long shiftedRows() {
        return shiftedRows.get();
    }

    /** Closing again does no harm. */
    void closeReader() throws IOException {
        reader.close();
    }

    /**
     * Whether another file took this one's place in the inbox while it was published (moved over it, or written over
     * it in place), or it was removed.
     */
    boolean replaced() {
        return identity == null || !identity.equals(FeedFolders.identity(file));
    }

    /** Sends every row to its boards as it is read, until the rows end or a failure stops the feed. */
    void publishRows() throws InterruptedException {
        long read = 0;
        while (!inFlight.stopped() && reader.hasNext()) {
            inFlight.runEnded();
            FeedRow row = reader.next();
            if (row.externalId() != null && !unlisted.isEmpty()) {
                listing(row).forEach(open -> open.remove(row.externalId()));
            }
            if (row.readable()) {
                publish(row.command(), row.origin(), target -> true, events -> report.add(row.row(), events));
            } else {
                if (row.shifted()) {
                    shiftedRows.incrementAndGet();
                }
                List<JobEvent> rejected = upserts.targets(row.command()).stream()
                        .map(target -> row.rejection().onBoard(target.boardId())).toList();
                inFlight.acquire();
                CompletableFuture.allOf(rejected.stream().map(commands::sent).toArray(CompletableFuture[]::new))
                        .whenComplete((done, error) -> inFlight.settle(error, () -> report.add(row.row(), rejected)));
            }
            if (++read % progressEvery == 0) {
                LOG.info("feed {}: {} rows read, {} done", name(), read, report.summary().rows());
            }
        }
    }

    /**
     * Publishes a command of this feed on each of its boards (a close or revive without boards also on those of this
     * feed's upserts of its external_id under way, {@link FeedUpserts}) where {@code due} still holds on the lane
     * ({@link FeedCommands#onBoards}), once fewer than {@code in-flight} commands are under way. Then hands every
     * board's event, acknowledged by Kafka, to {@code done} (null where not due). A failure stops the feed.
     */
    void publish(JobCommand command, String origin, Predicate<JobBoards.Target> due,
            Consumer<List<JobEvent>> done) throws InterruptedException {
        inFlight.acquire();
        try {
            List<JobBoards.Target> targets = upserts.targets(command);
            List<CompletableFuture<JobEvent>> parts = commands.onBoards(command, targets, origin, due,
                    failedRows::incrementAndGet);
            upserts.started(command, targets);
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((all, error) ->
                    inFlight.settle(error, () -> {
                        upserts.ended(command);
                        done.accept(parts.stream().map(CompletableFuture::join).toList());
                    }));
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /**
     * The boards' unlisted jobs the row lists its job among: on the boards it names; a row not readable, or naming
     * a board the bundle does not know (a typo), on every board, so that its rejection closes nothing.
     */
    private Collection<Set<String>> listing(FeedRow row) {
        List<JobBoards.Target> named = upserts.targets(row.command());
        if (!row.readable() || named.stream().anyMatch(target -> target.board() == null)) {
            return unlisted.values();
        }
        return named.stream().map(target -> unlisted.get(target.board())).filter(Objects::nonNull).toList();
    }
}
