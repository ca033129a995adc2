package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestKafka;

/** State topics with one replica on a cluster of several brokers are named in one line; one broker has no choice. */
class StateTopicReplicationTest {

    @Test
    void topicsWithOneReplicaOnSeveralBrokersAreNamed() {
        assertThat(StateTopicReplication.warning(3, Map.of("rabota.state.jobs", 1, "rabota.state.vas", 3,
                "rabota.company", 1))).hasValueSatisfying(line -> assertThat(line)
                .startsWith("Kafka topics rabota.company, rabota.state.jobs have one replica on a cluster of 3"
                        + " brokers: a broker's disk lost is their records lost")
                .contains("bridge.topics.replication-factor"));
        assertThat(StateTopicReplication.warning(3, Map.of("rabota.state.jobs", 2))).isEmpty();
        assertThat(StateTopicReplication.warning(1, Map.of("rabota.state.jobs", 1))).isEmpty();
    }

    @Test
    void aClusterOfOneBrokerIsNotWarnedOf() throws Exception {
        String prefix = TestKafka.uniquePrefix(StateTopicReplicationTest.class);
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 1, (short) 1, 1_048_576);
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            assertThat(StateTopicReplication.check(admin, prefix)).isEmpty();
        }
    }
}
