package ru.rabota.bridge.kafka;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record the bundle writes, with the headers every output record carries (CONTRACT.md section 3).
 *
 * @param key           null for the answer to a keyless record
 * @param event         the value's {@code event}, also header {@link BridgeHeaders#EVENT}
 * @param correlationId the command's {@code request_id}; null leaves header {@link BridgeHeaders#CORRELATION_ID} out
 * @param counter       what counts the record ({@code bridge_jobs_total{...}}, ...) once Kafka holds it, so that no
 *                      count runs ahead of Kafka
 */
public record OutputRecord(Topic topic, String key, String value, String event, String correlationId,
        Counter counter) {

    /** The writer's part once Kafka holds the record (acknowledged, or its transaction committed). */
    public void written() {
        counter.increment();
    }

    /** The Kafka record, on the topic as named under {@code bridge.topics.prefix}. */
    public ProducerRecord<String, String> toProducerRecord(String prefix) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic.topicName(prefix), key, value);
        record.headers().add(BridgeHeaders.EVENT, event.getBytes(StandardCharsets.UTF_8));
        if (correlationId != null) {
            record.headers().add(BridgeHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
