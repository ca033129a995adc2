package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;

/**
 * {@code java -jar rabota-bridge.jar tail <topic>}: the fat jar prints a topic's records, one JSON line each on
 * standard output, follows the ones written after it started, and ends after {@code --max}; it starts no Camel.
 */
class TopicTailIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void printsTheTopicFromItsBeginningAndFollowsNewRecordsOnTheBridgesOwnBrokers() throws Exception {
        String topic = TestKafka.uniquePrefix(getClass()) + "rabota.applications";
        TestKafka.send(topic, "vkrabota:1", "{\"event\":\"application.created\",\"status\":\"reserved\","
                + "\"candidate\":{\"first_name\":\"Иван\"}}", Map.of("bridge-event", "application.created"));
        // a transaction of the bridge that was aborted (a fenced former leader, a crash): never an event
        try (KafkaProducer<String, String> fenced = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestKafka.bootstrapServers(), "transactional.id", topic + "-aborted"), new StringSerializer(),
                new StringSerializer())) {
            fenced.initTransactions();
            fenced.beginTransaction();
            fenced.send(new ProducerRecord<>(topic, "vkrabota:9", "{\"event\":\"application.created\"}")).get();
            fenced.abortTransaction();
        }
        TestKafka.send(topic, "vkrabota:2", "not JSON", Map.of());

        // the brokers as the bridge reads them (here a system property), no --brokers
        Process tail = start(Map.of("camel.component.kafka.brokers", TestKafka.bootstrapServers()),
                "tail", topic, "--from-beginning", "--max", "3");
        await().atMost(Duration.ofSeconds(60)).until(() -> !tail.isAlive() || lines("out").size() == 2);
        TestKafka.send(topic, "vkrabota:1", "{\"event\":\"application.status_changed\",\"status\":\"invited\"}",
                Map.of("bridge-event", "application.status_changed"));

        assertThat(tail.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).as(String.join("\n", lines("err"))).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines("out")) {
            records.add(JSON.readTree(line));
        }
        assertThat(records).hasSize(3);
        assertThat(records.subList(0, 2)).extracting(record -> record.path("key").asText())
                .containsExactlyInAnyOrder("vkrabota:1", "vkrabota:2");
        JsonNode created = records.stream().filter(record -> record.path("key").asText().equals("vkrabota:1"))
                .findFirst().orElseThrow();
        assertThat(created.at("/headers/bridge-event").asText()).isEqualTo("application.created");
        assertThat(created.at("/value/candidate/first_name").asText()).isEqualTo("Иван");
        assertThat(records).filteredOn(record -> record.path("key").asText().equals("vkrabota:2"))
                .singleElement().satisfies(record -> assertThat(record.path("value").asText()).isEqualTo("not JSON"));
        assertThat(records.get(2).at("/headers/bridge-event").asText()).isEqualTo("application.status_changed");
        assertThat(records.get(2).at("/value/status").asText()).isEqualTo("invited");
        assertThat(lines("err")).anyMatch(line -> line.startsWith("tail: " + topic + " on "))
                .noneMatch(line -> line.contains("Apache Camel"));
    }

    @Test
    void onASaslClusterItSignsInWithTheBridgesOwnSecuritySettings() throws Exception {
        try (KafkaBroker secured = KafkaBroker.startWithSaslPlain("bridge", "s3cret")) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    TestKafka.saslPlainClient(secured.bootstrapServers(), "bridge", "s3cret"), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("rabota.applications", "vkrabota:7", "{\"status\":\"invited\"}"))
                        .get(30, TimeUnit.SECONDS);
            }
            // as a customer configures the bridge for such a cluster: camel-kafka's options, the secret from the
            // environment
            Map<String, String> bridgeSettings = Map.of(
                    "camel.component.kafka.brokers", secured.bootstrapServers(),
                    "camel.component.kafka.security-protocol", "SASL_PLAINTEXT",
                    "camel.component.kafka.sasl-mechanism", "PLAIN");
            String secret = "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG";

            Process tail = start(bridgeSettings, Map.of(secret, TestKafka.plainLogin("bridge", "s3cret")),
                    "tail", "rabota.applications", "--from-beginning", "--max", "1");

            assertThat(tail.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(tail.exitValue()).as(String.join("\n", lines("err"))).isZero();
            assertThat(lines("out")).singleElement().satisfies(line ->
                    assertThat(JSON.readTree(line).at("/value/status").asText()).isEqualTo("invited"));

            Process refused = start(bridgeSettings, Map.of(secret, TestKafka.plainLogin("bridge", "wrong")),
                    "tail", "rabota.applications", "--from-beginning", "--max", "1");

            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isOne();
            assertThat(lines("err")).anyMatch(line -> line.contains("Authentication failed")
                    && line.startsWith("tail: no answer from " + secured.bootstrapServers()));
        }
    }

    @Test
    void aTopicTheBrokersDoNotHaveIsNamedAndEndsIt() throws Exception {
        Process tail = start(Map.of(), "tail", "no.such.topic", "--brokers", TestKafka.bootstrapServers());

        assertThat(tail.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).isEqualTo(2);
        assertThat(lines("out")).isEmpty();
        assertThat(lines("err")).contains("tail: topic no.such.topic does not exist on " + TestKafka.bootstrapServers());
    }

    private Process start(Map<String, String> systemProperties, String... command) throws IOException {
        return start(systemProperties, Map.of(), command);
    }

    private Process start(Map<String, String> systemProperties, Map<String, String> environment, String... command)
            throws IOException {
        List<String> line = new ArrayList<>(RunningJar.javaJar(List.of(), systemProperties));
        line.addAll(List.of(command));
        ProcessBuilder process = new ProcessBuilder(line).directory(folder.toFile())
                .redirectOutput(folder.resolve("out").toFile()).redirectError(folder.resolve("err").toFile());
        process.environment().putAll(environment);
        return process.start();
    }

    private List<String> lines(String stream) throws IOException {
        Path file = folder.resolve(stream);
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
