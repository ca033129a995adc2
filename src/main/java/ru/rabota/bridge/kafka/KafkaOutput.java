package ru.rabota.bridge.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Writes the bundle's output records through camel-kafka, so the component's brokers and security apply: a key, a
 * JSON value and the headers every output record carries (CONTRACT.md section 3). Thread-safe.
 */
public final class KafkaOutput {

    /** Header: the value's {@code event} ({@code created}, ..., {@code dead_letter} on the DLQ). */
    public static final String EVENT = "bridge-event";
    /** Header: the command's {@code request_id}, when it has one. */
    public static final String CORRELATION_ID = "bridge-correlation-id";

    private final ProducerTemplate template;
    private final String prefix;

    /** @param prefix {@code bridge.topics.prefix} */
    public KafkaOutput(ProducerTemplate template, String prefix) {
        this.template = template;
        this.prefix = prefix;
    }

    /**
     * Sends one record and returns once Kafka acknowledged it.
     *
     * @param correlationId null when the command had no request_id: the header is then left out
     * @throws IllegalStateException when Kafka did not take the record
     */
    public void send(Topic topic, String key, String value, String event, String correlationId) {
        String name = topic.topicName(prefix);
        Exchange done = template.send("kafka:" + name, exchange -> {
            Message message = exchange.getIn();
            message.setHeader(KafkaConstants.KEY, key);
            message.setHeader(EVENT, event);
            if (correlationId != null) {
                message.setHeader(CORRELATION_ID, correlationId);
            }
            message.setBody(value);
        });
        if (done.getException() != null) {
            throw new IllegalStateException("could not write " + event + " for key " + key + " to " + name + ": "
                    + done.getException().getMessage(), done.getException());
        }
    }
}
