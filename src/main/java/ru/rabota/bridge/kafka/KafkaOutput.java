package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.ObjectHelper;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Writes the bundle's output records with the kafka component's settings, so its brokers and security apply: a key,
 * a JSON value and the headers every output record carries ({@link BridgeHeaders}). A record waited for goes through
 * camel-kafka; the many a feed sends without waiting go through one plain {@code KafkaProducer} made from the same
 * settings (Camel's template and exchange around each send cost as much as the send). Thread-safe.
 */
public final class KafkaOutput extends ServiceSupport {

    private final ProducerTemplate template;
    private final String prefix;
    private final Supplier<Producer<String, String>> producers;
    /** Each topic's endpoint, resolved once: a URI is parsed and normalised at every look-up. */
    private final Map<Topic, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** The producer of {@link #sendAsync}, made at its first use. */
    private Producer<String, String> producer;

    /**
     * @param template  used only here, for the sends that wait
     * @param prefix    {@code bridge.topics.prefix}
     * @param producers makes the producer of {@link #sendAsync}, with the component's settings
     */
    public KafkaOutput(ProducerTemplate template, String prefix, Supplier<Producer<String, String>> producers) {
        this.template = template;
        this.prefix = prefix;
        this.producers = producers;
    }

    private Endpoint endpoint(Topic topic) {
        return endpoints.computeIfAbsent(topic, named -> template.getCamelContext()
                .getEndpoint("kafka:" + named.topicName(prefix)));
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
        // a synchronous send, not sendAsync().join(): called from a route's own thread, the completion of an
        // asynchronous send is queued behind the very task that waits for it, and never runs
        String name = topic.topicName(prefix);
        failure(template.send(endpoint(topic), exchange -> fill(exchange.getIn(), key, value, event, correlationId)),
                name, key, event).ifPresent(failure -> {
                    throw failure;
                });
    }

    /** {@link #send(Topic, String, String, String, String)} of a record made elsewhere, counted once acknowledged. */
    public void send(OutputRecord record) {
        notState(record);
        send(record.topic(), record.key(), record.value(), record.event(), record.correlationId());
        record.written(null);
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
        return ObjectHelper.getException(RecordTooLargeException.class, failure) != null
                || ObjectHelper.getException(RecordBatchTooLargeException.class, failure) != null
                || ObjectHelper.getException(InvalidRecordException.class, failure) != null;
    }

    /** A state write goes out in a transaction, or through its store's producer, which tells its offset. */
    private static void notState(OutputRecord record) {
        if (record.isState()) {
            throw new IllegalArgumentException("a state write to " + record.topic() + " is not an output record");
        }
    }

    private static void fill(Message message, String key, String value, String event, String correlationId) {
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(BridgeHeaders.EVENT, event);
        if (correlationId != null) {
            message.setHeader(BridgeHeaders.CORRELATION_ID, correlationId);
        }
        message.setBody(value);
    }

    private static Optional<IllegalStateException> failure(Exchange done, String topic, String key, String event) {
        return Optional.ofNullable(done.getException()).map(cause -> new IllegalStateException(
                "could not write " + event + " for key " + key + " to " + topic + ": " + cause.getMessage(), cause));
    }
}
