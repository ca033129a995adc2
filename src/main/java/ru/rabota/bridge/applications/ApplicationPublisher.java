package ru.rabota.bridge.applications;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.cluster.NotLeaderException;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaClients;
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

    private final CamelContext context;
    private final String transactionalId;
    private final KafkaStateStore applicationState;
    private final KafkaStateStore watermarkState;
    private final PollerLeadership leadership;
    private final EventRecords eventRecords;
    private final ForgottenApplications forgotten;
    /** Guarded by this publisher's monitor, as every use of it. */
    private final EventsProducer producer;
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
        this.eventRecords = new EventRecords(context, meters, deadLetters, maxRequestSize);
        this.transactionalId = transactionalId;
        this.applicationState = applicationState;
        this.watermarkState = watermarkState;
        this.forgotten = new ForgottenApplications(watermarkState);
        this.leadership = leadership;
        this.producer = new EventsProducer(this, context, clients, transactionalId, timeout, applicationState,
                watermarkState, leadership);
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
        return taking(() -> attempt(snapshots, correlationId, watermarks));
    }

    /** Runs a write from any instance, taking the transactional id back once when another instance took it. */
    private <T> T taking(Supplier<T> write) {
        try {
            return write.get();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            LOG.info("Application events: another instance took over the transactional id {}; taking it back",
                    transactionalId);
            return write.get();
        }
    }

    /**
     * {@link #publish} for a poll (no correlation id), only while this instance is the active poller.
     *
     * @throws NotLeaderException when another instance leads (or fenced this one and leads), with nothing written
     */
    public synchronized Publication publishPolled(List<ApplicationSnapshot> snapshots, Map<String, String> watermarks) {
        return asLeader(() -> attempt(snapshots, null, watermarks));
    }

    /**
     * Removes the state of applications {@link ApplicationRetention} forgets, each only if it is still the value the
     * retention saw (a publication since changed it: kept), with the marks of their jobs, in one transaction; only
     * while this instance is the active poller.
     *
     * @param seen  the entries to remove, as the retention saw them
     * @param marks {@code watermarkState} entries ({@link ForgottenApplications}) written in the same transaction
     * @return how many entries were removed
     * @throws NotLeaderException when another instance leads, with nothing written
     */
    synchronized int forget(Map<String, String> seen, Map<String, String> marks) {
        return asLeader(() -> {
            Map<String, String> removed = new LinkedHashMap<>();
            seen.forEach((key, value) -> {
                if (applicationState.get(key).filter(value::equals).isPresent()) {
                    removed.put(key, null);
                }
            });
            transaction(List.of(), removed, marks);
            return removed.size();
        });
    }

    /** Runs a poll's or the retention's write while this instance leads, taking the transactional id back once. */
    private <T> T asLeader(Supplier<T> write) {
        requireLeader();
        try {
            return write.get();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            requireLeader();
            LOG.info("Application events: another instance took over the transactional id {}; this instance leads,"
                    + " taking it back", transactionalId);
            return write.get();
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
        eventRecords.start();
        producer.start();
        publishing = context.getExecutorServiceManager().newSingleThreadExecutor(this, "ApplicationEvents");
    }

    private void requireLeader() {
        if (!leadership.isLeader()) {
            producer.discard();
            throw new NotLeaderException();
        }
    }

    @Override
    protected void doStop() {
        // a publication under way ends as it would have on the poll's thread
        if (publishing != null) {
            context.getExecutorServiceManager().shutdownGraceful(publishing);
        }
        producer.stop();
    }

    private Publication attempt(List<ApplicationSnapshot> snapshots, String correlationId,
            Map<String, String> watermarks) {
        EventBatch batch = new EventBatch(eventRecords, applicationState, forgotten, correlationId);
        snapshots.forEach(batch::add);
        transaction(batch.events(), batch.states(), watermarks);
        batch.published();
        return batch.publication();
    }

    /**
     * Writes the events, the state records (null: removed) and the watermarks that differ from the stored ones in
     * one transaction, and applies the records once committed; nothing when there is nothing to write.
     */
    private void transaction(List<ProducerRecord<String, byte[]>> events, Map<String, String> states,
            Map<String, String> watermarks) {
        Map<String, String> movedWatermarks = new LinkedHashMap<>(watermarks);
        movedWatermarks.entrySet().removeIf(w -> watermarkState.get(w.getKey()).filter(w.getValue()::equals).isPresent());
        if (events.isEmpty() && states.isEmpty() && movedWatermarks.isEmpty()) {
            return;
        }
        KafkaProducer<String, byte[]> current = producer.current();
        boolean committing = false;
        try {
            current.beginTransaction();
            events.forEach(current::send);
            Map<String, Future<RecordMetadata>> written = send(current, applicationState, states);
            Map<String, Future<RecordMetadata>> marks = send(current, watermarkState, movedWatermarks);
            committing = true;
            Transactions.commit(current, context);
            applyCommitted(applicationState, states, written);
            applyCommitted(watermarkState, movedWatermarks, marks);
        } catch (RuntimeException e) {
            if (committing) {
                // written or not, only Kafka knows: the next producer ends the transaction either way and reads
                // the stores to their end, so that the next attempt decides on what was written
                producer.replaceSoon();
            } else {
                producer.abort(current);
            }
            throw e;
        }
    }

    private static Map<String, Future<RecordMetadata>> send(KafkaProducer<String, byte[]> producer,
            KafkaStateStore store, Map<String, String> values) {
        Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        values.forEach((key, value) -> sent.put(key, producer.send(new ProducerRecord<>(store.topic(), key,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)))));
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
}
