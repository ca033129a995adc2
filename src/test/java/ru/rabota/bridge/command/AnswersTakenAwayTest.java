package ru.rabota.bridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * The answers of a partition a rebalance took away wait for it to come back; one that stays with another member of
 * the group, which answers its records and commits past them, no longer holds them (nor what they staged in a state
 * store) for the process's life.
 */
class AnswersTakenAwayTest {

    @Test
    void answersOfAPartitionTakenAwayForGoodAreForgottenOnceItsNewOwnerCommittedPastThem() throws Exception {
        String topic = TestKafka.uniquePrefix(getClass()) + "commands";
        TopicPartition kept = new TopicPartition(topic, 0);
        TopicPartition taken = new TopicPartition(topic, 1);
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (CamelContext context = new DefaultCamelContext();
                KafkaConsumer<String, String> member = consumer(topic);
                KafkaConsumer<String, String> newOwner = consumer(topic)) {
            member.assign(List.of(kept));
            AnswerLedger ledger = new AnswerLedger();
            AtomicInteger givenUp = new AtomicInteger();
            Message answeredElsewhere = BatchRecords.record(context, member, taken, 4);
            Message after = BatchRecords.record(context, member, taken, 12);
            ledger.answered(answeredElsewhere, List.of(staged(givenUp)), null);
            ledger.answered(after, List.of(staged(givenUp)), null);
            // the new owner answered the partition's records up to 10
            newOwner.assign(List.of(taken));
            newOwner.commitSync(Map.of(taken, new OffsetAndMetadata(10)));

            // the member's next commit, of a partition it still owns (nothing answered there yet)
            new AnswerCommits(null, ledger).commit("jobs-from-kafka",
                    List.of(BatchRecords.record(context, member, kept, 0)));

            assertThat(ledger.isAnswered(answeredElsewhere)).as("answered by the new owner").isFalse();
            assertThat(givenUp).as("what it staged is given up").hasValue(1);
            assertThat(ledger.isAnswered(after)).as("may still be this member's to write").isTrue();
        }
    }

    /** A state write that counts being given up. */
    private static OutputRecord staged(AtomicInteger givenUp) {
        return OutputRecord.state(Topic.STATE_JOBS, "HR-1", "{}", new OutputRecord.Written() {
            @Override
            public void written(RecordMetadata where) {
            }

            @Override
            public void abandoned() {
                givenUp.incrementAndGet();
            }
        });
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> config = new HashMap<>(TestKafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
