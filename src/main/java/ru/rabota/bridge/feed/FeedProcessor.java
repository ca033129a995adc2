package ru.rabota.bridge.feed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.JobEvents;
import ru.rabota.bridge.jobs.JobLanes;
import ru.rabota.bridge.jobs.JobOutcome;
import ru.rabota.bridge.jobs.JobPublisher;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobRequests;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.jobs.Outcome;
import ru.rabota.bridge.kafka.DeadLetters;

/**
 * Publishes one CSV feed (CONTRACT.md section 4), the processor of route {@value #ROUTE}. Rows stream from the file
 * to the {@link JobLanes} (in parallel, one external_id at a time, in row order), at most {@code in-flight} rows at
 * once, so memory does not grow with the file. Each row gives a job event and a report line; a row whose retries
 * ran out is reported {@code failed} and sent to the dead-letter topic (its {@code topic} is the row's origin).
 * <p>
 * Then the file moves to done/ with its report. A file that cannot be read as CSV (at once, or further down: the
 * rows before were published) moves to error/ with {@code <name>.error.txt} (and its partial report). When the
 * bundle cannot go on (Kafka or the state store unavailable, the application stopping), the feed is abandoned: its
 * report is deleted, the file stays in the inbox and is read again later; rows already published come out
 * {@code unchanged}.
 * <p>
 * Snapshot mode: after a feed whose every row was read and none failed, the jobs that feeds published earlier and
 * that the feed does not list (rejected rows count as listed) are closed ({@code closed_irrelevant}), each with its
 * event (origin {@code csv:<file name>}). A feed with failed rows, unreadable or abandoned closes nothing.
 */
public final class FeedProcessor implements Processor {

    static final String ROUTE = "jobs-from-feed";

