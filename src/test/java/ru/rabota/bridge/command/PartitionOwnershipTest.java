package ru.rabota.bridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestKafka;

/**
 * Which records of a batch a command consumer starts. camel-kafka's batching gathers the records of several polls
 * into one batch, so a rebalance can take a partition while its records wait in the batch; for a consumer's first
 * batch nobody had been told of it yet ({@link PartitionHandover} tells the consumer's holder, which a batch
 * registers). Before, those records were started: the new owner, reading them from the committed offsets, started
 * them too.
 */
class PartitionOwnershipTest {

    @Test
    void aRecordOfAPartitionTheConsumerNoLongerOwnsIsNotStarted() throws Exception {
        String topic = TestKafka.uniquePrefix(getClass()) + "commands";
        Map<String, Object> config = new HashMap<>(TestKafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        try (CamelContext context = new DefaultCamelContext();
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                        new StringDeserializer())) {
            context.getRegistry().bind(PartitionHandover.BEAN, new PartitionHandover(context));
            context.start();
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            Message owned = BatchRecords.record(context, consumer, new TopicPartition(topic, 0), 0);
            Message taken = BatchRecords.record(context, consumer, new TopicPartition(topic, 1), 0);
            PartitionOwnership ownership = new PartitionOwnership(() -> { }, Duration.ofSeconds(1));

            ownership.handOverFrom("commands", List.of(owned, taken), (partitions, lost) -> { });
            List<String> started = new CopyOnWriteArrayList<>();
            ownership.handle(owned, () -> started.add("owned"));
            ownership.handle(taken, () -> started.add("taken"));

            assertThat(started).containsExactly("owned");
            assertThat(ownership.handedOver(taken).getAsBoolean()).isTrue();
            assertThat(ownership.handedOver(owned).getAsBoolean()).isFalse();
        }
    }
}
