package ru.rabota.bridge.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;

import ru.rabota.bridge.kafka.Topic;

/**
 * Sends command results (and other output records) through camel-kafka, with the key and the headers every output
 * record carries: {@code bridge-event} (the value's {@code event}) and {@code bridge-correlation-id} (its
 * {@code request_id}, when it has one). Returns once Kafka acknowledged the record. Thread-safe.
 */
public final class ResultPublisher {

    public static final String EVENT = "bridge-event";
    public static final String CORRELATION_ID = "bridge-correlation-id";

    private final ProducerTemplate template;
    private final CamelContext context;

    public ResultPublisher(ProducerTemplate template, CamelContext context) {
        this.template = template;
        this.context = context;
    }

    /** @throws IllegalStateException when Kafka did not take the record */
    public void publish(Topic topic, String key, ObjectNode value) {
        String name = topic.topicName(context);
        Exchange done = template.send("kafka:" + name, exchange -> {
            Message message = exchange.getIn();
            message.setHeader(KafkaConstants.KEY, key);
            message.setHeader(EVENT, value.path("event").asText());
            String requestId = value.path("request_id").asText(null);
            if (requestId != null) {
                message.setHeader(CORRELATION_ID, requestId);
            }
            message.setBody(value.toString());
        });
        if (done.getException() != null) {
            throw new IllegalStateException("could not write " + value.path("event").asText() + " for key " + key
                    + " to " + name + ": " + done.getException().getMessage(), done.getException());
        }
    }
}
