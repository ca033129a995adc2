package ru.rabota.bridge.kafka;

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

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The bundle on a Kafka cluster that asks every client to sign in (SASL/PLAIN), configured as the README says: the
 * kafka component's options alone. Its topic bootstrap, state stores, command consumers and transactions, its output
 * producer and camel-kafka's routes all use them: a job command becomes a job and its {@code created} event, and the
 * reference data reach their topic.
 */
class SecuredKafkaTest {

    private static final String USER = "bridge";
    private static final String PASSWORD = "s3cret";

    @Test
    void everyKafkaClientOfTheBundleSignsInWithTheComponentsSaslSettings() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        try (KafkaBroker secured = KafkaBroker.startWithSaslPlain(USER, PASSWORD);
                VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start();
                TestApplication app = TestApplication.start(Map.of(
                        "camel.component.kafka.brokers", secured.bootstrapServers(),
                        "camel.component.kafka.security-protocol", "SASL_PLAINTEXT",
                        "camel.component.kafka.sasl-mechanism", "PLAIN",
                        "camel.component.kafka.sasl-jaas-config", TestKafka.plainLogin(USER, PASSWORD),
                        "bridge.vk.base-url", vk.baseUrl(),
                        "bridge.vk.login", vk.config().login(),
                        "bridge.vk.password", vk.config().password(),
                        Topic.PREFIX_PROPERTY, prefix))) {
            Map<String, Object> client = TestKafka.saslPlainClient(secured.bootstrapServers(), USER, PASSWORD);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), "SASL-1", """
                        {"command":"upsert","external_id":"SASL-1","request_id":"r-1","profession_id":3,
                         "job":{"title":"Курьер","description":"Доставка заказов по городу","lat":55.75,
                                "long":37.61,"address":"Москва, Тверская улица, 1"}}""")).get(30, TimeUnit.SECONDS);
            }

            List<ConsumerRecord<String, String>> events = TestKafka.consumeUntil(client,
                    app.topic(Topic.JOBS_EVENTS), records -> !records.isEmpty(), Duration.ofSeconds(60));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.key()).isEqualTo("SASL-1");
                assertThat(event.value()).contains("\"event\":\"created\"");
            });
            assertThat(vk.state().jobsByExternalId("SASL-1")).hasSize(1);
            // camel-kafka's own producer (the reference data's route)
            assertThat(TestKafka.consumeUntil(client, app.topic(Topic.REFERENCE), records -> !records.isEmpty(),
                    Duration.ofSeconds(60))).isNotEmpty();
        }
    }
}
