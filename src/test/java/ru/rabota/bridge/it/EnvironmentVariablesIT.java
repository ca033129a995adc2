package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.JobCommands;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The fat jar configured by environment variables, as a container is (CONTRACT.md section 1): the Kafka cluster,
 * its security settings and the SASL secret as {@code CAMEL_COMPONENT_KAFKA_*}, a setting of Camel's own as
 * {@code CAMEL_HEALTH_EXPOSURE_LEVEL} (Camel Main 4.18.0 alone reads neither: {@code EnvironmentOverrides}). On a
 * cluster that asks for SASL/PLAIN the jar signs in and publishes a job, the password in no log line, and its health
 * report has the shape asked for. The VK Работа login and password come as {@code BRIDGE_*} variables ending in a
 * line break, which is no part of them.
 */
class EnvironmentVariablesIT {

    private static final String PASSWORD = "env-s3cret";

    @Test
    void kafkaAndCamelSettingsComeFromTheEnvironment() throws Exception {
        String login = TestKafka.plainLogin("bridge", PASSWORD);
        try (KafkaBroker secured = KafkaBroker.startWithSaslPlain("bridge", PASSWORD);
                VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start()) {
            Map<String, String> settings = Map.of("bridge.vk.base-url", vk.baseUrl());
            RunningJar jar = RunningJar.start(settings, Map.of(
                    // as a Secret made from files an editor ended with a line break gives them
                    "BRIDGE_VK_LOGIN", vk.config().login() + "\n",
                    "BRIDGE_VK_PASSWORD", vk.config().password() + "\r\n",
                    "CAMEL_COMPONENT_KAFKA_BROKERS", secured.bootstrapServers(),
                    "CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "CAMEL_COMPONENT_KAFKA_SASL_MECHANISM", "PLAIN",
                    "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", login,
                    "CAMEL_HEALTH_EXPOSURE_LEVEL", "oneline"));
            try {
                Map<String, Object> client = TestKafka.saslPlainClient(secured.bootstrapServers(), "bridge", PASSWORD);
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>(Topic.JOBS_COMMANDS.topicName(""), "ENV-1",
                            JobCommands.upsert("ENV-1"))).get(30, TimeUnit.SECONDS);
                }

                TestKafka.consumeUntil(client, Topic.JOBS_EVENTS.topicName(""), records -> !records.isEmpty(),
                        Duration.ofSeconds(90));
                // then whatever else came within two seconds: a second event would show
                List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(client,
                        Topic.JOBS_EVENTS.topicName(""), Duration.ofSeconds(2), Duration.ofSeconds(30));

                assertThat(events).singleElement().satisfies(event ->
                        assertThat(event.value()).contains("\"event\":\"created\""));
                assertThat(jar.log()).doesNotContain(PASSWORD);
                // oneline: the status alone (full, the bundle's default, lists every check)
                assertThat(new ObjectMapper().readTree(jar.get("/observe/health")).properties())
                        .extracting(Map.Entry::getKey).containsExactly("status");
            } finally {
                jar.close();
            }
        }
    }
}
