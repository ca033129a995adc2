package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

class StateTopicRetentionTest {

    @Test
    void aStateTopicThatKeepsEveryKeysLatestRecordPasses() {
        assertThat(problem(Topic.STATE_JOBS, config("compact", null, null))).isEmpty();
        // deleting by age or size only when neither is bounded: nothing is ever deleted
        assertThat(problem(Topic.STATE_JOBS, config("compact,delete", "-1", "-1"))).isEmpty();
        assertThat(problem(Topic.STATE_JOBS, config("delete", "-1", "-1"))).isEmpty();
    }

    @Test
    void aStateTopicThatDeletesByAgeOrSizeIsNamedWithTheFix() {
        assertThat(StateTopicRetention.problem(Topic.STATE_JOBS, "acme.rabota.state.jobs",
                config("delete", "604800000", "-1")))
                .hasValue("Kafka topic acme.rabota.state.jobs has cleanup.policy=delete with retention.ms=604800000:"
                        + " it would delete the bridge's state (which job each external_id is, what was sent and"
                        + " spent), and a vacancy would be published twice; set cleanup.policy=compact on it"
                        + " (kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics --entity-name acme.rabota.state.jobs"
                        + " --add-config cleanup.policy=compact)");
        assertThat(problem(Topic.STATE_VAS, config("compact,delete", "-1", "1073741824")))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith(
                        "Kafka topic rabota.state.vas has cleanup.policy=compact,delete with retention.bytes=1073741824:"));
    }

    /** The topics the bundle creates pass; one an operator created with Kafka's defaults stops the start. */
    @Test
    void theStartStopsWhenAStateTopicWasCreatedWithKafkasDefaults() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(prefix + "rabota.state.watermarks", 1, (short) 1),
                    new NewTopic(prefix + "rabota.state.vas", 1, (short) 1).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete",
                            TopicConfig.RETENTION_MS_CONFIG, "86400000")))).all().get();
        }

        try (LogCapture logs = new LogCapture()) {
            assertThatThrownBy(() -> TestApplication.start(Map.of("bridge.topics.prefix", prefix,
                    "camel.main.routes-include-pattern", "classpath:no-routes/*.camel.yaml")))
                    .isInstanceOf(MisconfiguredTopicException.class)
                    .hasMessageStartingWith("Kafka topic " + prefix + "rabota.state.watermarks has"
                            + " cleanup.policy=delete with retention.ms=604800000:")
                    .satisfies(first -> assertThat(Arrays.stream(first.getSuppressed()).map(Throwable::getMessage))
                            .singleElement().asString().startsWith("Kafka topic " + prefix + "rabota.state.vas has"
                                    + " cleanup.policy=compact,delete with retention.ms=86400000:"));
            // the bundle's services the failed start never started stop without a word
            assertThat(logs.lines("WARN", "Error occurred while shutting down service")).as(logs.text()).isZero();
        }

        // the bundle's own topics, the two above set right: it starts
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            List<ConfigResource> fixed = List.of(resource(prefix + "rabota.state.watermarks"),
                    resource(prefix + "rabota.state.vas"));
            admin.incrementalAlterConfigs(Map.of(fixed.get(0), List.of(compact()), fixed.get(1), List.of(compact())))
                    .all().get();
            // the broker applies a topic's config a moment after the controller accepted it
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeConfigs(fixed).all().get().values()
                    .stream().allMatch(config -> TopicConfig.CLEANUP_POLICY_COMPACT.equals(
                            config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())));
        }
        try (TestApplication app = TestApplication.start(Map.of("bridge.topics.prefix", prefix,
                "camel.main.routes-include-pattern", "classpath:no-routes/*.camel.yaml"))) {
            assertThat(app.context().isStarted()).isTrue();
        }
    }

    /**
     * rabota.company is read back as state too: created by hand with Kafka's defaults it would forget what the company
     * poll published, which would send every VAS transaction and company record again.
     */
    @Test
    void theStartStopsWhenTheCompanyTopicWasCreatedWithKafkasDefaults() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        String topic = Topic.COMPANY.topicName(prefix);
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        assertThatThrownBy(() -> TestApplication.start(Map.of("bridge.topics.prefix", prefix,
                "camel.main.routes-include-pattern", "classpath:no-routes/*.camel.yaml")))
                .isInstanceOf(MisconfiguredTopicException.class)
                .hasMessage("Kafka topic " + topic + " has cleanup.policy=delete with retention.ms=604800000: it would"
                        + " delete what the company poll published and reads back (the company, its packets, its VAS"
                        + " transactions), and the poll would send every VAS transaction and company record again;"
                        + " set cleanup.policy=compact on it (kafka-configs.sh --bootstrap-server <brokers> --alter"
                        + " --entity-type topics --entity-name " + topic + " --add-config cleanup.policy=compact)")
                .satisfies(first -> assertThat(first.getSuppressed()).isEmpty());
    }

    private static Optional<String> problem(Topic topic, Config config) {
        return StateTopicRetention.problem(topic, topic.baseName(), config);
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static AlterConfigOp compact() {
        return new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                AlterConfigOp.OpType.SET);
    }

    private static Config config(String policy, String retentionMs, String retentionBytes) {
        List<ConfigEntry> entries = new ArrayList<>(List.of(
                new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, policy)));
        if (retentionMs != null) {
            entries.add(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs));
        }
        if (retentionBytes != null) {
            entries.add(new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, retentionBytes));
        }
        return new Config(entries);
    }
}
