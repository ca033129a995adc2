package ru.rabota.bridge.command;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import ru.rabota.bridge.log.LogText;

/**
 * Where a record of camel-kafka's batch exchange comes from, as its headers say: its partition and offset, and the
 * consumer that polled it, with whose offsets its answer is committed ({@link CommandAnswers}).
 */
final class PolledRecords {

    private PolledRecords() {
    }

    static Consumer<?, ?> consumer(Message record) {
        Object manual = record.getHeader(KafkaConstants.MANUAL_COMMIT);
        if (manual instanceof DefaultKafkaManualCommit commit) {
            return commit.getConsumer();
        }
        throw new IllegalStateException("the command consumers need allowManualCommit=true and camel-kafka's own"
                + " manual commit factory: their offsets are committed with the answers, found " + LogText.cut(
                        String.valueOf(manual)));
    }

    static TopicPartition partition(Message record) {
        return new TopicPartition(record.getHeader(KafkaConstants.TOPIC, String.class),
                record.getHeader(KafkaConstants.PARTITION, Integer.class));
    }

    static long offset(Message record) {
        return record.getHeader(KafkaConstants.OFFSET, Long.class);
    }
}
