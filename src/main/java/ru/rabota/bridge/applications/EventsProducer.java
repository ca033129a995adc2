package ru.rabota.bridge.applications;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The transactional producer of {@link ApplicationPublisher}, made on first use, discarded after any failure (a new
 * one aborts whatever the old one left open), made at once when this instance becomes the active poller (it fences
 * the former leader's), and replaced in the background after a transaction left open. The publisher's monitor
 * guards it: the publications hold it while they use the producer, and the fencing, the replacement and the stop
 * here take it.
 */
final class EventsProducer {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationPublisher.class);

    /** Whose monitor guards the producer, and while it runs the replacement goes on. */
    private final ApplicationPublisher publisher;
    private final CamelContext context;
    private final KafkaClients clients;
    private final String transactionalId;
    private final Duration timeout;
    private final KafkaStateStore applicationState;
    private final KafkaStateStore watermarkState;
    private final PollerLeadership leadership;
    private Map<String, Object> config;
    private KafkaProducer<String, byte[]> producer;
    /** Replaces, in the background, a producer that left a transaction open (see {@link #replaceSoon}). */
    private ExecutorService replacing;

    /** See {@link ApplicationPublisher#ApplicationPublisher}. */
    EventsProducer(ApplicationPublisher publisher, CamelContext context, KafkaClients clients, String transactionalId,
            Duration timeout, KafkaStateStore applicationState, KafkaStateStore watermarkState,
            PollerLeadership leadership) {
        this.publisher = publisher;
        this.context = context;
        this.clients = clients;
        this.transactionalId = transactionalId;
        this.timeout = timeout;
        this.applicationState = applicationState;
        this.watermarkState = watermarkState;
        this.leadership = leadership;
    }

    void start() {
        config = KafkaClientSettings.transactionalProducer(context, transactionalId, "rabota-bridge-applications",
                timeout);
        leadership.onLeadershipWon(this::fenceOthers);
        replacing = context.getExecutorServiceManager().newSingleThreadExecutor(publisher, "ApplicationEventsProducer");
    }

    /** Ends the replacement under way, and the producer; also after a start that did not get that far. */
    void stop() {
        if (replacing != null) {
            context.getExecutorServiceManager().shutdownNow(replacing);
        }
        synchronized (publisher) {
            discard();
        }
    }

    /**
     * The transactional producer; a new one fences every older producer with the same id (aborting what they left
     * open), and then reads both stores to their end, so that it decides on everything committed before it.
     */
    KafkaProducer<String, byte[]> current() {
        if (producer == null) {
            // values as bytes: an event is written once, as UTF-8, rather than as a String that is then encoded
            KafkaProducer<String, byte[]> made = clients.transactionalProducer(config, new StringSerializer(),
                    new ByteArraySerializer());
            try {
                applicationState.readToEnd();
                watermarkState.readToEnd();
            } catch (RuntimeException e) {
                // kept, it would decide on stores not read to the end: an event another producer just wrote, again
                made.close(Duration.ZERO);
                throw e;
            }
            producer = made;
        }
        return producer;
    }

    void discard() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    /**
     * Aborts at once rather than leaving the transaction open until it times out: until it ends, no
     * read_committed reader (the state stores of every instance) gets past its first record. A producer that
     * cannot abort (fenced) is replaced; the new one ends the transaction.
     */
    void abort(KafkaProducer<String, byte[]> current) {
        try {
            current.abortTransaction();
        } catch (RuntimeException e) {
            replaceSoon();
        }
    }

    /**
     * Discards the producer after a transaction it left open (its commit's outcome unknown, or its abort failed:
     * Kafka unreachable), which hides every later record of its topics from {@code read_committed} readers, the
     * state stores of every instance among them, until the broker aborts it ({@code transaction.timeout.ms}, a
     * minute), or a new producer with the shared id ends it. The leader makes that producer at once, in the
     * background, tried every second until Kafka takes it, rather than at its next poll. Another instance leaves it
     * to the leader (its producer would fence the leader's).
     */
    void replaceSoon() {
        discard();
        replacing.execute(() -> {
            while (publisher.isRunAllowed() && leadership.isLeader()) {
                synchronized (publisher) {
                    if (producer != null) {
                        return;
                    }
                    try {
                        current();
                        return;
                    } catch (RuntimeException e) {
                        discard();
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

    /**
     * A new producer fences every older one with this id: a former leader's open transaction can no longer commit.
     * Kafka unreachable costs a WARN line; the first publication tries again.
     */
    private void fenceOthers() {
        synchronized (publisher) {
            discard();
            try {
                current();
                LOG.info("Application events: this instance is the active poller; earlier producers of {} are fenced",
                        transactionalId);
            } catch (RuntimeException e) {
                LOG.warn("Application events: could not fence earlier producers of {} yet (the first publication will):"
                        + " {}", transactionalId, e.getMessage());
            }
        }
    }
}
