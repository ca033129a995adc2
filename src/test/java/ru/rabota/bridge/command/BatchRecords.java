package ru.rabota.bridge.command;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Records of camel-kafka's batch, as a command consumer's processor gets them. */
final class BatchRecords {

    private BatchRecords() {
    }

    /** A record polled by this consumer from this partition, at this offset. */
    static Message record(CamelContext context, Consumer<?, ?> consumer, TopicPartition partition, long offset) {
        Exchange exchange = new DefaultExchange(context);
        Message message = exchange.getMessage();
        message.setHeader(KafkaConstants.TOPIC, partition.topic());
        message.setHeader(KafkaConstants.PARTITION, partition.partition());
        message.setHeader(KafkaConstants.OFFSET, offset);
        message.setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualCommitFactory().newInstance(
                new KafkaManualCommitFactory.CamelExchangePayload(exchange, consumer, "test", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(partition, offset, 1000), null));
        return message;
    }
}
