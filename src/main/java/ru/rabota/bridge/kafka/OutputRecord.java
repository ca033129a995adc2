package ru.rabota.bridge.kafka;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One record the bundle writes, with the headers every output record carries (CONTRACT.md section 3), or a state
 * write that goes out with them ({@link #state}).
 *
 * @param key           null for the answer to a keyless record
 * @param event         the value's {@code event}, also header {@link BridgeHeaders#EVENT}; null for a state write
 * @param correlationId the command's {@code request_id}; null leaves header {@link BridgeHeaders#CORRELATION_ID} out
 * @param written       the writer's part once Kafka holds the record: counts it ({@code bridge_jobs_total{...}},
 *                      ...), so that no count runs ahead of Kafka, or applies a state write to its store
 */
public record OutputRecord(Topic topic, String key, String value, String event, String correlationId,
        Written written) {

    /** What follows once Kafka holds the record (acknowledged, or its transaction committed). */
    @FunctionalInterface
    public interface Written {
        /** @param where the record's place, or null from a writer that does not learn it ({@link KafkaOutput}) */
        void written(RecordMetadata where);

        /** The record will not be written by this process (its send failed, or it was left out as stale). */
        default void abandoned() {
        }

        /**
         * The record's answer waits for its partition, which another consumer reads meanwhile: it may be written if
         * the partition comes back, and is {@link #abandoned} otherwise.
         */
        default void setAside() {
            abandoned();
        }

        /** The turn this record's writes take ({@link KeyTurns}), or null for a record written in any order. */
        default KeyTurns.Turn turn() {
            return null;
        }

        /** Asked while the record's turn is held: true leaves it out unsent (a later write of its key landed). */
        default boolean stale() {
            return false;
        }

        /**
         * The record's place among this process's writes of its key: of two of one {@link #turn} in a transaction,
         * which lands whole, the later goes and the earlier is left out, whatever their order there.
         */
        default long order() {
            return 0;
        }
    }

    /** A record counted by the counter once Kafka holds it. */
    public OutputRecord(Topic topic, String key, String value, String event, String correlationId, Counter counter) {
        this(topic, key, value, event, correlationId, where -> counter.increment());
    }

    /** A write to a state topic (no headers), for a transaction that also answers a command. */
    public static OutputRecord state(Topic topic, String key, String value, Written committed) {
        return new OutputRecord(topic, key, value, null, null, committed);
    }

    /** Whether this is a state write, which goes out whatever becomes of the answer it came with. */
    public boolean isState() {
        return event == null;
    }

    /** The writer's part once Kafka holds the record (acknowledged, or its transaction committed). */
    public void written(RecordMetadata where) {
        written.written(where);
    }

    /** The writer's part when the record will not be written by this process. */
    public void abandoned() {
        written.abandoned();
    }

    /** The writer's part when the record's answer waits for its partition to come back ({@link Written#setAside}). */
    public void setAside() {
        written.setAside();
    }

    /** The turn the record's writes take, or null ({@link Written#turn}). */
    public KeyTurns.Turn turn() {
        return written.turn();
    }

    /** Whether the record is left out unsent, asked while its turn is held ({@link Written#stale}). */
    public boolean stale() {
        return written.stale();
    }

    /** The record's place among this process's writes of its key ({@link Written#order}). */
    public long order() {
        return written.order();
    }

    /** The Kafka record, on the topic as named under {@code bridge.topics.prefix}. */
    public ProducerRecord<String, String> toProducerRecord(String prefix) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic.topicName(prefix), key, value);
        if (event != null) {
            record.headers().add(BridgeHeaders.EVENT, event.getBytes(StandardCharsets.UTF_8));
        }
        if (correlationId != null) {
            record.headers().add(BridgeHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
