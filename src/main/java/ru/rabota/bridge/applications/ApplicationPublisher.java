package ru.rabota.bridge.applications;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.cluster.NotLeaderException;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.kafka.Transactions;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * Turns what a source shows of its applications into events, one per (source, application, status), bound as
 * {@code applicationPublisher}. Every source and flow emits through it: the VK Работа poller, the hh.ru poller, the
 * status command flow (which passes its {@code request_id}).
 * <p>
 * An application whose key {@code applicationState} does not know yields {@code application.created}; one whose
 * status differs from the last emitted yields {@code application.status_changed} with {@code previous_status};
 * the same status yields nothing, and so does a status emitted for it before (one event per source, application and
 * status, as the contract has it; the state follows the status back, for the next change's previous_status). The
 * events (topic {@code rabota.applications}), the new state records
 * ({@code rabota.state.applications}) and the poller's watermark ({@code rabota.state.watermarks}) are written in
 * one Kafka transaction: a crash or a refusal leaves all or none of them, so an event is never sent without its
 * state (no duplicate) and a watermark never moves past an event that was not written (no gap). Consumers of
 * {@code rabota.applications} must read with {@code isolation.level=read_committed}.
 * <p>
 * Every instance uses the same {@code transactional.id}: the producer that starts last fences the others, and a
 * fenced one starts afresh, reads the state to its end and decides again. So check-then-write is serialised
 * across instances as well as within this one ({@code synchronized}).
 * <p>
 * That id is also the fence of cluster mode, where one instance polls: the group generation or lease that elected
 * it is not durable, the producer epoch is. An instance that becomes the active poller starts a new producer at
 * once, which fences the former leader's; a poll's publication ({@link #publishPolled}) goes out only while
 * {@code pollerLeadership} says this instance leads, and a fenced one takes the id back only then. So a former
 * leader that stalled (a long GC pause, SIGSTOP, a frozen VM) and resumes believing it leads publishes nothing:
 * its open transaction can no longer commit, and its next attempt is refused. Command and webhook publications
 * ({@link #publish}) come from any instance and take the id back as before.
 */
public final class ApplicationPublisher extends ServiceSupport {

    /** What one call did. */
    public record Publication(int created, int changed, int unchanged) {
        public int emitted() {
            return created + changed;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationPublisher.class);
    private static final ObjectWriter JSON = BridgeJson.MAPPER.writer();
    /** Bytes of a record besides its value: the key, the headers, the record batch's header; 1 KB is ample. */
    private static final int RECORD_ROOM = 1024;

    private final CamelContext context;
    private final KafkaClients clients;
    private final BridgeMeters meters;
    private final String transactionalId;
    private final Duration timeout;
    private Map<String, Object> producerConfig;
    private String eventsTopic;
    private final KafkaStateStore applicationState;
    private final KafkaStateStore watermarkState;
    private final PollerLeadership leadership;
    private final DeadLetters deadLetters;
    /** The largest event value Kafka takes: {@code camel.component.kafka.max-request-size} less room for the rest. */
    private final int maxEventBytes;
    /** Created on first use, discarded after any failure: a new one aborts whatever the old one left open. */
    private KafkaProducer<String, byte[]> producer;
    /** Replaces, in the background, a producer that left a transaction open (see {@link #replaceSoon}). */
    private ExecutorService replacing;
    /** Runs {@link #publishPolledWhileReading}'s publications, one at a time. */
    private ExecutorService publishing;

    /**
     * @param clients         makes the producer, with its meters
     * @param meters          counts the events once committed ({@code bridge_applications_total})
     * @param transactionalId the same on every instance of one deployment (see the class comment)
     * @param timeout         how long starting a producer or committing may take
     * @param deadLetters     makes the dead letter of an event too large for Kafka
     * @param maxRequestSize  {@code camel.component.kafka.max-request-size}
     */
    public ApplicationPublisher(CamelContext context, KafkaClients clients, BridgeMeters meters,
            String transactionalId, Duration timeout, KafkaStateStore applicationState, KafkaStateStore watermarkState,
            PollerLeadership leadership, DeadLetters deadLetters, int maxRequestSize) {
        this.context = context;
        this.clients = clients;
        this.meters = meters;
        // every series from start-up, at 0
        StatusCommandTarget.SOURCES.forEach(source -> List.of(ApplicationEvent.CREATED, ApplicationEvent.STATUS_CHANGED)
                .forEach(event -> meters.applications(source, event)));
        this.transactionalId = transactionalId;
        this.timeout = timeout;
        this.applicationState = applicationState;
        this.watermarkState = watermarkState;
        this.leadership = leadership;
        this.deadLetters = deadLetters;
        // the key, the headers and the record batch's own bytes
        this.maxEventBytes = maxRequestSize - RECORD_ROOM;
    }

    /**
     * Emits the events the snapshots call for, in their order, with their state records and the given watermarks,
     * in one transaction; returns once Kafka committed it (or at once, when nothing changed).
     *
     * @param correlationId the command's {@code request_id}, or null for a poll
     * @param watermarks    {@code watermarkState} entries to write in the same transaction (those equal to the
     *                      stored value are skipped)
     * @throws KafkaException or {@link StateUnavailableException} when nothing was written
     */
    public synchronized Publication publish(List<ApplicationSnapshot> snapshots, String correlationId,
            Map<String, String> watermarks) {
        try {
            return attempt(snapshots, correlationId, watermarks);
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            LOG.info("Application events: another instance took over the transactional id {}; taking it back",
                    transactionalId);
            return attempt(snapshots, correlationId, watermarks);
        }
    }

    /**
     * {@link #publish} for a poll (no correlation id), only while this instance is the active poller.
     *
     * @throws NotLeaderException when another instance leads (or fenced this one and leads), with nothing written
     */
    public synchronized Publication publishPolled(List<ApplicationSnapshot> snapshots, Map<String, String> watermarks) {
        requireLeader();
        try {
            return attempt(snapshots, null, watermarks);
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            requireLeader();
            LOG.info("Application events: another instance took over the transactional id {}; this instance leads,"
                    + " taking it back", transactionalId);
            return attempt(snapshots, null, watermarks);
        }
    }

    /**
     * {@link #publishPolled} on a thread of the publisher's own, so that a poll reads its next pages while Kafka
     * commits the batch before them (a commit is a few milliseconds of waiting per batch, a quarter of a fast
     * poll's time). The poll waits for the future before it hands over its next batch: a batch's decisions
     * still see every event the batch before it wrote, and a failure still stops the poll before anything else
     * goes out.
     */
    public Future<Publication> publishPolledWhileReading(List<ApplicationSnapshot> snapshots,
            Map<String, String> watermarks) {
        return publishing.submit(() -> publishPolled(snapshots, watermarks));
    }

    @Override
    protected void doStart() {
        producerConfig = producerConfig();
        eventsTopic = Topic.APPLICATIONS.topicName(context);
        leadership.onLeadershipWon(this::fenceOthers);
        replacing = context.getExecutorServiceManager().newSingleThreadExecutor(this, "ApplicationEventsProducer");
        publishing = context.getExecutorServiceManager().newSingleThreadExecutor(this, "ApplicationEvents");
    }

    private void requireLeader() {
        if (!leadership.isLeader()) {
            discardProducer();
            throw new NotLeaderException();
        }
    }

    /**
     * A new producer fences every older one with this id: a former leader's open transaction can no longer commit.
     * Kafka unreachable costs a WARN line; the first publication tries again.
     */
    private synchronized void fenceOthers() {
        discardProducer();
        try {
            producer();
            LOG.info("Application events: this instance is the active poller; earlier producers of {} are fenced",
                    transactionalId);
        } catch (RuntimeException e) {
            LOG.warn("Application events: could not fence earlier producers of {} yet (the first publication will):"
                    + " {}", transactionalId, e.getMessage());
        }
    }

    @Override
    protected void doStop() {
        // a publication under way ends as it would have on the poll's thread
        context.getExecutorServiceManager().shutdownGraceful(publishing);
        context.getExecutorServiceManager().shutdownNow(replacing);
        synchronized (this) {
            discardProducer();
        }
    }

    /**
     * A transaction left open (its commit's outcome unknown, or its abort failed: Kafka unreachable) hides every later
     * record of its topics from {@code read_committed} readers, the state stores of every instance among them, until
     * the broker aborts it ({@code transaction.timeout.ms}, a minute), or a new producer with the shared id ends it.
     * The leader makes that producer at once, in the background, tried every second until Kafka takes it, rather than
     * at its next poll. Another instance leaves it to the leader (its producer would fence the leader's).
     */
    private void replaceSoon() {
        replacing.execute(() -> {
            while (isRunAllowed() && leadership.isLeader()) {
                synchronized (this) {
                    if (producer != null) {
                        return;
                    }
                    try {
                        producer();
                        return;
                    } catch (RuntimeException e) {
                        discardProducer();
                    }
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    private Publication attempt(List<ApplicationSnapshot> snapshots, String correlationId,
            Map<String, String> watermarks) {
        KafkaProducer<String, byte[]> current = producer();
        Batch batch = new Batch(correlationId);
        snapshots.forEach(batch::add);
        Map<String, String> movedWatermarks = new LinkedHashMap<>(watermarks);
        movedWatermarks.entrySet().removeIf(w -> watermarkState.get(w.getKey()).filter(w.getValue()::equals).isPresent());
        if (batch.events.isEmpty() && movedWatermarks.isEmpty()) {
            return batch.publication();
        }
        boolean committing = false;
        try {
            current.beginTransaction();
            batch.events.forEach(current::send);
            Map<String, Future<RecordMetadata>> states = send(current, applicationState, batch.states);
            Map<String, Future<RecordMetadata>> marks = send(current, watermarkState, movedWatermarks);
            committing = true;
            Transactions.commit(current, context);
            batch.published.forEach(Runnable::run);
            applyCommitted(applicationState, batch.states, states);
            applyCommitted(watermarkState, movedWatermarks, marks);
        } catch (RuntimeException e) {
            if (committing) {
                // written or not, only Kafka knows: the next producer ends the transaction either way and reads
                // the stores to their end, so that the next attempt decides on what was written
                discardProducer();
                replaceSoon();
            } else {
                abort(current);
            }
            throw e;
        }
        return batch.publication();
    }

    /** The events and state records of one call; a key seen twice is compared with its own earlier snapshot. */
    private final class Batch {
        private final String correlationId;
        private final List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
        /** What follows each event's commit (its counter), in the same order. */
        private final List<Runnable> published = new ArrayList<>();
        private final Map<String, String> states = new LinkedHashMap<>();
        private final Map<String, ApplicationState> decided = new HashMap<>();
        private int created;
        private int changed;
        private int unchanged;

        Batch(String correlationId) {
            this.correlationId = correlationId;
        }

        void add(ApplicationSnapshot snapshot) {
            String key = snapshot.key();
            ApplicationState previous = decided.containsKey(key) ? decided.get(key)
                    : applicationState.get(key).map(ApplicationState::parse).orElse(null);
            if (previous != null && (Objects.equals(previous.status(), snapshot.status())
                    || previous.newerThan(snapshot))) {
                unchanged++;
                return;
            }
            ApplicationState state = ApplicationState.of(snapshot, previous, Instant.now());
            decided.put(key, state);
            states.put(key, state.toJson());
            if (previous != null && previous.emitted(snapshot.status())) {
                // back to a status emitted before: one event per (source, application, status), the state follows
                unchanged++;
                return;
            }
            if (previous == null) {
                created++;
            } else {
                changed++;
            }
            events.add(event(snapshot, previous));
        }

        private ProducerRecord<String, byte[]> event(ApplicationSnapshot snapshot, ApplicationState previous) {
            byte[] value;
            try {
                value = JSON.writeValueAsBytes(ApplicationEvent.of(snapshot, previous));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree of JSON nodes always serialises", e);
            }
            // a poll answers no command: the event's own identity lets consumers correlate and deduplicate
            String correlation = correlationId != null ? correlationId : snapshot.key() + ":" + snapshot.status();
            if (value.length > maxEventBytes) {
                return deadLetter(snapshot.key(), value, correlation);
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(eventsTopic, snapshot.key(), value);
            String event = previous == null ? ApplicationEvent.CREATED : ApplicationEvent.STATUS_CHANGED;
            header(record, BridgeHeaders.EVENT, event);
            Counter counter = meters.applications(snapshot.source(), event);
            published.add(counter::increment);
            header(record, BridgeHeaders.CORRELATION_ID, correlation);
            return record;
        }

        /**
         * An event Kafka would refuse for its size becomes its dead letter, in the same transaction as the
         * application's state record: the poll goes on, and the application is not read as new again.
         */
        private ProducerRecord<String, byte[]> deadLetter(String key, byte[] value, String correlation) {
            OutputRecord letter = deadLetters.letter(eventsTopic, key, value, new RecordTooLargeException(
                    "the event has " + value.length + " bytes, more than the " + maxEventBytes + " Kafka takes in one"
                            + " request (camel.component.kafka.max-request-size less " + RECORD_ROOM + ")"),
                    0, "applications", correlation);
            ProducerRecord<String, String> text = letter.toProducerRecord(Topic.prefix(context));
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(text.topic(), null, text.key(),
                    text.value().getBytes(StandardCharsets.UTF_8), text.headers());
            published.add(() -> letter.written(null));
            return record;
        }

        Publication publication() {
            return new Publication(created, changed, unchanged);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Future<RecordMetadata>> send(KafkaProducer<String, byte[]> producer,
            KafkaStateStore store, Map<String, String> values) {
        Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        values.forEach((key, value) -> sent.put(key, producer.send(new ProducerRecord<>(store.topic(), key,
                value.getBytes(StandardCharsets.UTF_8)))));
        return sent;
    }

    /** After the commit every send is complete: the futures answer at once. */
    private static void applyCommitted(KafkaStateStore store, Map<String, String> values,
            Map<String, Future<RecordMetadata>> sent) {
        sent.forEach((key, future) -> {
            try {
                store.committed(key, values.get(key), future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateUnavailableException("interrupted after the commit of " + key, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a committed write has no metadata: " + key, e.getCause());
            }
        });
    }

    /**
     * The transactional producer; a new one fences every older producer with the same id (aborting what they left
     * open), and then reads both stores to their end, so that it decides on everything committed before it.
     */
    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            // values as bytes: an event is written once, as UTF-8, rather than as a String that is then encoded
            KafkaProducer<String, byte[]> created = clients.producer(producerConfig, new StringSerializer(),
                    new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
            applicationState.readToEnd();
            watermarkState.readToEnd();
        }
        return producer;
    }

    /**
     * Aborts at once rather than leaving the transaction open until it times out: until it ends, no
     * read_committed reader (the state stores of every instance) gets past its first record. A producer that
     * cannot abort (fenced) is replaced; the new one ends the transaction.
     */
    private void abort(KafkaProducer<String, byte[]> current) {
        try {
            current.abortTransaction();
        } catch (RuntimeException e) {
            discardProducer();
            replaceSoon();
        }
    }

    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private Map<String, Object> producerConfig() {
        return KafkaClientSettings.transactionalProducer(context, transactionalId, "rabota-bridge-applications",
                timeout);
    }
}