    private static final Logger LOG = LoggerFactory.getLogger(FeedProcessor.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The feed settings: charset forced or null, snapshot mode, progress line every so many rows, row bound. */
    public record Settings(Charset charset, boolean snapshot, int progressEvery, int inFlight) {
    }

    private final Settings settings;
    private final FeedFolders folders;
    private final JobPublisher publisher;
    private final JobLanes lanes;
    private final JobEvents events;
    private final DeadLetters deadLetters;
    private final JobState state;

    public FeedProcessor(Settings settings, FeedFolders folders, JobPublisher publisher, JobLanes lanes,
            JobEvents events, DeadLetters deadLetters, JobState state) {
        this.settings = settings;
        this.folders = folders;
        this.publisher = publisher;
        this.lanes = lanes;
        this.events = events;
        this.deadLetters = deadLetters;
        this.state = state;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        publish(exchange.getMessage().getBody(File.class).toPath());
    }

    /** Publishes the feed and moves it out of the inbox; throws, leaving it there, when the bundle cannot go on. */
    public void publish(Path file) throws IOException, InterruptedException {
        String name = file.getFileName().toString();
        FeedReader reader;
        try {
            reader = FeedReader.open(file, settings.charset());
        } catch (FeedUnreadableException e) {
            Path moved = folders.moveToError(file, e.getMessage());
            LOG.error("feed {}: not readable, moved to {}: {}", name, moved, LogText.cut(e.getMessage()));
            return;
        }
        Path target = folders.doneTarget(name);
        Path reportFile = FeedFolders.reportOf(target);
        Set<String> unlisted = settings.snapshot() ? state.openFeedJobs() : new HashSet<>();
        Run run = new Run(name, FeedReport.create(reportFile, reader.format().delimiter(), name));
        try (reader) {
            run.publishRows(reader, unlisted);
            run.finish();
            if (settings.snapshot()) {
                closeUnlisted(run, name, unlisted);
            }
        } catch (FeedUnreadableException e) {
            run.awaitAll();
            run.report.close();
            Path moved = folders.moveToError(file, e.getMessage());
            Files.move(reportFile, FeedFolders.reportOf(moved));
            LOG.error("feed {}: not readable further down, moved to {}: {}; {}", name, moved,
                    LogText.cut(e.getMessage()),
                    run.report.summary().logLine());
            return;
        } catch (IOException | InterruptedException | RuntimeException e) {
            run.abandon(reportFile);
            throw e;
        }
        run.report.close();
        Files.move(file, target);
        LOG.info("{}, moved to {}", run.report.summary().logLine(), target);
    }

    private void closeUnlisted(Run run, String name, Set<String> unlisted) throws InterruptedException {
        if (run.failedRows.get() > 0) {
            LOG.warn("feed {}: {} rows failed, so no job it does not list is closed (snapshot mode)", name,
                    run.failedRows.get());
            return;
        }
        String origin = "csv:" + name;
        AtomicLong closed = new AtomicLong();
        for (String externalId : unlisted) {
            JobCommand close = new JobCommand(JobCommand.CLOSE, externalId, null, null, null, null,
                    JobRequests.DEFAULT_CLOSE_REASON, null);
            run.submit(externalId, () -> run.publish(close, origin).thenAccept(event -> {
                if (event.event() == Outcome.CLOSED) {
                    closed.incrementAndGet();
                }
            }));
        }
        run.finish();
        LOG.info("feed {}: {} of {} jobs it no longer lists closed (snapshot mode)", name, closed.get(),
                unlisted.size());
    }

    /** One feed being published: its report, the rows in flight, and the first failure that stops it. */
    private final class Run {

        private final String name;
        private final FeedReport report;
        private final Semaphore inFlight = new Semaphore(settings.inFlight());
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicLong failedRows = new AtomicLong();

        Run(String name, FeedReport report) {
            this.name = name;
            this.report = report;
        }

        void publishRows(FeedReader reader, Set<String> unlisted) throws InterruptedException {
            long read = 0;
            while (failure.get() == null && reader.hasNext()) {
                FeedRow row = reader.next();
                if (row.externalId() != null) {
                    unlisted.remove(row.externalId());
                }
                submit(row.externalId() != null ? row.externalId() : row.origin(), () -> (row.readable()
                        ? publish(row.command(), row.origin()) : sent(row.rejection()))
                        .thenAccept(event -> report.add(row.row(), event)));
                if (++read % settings.progressEvery() == 0) {
                    LOG.info("feed {}: {} rows read, {} done", name, read, report.summary().rows());
                }
            }
        }

        /**
         * Publishes a command of this feed; a command whose retries ran out becomes a dead letter.
         *
         * @return its event, once Kafka acknowledged it (or the dead letter)
         */
        CompletableFuture<JobEvent> publish(JobCommand command, String origin) {
            JobOutcome outcome = publisher.publish(command, origin, JobRecord.Source.FEED);
            if (!outcome.failed()) {
                return sent(outcome.event());
            }
            failedRows.incrementAndGet();
            deadLetters.send(origin, command.externalId(), json(command), outcome.failure(), outcome.attempts(),
                    ROUTE, command.requestId());
            return CompletableFuture.completedFuture(outcome.event());
        }

        private CompletableFuture<JobEvent> sent(JobEvent event) {
            return events.send(event).thenApply(acknowledged -> event);
        }

        /**
         * Runs the work on the lanes once fewer than {@code in-flight} are under way (until what it returns
         * completes); a failure stops the feed.
         */
        void submit(String key, Supplier<CompletableFuture<?>> work) throws InterruptedException {
            inFlight.acquire();
            try {
                lanes.submit(key, work).whenComplete((result, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error.getCause() != null ? error.getCause() : error);
                    }
                    inFlight.release();
                });
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
        }

        /** Waits for the work under way; after the rows, the report then has every line. */
        void awaitAll() throws InterruptedException {
            inFlight.acquire(settings.inFlight());
            inFlight.release(settings.inFlight());
        }

        /** Waits for the work under way; throws when some of it could not be finished. */
        void finish() throws InterruptedException {
            awaitAll();
            Throwable stopped = failure.get();
            if (stopped != null) {
                throw new IllegalStateException("feed " + name + " abandoned, it stays in the inbox: "
                        + stopped.getMessage(), stopped);
            }
        }

        void abandon(Path reportFile) throws IOException, InterruptedException {
            awaitAll();
            report.close();
            Files.deleteIfExists(reportFile);
        }
    }

    private static String json(JobCommand command) {
        try {
            return MAPPER.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job command", e);
        }
    }
}
