package ru.rabota.bridge.applications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Forgets the state of applications no read can show as new again, once their last status is older than
 * {@code bridge.applications.retention} (0: never): bound as {@code applicationRetention}, run by route
 * {@code applications-retention} on the active instance. The state holds an entry per application ever emitted, in
 * the memory of every instance and in the topic every start reads; without this it grew for good.
 * <p>
 * Each source's {@link Rule} says which it may forget: VK Работа's, those in a final status (no longer re-scanned)
 * created before where the poll starts reading; hh.ru's, those of a vacancy the poll no longer reads. Their entries
 * are removed (tombstones) and their jobs' marks ({@link ForgottenApplications}) written in transactions of the
 * application events' producer, so a read that shows one again (a re-scan from an older open application of its job,
 * a vacancy polled again) emits nothing for it. What the source changes on a forgotten application after that is not
 * emitted either, nor is a status command's answer ({@link EventBatch}). Entries of versions before {@code seen_at}
 * (when the status was decided) are kept: their age is not known.
 */
public final class ApplicationRetention {

    /** What one source may forget of the applications whose last status is older than the retention. */
    public interface Rule {

        /** The source's part of the state's keys ({@code vkrabota}, {@code hh}). */
        String source();

        /** Whether no read of the source can show this application as new again once its state is gone. */
        boolean mayForget(ApplicationState state, Instant createdAt);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRetention.class);
    /** Tombstones per transaction: a forgotten backlog of a million is a thousand small transactions. */
    private static final int PER_TRANSACTION = 1_000;
    /** Transactions between two lines on a long run's progress. */
    private static final int PROGRESS_EVERY = 100;

    private final KafkaStateStore applicationState;
    private final ApplicationPublisher publisher;
    private final ForgottenApplications forgotten;
    private final Duration retention;
    private final Clock clock;
    private final Supplier<List<Rule>> rules;

    /** @param rules the rules of the sources bound in this context, looked up at each run */
    public ApplicationRetention(KafkaStateStore applicationState, KafkaStateStore watermarkState,
            ApplicationPublisher publisher, Duration retention, Clock clock, Supplier<List<Rule>> rules) {
        this.applicationState = applicationState;
        this.publisher = publisher;
        this.forgotten = new ForgottenApplications(watermarkState);
        this.retention = retention;
        this.clock = clock;
        this.rules = rules;
    }

    /** One run: forgets what the rules let go, one line when it forgot anything. */
    public void forget() {
        if (retention.isZero()) {
            return;
        }
        Map<String, Rule> bySource = rules.get().stream().collect(Collectors.toMap(Rule::source, Function.identity()));
        Instant before = clock.instant().minus(retention);
        Run run = new Run();
        applicationState.forEach((key, value) -> {
            Rule rule = bySource.get(key.substring(0, Math.max(key.indexOf(':'), 0)));
            ApplicationState state = rule == null ? null : parsed(value);
            Instant created = state == null ? null : ForgottenApplications.instant(state.createdAt());
            if (created != null && state.jobId() != null && decidedBefore(state, before)
                    && rule.mayForget(state, created)) {
                run.add(key, value, rule.source(), ForgottenApplications.key(rule.source(), state.jobId()), created);
            }
        });
        run.write();
        if (run.removed == 0) {
            LOG.debug("Application state: nothing to forget, {} applications kept", applicationState.size());
            return;
        }
        LOG.info("Application state: {} applications whose last status is older than {}"
                + " (bridge.applications.retention) forgotten {}; {} kept", run.removed, retention, run.bySource,
                applicationState.size());
    }

    /**
     * What one run forgets, written a transaction at a time while the state is read (the first run after an upgrade
     * may forget a backlog of millions, not to be held whole), each with the marks of its jobs: a mark alone changes
     * nothing, it counts only for applications the state does not know.
     */
    private final class Run {

        private final Map<String, String> entries = new LinkedHashMap<>();
        private final Map<String, ForgottenApplications.Span> spans = new HashMap<>();
        private final Map<String, Integer> bySource = new TreeMap<>();
        private int removed;
        private int transactions;

        void add(String key, String value, String source, String markKey, Instant created) {
            entries.put(key, value);
            spans.merge(markKey, ForgottenApplications.Span.of(created), ForgottenApplications.Span::widened);
            bySource.merge(source, 1, Integer::sum);
            if (entries.size() >= PER_TRANSACTION) {
                write();
            }
        }

        void write() {
            if (entries.isEmpty()) {
                return;
            }
            Map<String, String> marks = new LinkedHashMap<>();
            spans.forEach((key, span) -> marks.put(key,
                    ForgottenApplications.markJson(forgotten.mark(key).map(span::widened).orElse(span))));
            removed += publisher.forget(entries, marks);
            entries.clear();
            spans.clear();
            if (++transactions % PROGRESS_EVERY == 0) {
                LOG.info("Application state: {} applications forgotten so far", removed);
            }
        }
    }

    private static boolean decidedBefore(ApplicationState state, Instant before) {
        try {
            return state.seenAt() != null && Instant.parse(state.seenAt()).isBefore(before);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ApplicationState parsed(String value) {
        try {
            return ApplicationState.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
