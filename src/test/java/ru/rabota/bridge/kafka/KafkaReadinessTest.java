package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.testing.SimulatedVk;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * {@code GET /observe/health/ready} through a Kafka outage, the Kafka clients metered as the bundle's defaults have
 * them: the bundle runs against a broker of this test's own, not the shared {@link TestKafka} one, which is stopped
 * and started again on the same port with the same data. Before, the command consumers' checks stayed UP all through
 * the outage: camel-kafka's check reads the network client of a consumer of Kafka's own class only, and the metered
 * consumers were a subclass.
 */
class KafkaReadinessTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int kafkaPort = FreePort.next();
    private final int managementPort = FreePort.next();
    @TempDir
    Path kafkaData;
    /** Closed after the bundle ({@code @AutoClose} runs after the test's own closing). */
    @AutoClose
    private KafkaBroker broker;

    @Test
    void readinessIsDownNamingTheKafkaConsumersWhileTheBrokerIsAwayAndTheirMetersStay() throws Exception {
        broker = KafkaBroker.start(kafkaPort, kafkaData);
        try (SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                "camel.component.kafka.brokers", broker.bootstrapServers(),
                "camel.management.enabled", "true",
                "camel.management.port", String.valueOf(managementPort)))) {
            String prefix = bridge.app().prefix();
            await().atMost(Duration.ofSeconds(60)).until(() -> ready().statusCode() == 200);
            assertThat(consumerMeters()).as("kafka_consumer_* series").anySatisfy(series -> assertThat(series)
                    .contains("client_id=\"consumer-" + prefix + "rabota-bridge-jobs-"))
                    .anySatisfy(series -> assertThat(series)
                            .contains("client_id=\"consumer-" + prefix + "rabota-bridge-commands-"));

            long stoppedAt = System.nanoTime();
            broker.close();
            HttpResponse<String> down = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(this::ready, answer -> answer.statusCode() == 503 && notUp(answer).stream()
                            .anyMatch(check -> check.startsWith("consumer:")));
            assertThat(notUp(down)).as("readiness checks not UP").contains("consumer:jobs-from-kafka",
                    "consumer:commands-from-kafka");

            long downAfter = millisSince(stoppedAt);
            broker = KafkaBroker.start(kafkaPort, kafkaData);
            long startedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ready().statusCode() == 200);
            System.out.printf("readiness DOWN %d ms after the broker stopped (%s), UP %d ms after it started%n",
                    downAfter, notUp(down), millisSince(startedAt));
            assertThat(consumerMeters()).anySatisfy(series -> assertThat(series)
                    .contains("client_id=\"consumer-" + prefix + "rabota-bridge-commands-"));
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private HttpResponse<String> ready() throws IOException, InterruptedException {
        return get("/observe/health/ready");
    }

    /** The series of {@code kafka_consumer_*} on {@code /observe/metrics}, a line each. */
    private List<String> consumerMeters() throws IOException, InterruptedException {
        return get("/observe/metrics").body().lines().filter(line -> line.startsWith("kafka_consumer_")).toList();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the checks that are not UP in a health answer. */
    private static List<String> notUp(HttpResponse<String> answer) {
        List<String> names = new ArrayList<>();
        JsonNode health;
        try {
            health = MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode check : health.path("checks")) {
            if (!"UP".equals(check.path("status").asText())) {
                names.add(check.path("name").asText());
            }
        }
        return names;
    }
}
