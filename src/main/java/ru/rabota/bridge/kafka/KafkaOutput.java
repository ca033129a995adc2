package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.ObjectHelper;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Writes the bundle's output records with the kafka component's settings, so its brokers and security apply: a key,
 * a JSON value and the headers every output record carries ({@link BridgeHeaders}). Every record goes through one
 * plain {@code KafkaProducer} made from those settings, whether its writer waits for it (dead letters, the company's
 * changes, background results) or not (a feed's events): one producer instead of camel-kafka's one per topic, and
 * no Camel template and exchange around each send, which cost as much as the send. Thread-safe.
 */
public final class KafkaOutput extends ServiceSupport {

    private final String prefix;
    private final Supplier<Producer<String, String>> producers;
    /** Made at the first record. */
    private Producer<String, String> producer;

    /**
     * @param prefix    {@code bridge.topics.prefix}
     * @param producers makes the producer, with the component's settings
     */
    public KafkaOutput(String prefix, Supplier<Producer<String, String>> producers) {
        this.prefix = prefix;
        this.producers = producers;
    }

    /** {@code bridge.topics.prefix}. */
    String prefix() {
        return prefix;
    }

    /**
     * Sends one record and returns once Kafka acknowledged it.
     *
     * @param correlationId null when the command had no request_id: the header is then left out
     * @throws IllegalStateException when Kafka did not take the record
     */
    public void send(Topic topic, String key, String value, String event, String correlationId) {
        send(new OutputRecord(topic, key, value, event, correlationId, where -> { }));
    }

    /**
     * {@link #send(Topic, String, String, String, String)} of a record made elsewhere, counted once acknowledged.
     * Waiting here is safe on any thread but Kafka's own: the acknowledgement completes on the producer's I/O thread.
     */
    public void send(OutputRecord record) {
        try {
            sendAsync(record).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /**
     * Sends one record without waiting: records sent by one thread reach a partition in the order sent, and Kafka
     * takes many at once (far fewer requests than one send after another). Completes on Kafka's I/O thread: what
     * depends on it should be quick.
     *
     * @return completes once Kafka acknowledged the record (and it was counted); exceptionally with an
     *         {@link IllegalStateException}
     */
    public CompletableFuture<Void> sendAsync(OutputRecord record) {
        notState(record);
        return Acknowledged.send(producer(), record.toProducerRecord(prefix), record.written(),
                cause -> notWritten(record, cause));
    }

    @Override
    protected synchronized void doStop() {
        if (producer != null) {
            // what was sent goes out first
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private synchronized Producer<String, String> producer() {
        if (producer == null) {
            if (isStoppingOrStopped()) {
                throw new IllegalStateException("the bundle's Kafka output is stopped");
            }
            producer = producers.get();
        }
        return producer;
    }

    private IllegalStateException notWritten(OutputRecord record, Throwable cause) {
        return new IllegalStateException("could not write " + record.event() + " for key " + record.key() + " to "
                + record.topic().topicName(prefix) + ": " + cause.getMessage(), cause);
    }

    /**
     * Kafka refused the record itself (larger than the producer's {@code max.request.size} or the topic's
     * {@code max.message.bytes}, invalid for the topic): sending it again cannot succeed, unlike a send that failed
     * because Kafka was unavailable.
     */
    public static boolean refused(Throwable failure) {
        return refusal(failure) != null;
    }

    /** Kafka's refusal of the record itself ({@link #refused}) among the failure's causes, or null. */
    public static Throwable refusal(Throwable failure) {
        Throwable refusal = ObjectHelper.getException(RecordTooLargeException.class, failure);
        if (refusal == null) {
            refusal = ObjectHelper.getException(RecordBatchTooLargeException.class, failure);
        }
        return refusal != null ? refusal : ObjectHelper.getException(InvalidRecordException.class, failure);
    }

    /** A state write goes out in a transaction, or through its store's producer, which tells its offset. */
    private static void notState(OutputRecord record) {
        if (record.isState()) {
            throw new IllegalArgumentException("a state write to " + record.topic() + " is not an output record");
        }
    }
}
