package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.tail.TopicTail;
import ru.rabota.bridge.testing.SimulatorTls;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.JobCommands;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The bundle on a Kafka cluster that speaks only TLS and asks every client to sign in (SASL/PLAIN over SSL, with a
 * certificate of its own CA), configured as the README says: the kafka component's options, or Camel's global
 * {@code camel.ssl.*} with the component told to use them. Its topic bootstrap, state stores, command consumers and
 * transactions, its output producer and camel-kafka's routes all use them: a job command becomes a job and its
 * {@code created} event, and the reference data reach their topic. {@code tail} reads such a cluster with the
 * component's options, and names what to give it instead of {@code camel.ssl.*}, which only Camel Main reads.
 */
class SecuredKafkaTest {

    private static final String USER = "bridge";
    private static final String PASSWORD = "s3cret";
    private static final SimulatorTls TLS = SimulatorTls.create();
    /** The kafka component's own trust of the broker's certificate. */
    private static final Map<String, String> COMPONENT_TRUST = Map.of(
            "camel.component.kafka.ssl-truststore-type", "PKCS12",
            "camel.component.kafka.ssl-truststore-location", TLS.keyStore().toString(),
            "camel.component.kafka.ssl-truststore-password", TLS.password());
    /** Camel's global trust of it, and the component told to take it. */
    private static final Map<String, String> GLOBAL_TRUST = Map.of(
            "camel.ssl.enabled", "true",
            "camel.ssl.trust-store", "file:" + TLS.keyStore(),
            "camel.ssl.trust-store-password", TLS.password(),
            "camel.component.kafka.use-global-ssl-context-parameters", "true");

    private static KafkaBroker secured;
    private static VkSimulator vk;
    /** The test's own clients: they trust the broker's certificate. */
    private static Map<String, Object> client;

    @BeforeAll
    static void startBroker() throws Exception {
        secured = KafkaBroker.startWithSaslSsl(USER, PASSWORD, TLS.keyStore(), TLS.password());
        vk = new VkSimulator(new VkSimulatorConfig()).start();
        client = new HashMap<>(TestKafka.saslPlainClient(secured.bootstrapServers(), USER, PASSWORD));
        client.putAll(Map.of("security.protocol", "SASL_SSL", "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", TLS.keyStore().toString(), "ssl.truststore.password", TLS.password()));
    }

    @AfterAll
    static void stopBroker() {
        vk.close();
        secured.close();
    }

    @Test
    void everyKafkaClientOfTheBundleUsesTheComponentsTlsAndSaslSettings() throws Exception {
        assertPublishes(COMPONENT_TRUST, "TLS-1");
    }

    @Test
    void camelsGlobalSslSettingsReachEveryKafkaClientWhenTheComponentIsToldToUseThem() throws Exception {
        assertPublishes(GLOBAL_TRUST, "TLS-2");
    }

    @Test
    void tailReadsTheClusterWithTheComponentsTlsAndSaslSettings(@TempDir Path folder) throws Exception {
        String topic = TestKafka.uniquePrefix(getClass()) + "rabota.jobs.events";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "TLS-3", "{\"event\":\"created\"}")).get(30, TimeUnit.SECONDS);
        }
        Map<String, String> properties = bundle();
        properties.putAll(COMPONENT_TRUST);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = tail(folder, properties, List.of(topic, "--from-beginning", "--max", "1"), out, err);

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"key\":\"TLS-3\"");
    }

    @Test
    void tailRefusesCamelsGlobalSslSettingsNamingWhatToGiveInstead(@TempDir Path folder) throws Exception {
        Map<String, String> properties = bundle();
        properties.putAll(GLOBAL_TRUST);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = tail(folder, properties, List.of("rabota.jobs.events"), new ByteArrayOutputStream(), err);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("camel.component.kafka.use-global-ssl-context-parameters=true")
                .contains("camel.component.kafka.ssl-truststore-location");
    }

    /** {@code java -jar rabota-bridge.jar tail ...} with these properties in its configuration file, in this JVM. */
    private static int tail(Path folder, Map<String, String> properties, List<String> args, OutputStream out,
            OutputStream err) throws Exception {
        Properties file = new Properties();
        file.putAll(properties);
        Path config = folder.resolve("customer.properties");
        try (Writer writer = Files.newBufferedWriter(config)) {
            file.store(writer, null);
        }
        return TopicTail.run(args, "file:" + config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Brokers, sign-in and the simulator; the trust is each test's. */
    private static Map<String, String> bundle() {
        Map<String, String> properties = new HashMap<>(TestKafka.saslPlainBundle(secured.bootstrapServers(),
                "SASL_SSL", USER, PASSWORD));
        properties.putAll(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(SecuredKafkaTest.class)));
        return properties;
    }

    /** The bundle with this trust of the broker publishes a job and the reference data. */
    private static void assertPublishes(Map<String, String> trust, String externalId) throws Exception {
        Map<String, String> properties = bundle();
        properties.putAll(trust);
        try (TestApplication app = TestApplication.start(properties)) {
            assertPublishes(app, externalId);
        }
    }

    private static void assertPublishes(TestApplication app, String externalId) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), externalId,
                    JobCommands.upsert(externalId)))
                    .get(30, TimeUnit.SECONDS);
        }

        TestKafka.consumeUntil(client, app.topic(Topic.JOBS_EVENTS), records -> !records.isEmpty(),
                Duration.ofSeconds(60));
        // then whatever else came within two seconds: a second event would show
        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(client, app.topic(Topic.JOBS_EVENTS),
                Duration.ofSeconds(2), Duration.ofSeconds(30));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.key()).isEqualTo(externalId);
            assertThat(event.value()).contains("\"event\":\"created\"");
        });
        assertThat(vk.state().jobsByExternalId(externalId)).hasSize(1);
        // camel-kafka's own producer (the reference data's route)
        assertThat(TestKafka.consumeUntil(client, app.topic(Topic.REFERENCE), records -> !records.isEmpty(),
                Duration.ofSeconds(60))).isNotEmpty();
    }
}
