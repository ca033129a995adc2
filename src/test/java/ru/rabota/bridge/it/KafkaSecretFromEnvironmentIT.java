package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The README's way to give the fat jar a Kafka secret: {@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG} in the
 * environment, the other options in properties. On a cluster that asks for SASL/PLAIN the jar signs in with it (Camel
 * Main 4.18.0 alone would not read it: {@code ComponentEnvironment}) and publishes a job; the password is in no log
 * line.
 */
class KafkaSecretFromEnvironmentIT {

    private static final String PASSWORD = "env-s3cret";

    @Test
    void theJarSignsInWithTheSaslSecretFromTheEnvironment() throws Exception {
        String login = TestKafka.plainLogin("bridge", PASSWORD);
        try (KafkaBroker secured = KafkaBroker.startWithSaslPlain("bridge", PASSWORD);
                VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start()) {
            Map<String, String> settings = Map.of(
                    "camel.component.kafka.brokers", secured.bootstrapServers(),
                    "camel.component.kafka.security-protocol", "SASL_PLAINTEXT",
                    "camel.component.kafka.sasl-mechanism", "PLAIN",
                    "bridge.vk.base-url", vk.baseUrl(),
                    "bridge.vk.login", vk.config().login(),
                    "bridge.vk.password", vk.config().password());
            RunningJar jar = RunningJar.start(settings, Map.of("CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", login));
            try {
                Map<String, Object> client = TestKafka.saslPlainClient(secured.bootstrapServers(), "bridge", PASSWORD);
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>(Topic.JOBS_COMMANDS.topicName(""), "ENV-1", """
                            {"command":"upsert","external_id":"ENV-1","request_id":"r-1","profession_id":3,
                             "job":{"title":"Курьер","description":"Доставка заказов по городу","lat":55.75,
                                    "long":37.61,"address":"Москва, Тверская улица, 1"}}""")).get(30, TimeUnit.SECONDS);
                }

                List<ConsumerRecord<String, String>> events = TestKafka.consumeUntil(client,
                        Topic.JOBS_EVENTS.topicName(""), records -> !records.isEmpty(), Duration.ofSeconds(90));

                assertThat(events).singleElement().satisfies(event ->
                        assertThat(event.value()).contains("\"event\":\"created\""));
                assertThat(jar.log()).doesNotContain(PASSWORD);
            } finally {
                jar.close();
            }
        }
    }
}
