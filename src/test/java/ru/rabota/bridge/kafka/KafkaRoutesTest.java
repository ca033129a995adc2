package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/** Camel Main start-up with YAML routes on camel-kafka: topics exist before the routes and their state need them. */
class KafkaRoutesTest {

    @Test
    void routesProduceAndConsumeThroughTheBrokerWithTopicsCreatedAtStartUp() throws Exception {
        try (TestApplication app = TestApplication.start(
                Map.of("camel.main.routes-include-pattern", "classpath:test-routes/kafka-roundtrip.camel.yaml"))) {
            TestKafka.send(app.topic(Topic.JOBS_COMMANDS), "HR-1", "{\"external_id\":\"HR-1\"}", Map.of("source", "test"));
            TestKafka.send(app.topic(Topic.JOBS_COMMANDS), "HR-1", "{\"external_id\":\"HR-1\",\"again\":true}");
            TestKafka.send(app.topic(Topic.JOBS_COMMANDS), "HR-2", "{\"external_id\":\"HR-2\"}");

            // wait for the three copies (a loaded machine starts routes slowly), then for quiet: no fourth
            String copies = app.prefix() + "test.copies";
            TestKafka.consume(copies, 3, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(copies, Duration.ofSeconds(2),
                    Duration.ofSeconds(30));

            // the timer's command, then each key once: the idempotent repository read its state topic
            assertThat(events).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("HR-0", "HR-1", "HR-2");
            assertThat(events).filteredOn(event -> event.key().equals("HR-1")).singleElement()
                    .satisfies(event -> assertThat(event.value()).isEqualTo("{\"external_id\":\"HR-1\"}"))
                    .satisfies(event -> assertThat(TestKafka.header(event, "source")).isEqualTo("test"));
            try (Admin admin = Admin.create(TestKafka.clientConfig())) {
                ConfigResource state = new ConfigResource(ConfigResource.Type.TOPIC, app.topic(Topic.STATE_JOBS));
                assertThat(admin.describeConfigs(List.of(state)).all().get().get(state)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            }
        }
    }
}
