package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * "Into your own Camel runtime" done: a Camel Main application of its own ({@code src/test/embedding-host}) on the
 * thin jar and the bundle's runtime dependencies ({@link EmbeddingHost}) loads the bundle's routes, beans and
 * defaults beside a route of its own, and a job command sent to the test broker becomes a job on the VK Работа
 * simulator, the bundle's {@code created} event, and the host route's copy of that event on the host's topic.
 */
class EmbeddedHostIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ID = "HOST-1";
    /** What a job flow that starts from cold may take on a loaded machine. */
    private static final Duration FLOW = Duration.ofSeconds(120);
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final String prefix = TestKafka.uniquePrefix(getClass());
    private VkSimulator vk;
    private RunningJar host;

    @BeforeEach
    void startSimulator() throws IOException {
        vk = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", 10)).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        vk.close();
    }

    @Test
    void aHostApplicationOnTheThinJarRunsTheJobFlowBesideItsOwnRoute() throws Exception {
        host = EmbeddingHost.start(Map.of(
                "camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                "bridge.topics.prefix", prefix,
                "bridge.vk.base-url", vk.baseUrl()),
                // secrets from the environment, as README "Deploying for a customer" asks
                Map.of("BRIDGE_VK_LOGIN", "sandbox", "BRIDGE_VK_PASSWORD", "sandbox")).awaitUp(FLOW);
        TestKafka.send(Topic.JOBS_COMMANDS.topicName(prefix), ID, """
                {"command":"upsert","external_id":"%s","profession_id":3,
                 "job":{"title":"Курьер","description":"Доставка заказов по городу","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1","salary_from":50000,"salary_to":70000,
                        "salary_period":"monthly"}}""".formatted(ID));

        // the host's copy follows the bundle's event: once it is there, each topic is read until two seconds pass
        // without a record, so that a second event, copy or POST /jobs would show
        TestKafka.consume(prefix + "host.job-events", 1, FLOW);
        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(Topic.JOBS_EVENTS.topicName(prefix),
                QUIET, FLOW);
        List<ConsumerRecord<String, String>> hostCopies = TestKafka.consumeUntilQuiet(prefix + "host.job-events",
                QUIET, FLOW);

        assertThat(host.log()).as("the host's own name (host.properties) over the bundle's default")
                .contains("(embedding-host) started");
        assertThat(vk.requests()).filteredOn(request -> request.is("POST", "/jobs")).singleElement()
                .satisfies(request -> assertThat(json(request.body()).at("/job/external_id").asText())
                        .isEqualTo(ID));
        assertThat(vk.state().jobsByExternalId(ID)).hasSize(1);
        assertThat(events).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(ID);
            assertThat(json(record.value()).path("event").asText()).isEqualTo("created");
            assertThat(json(record.value()).path("job_id").asText())
                    .isEqualTo(String.valueOf(vk.state().jobsByExternalId(ID).get(0).id()));
        });
        assertThat(hostCopies).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(ID);
            assertThat(record.value()).isEqualTo(events.get(0).value());
        });
        assertThat(host.stop(Duration.ofSeconds(30))).as("the host stopped on SIGTERM").isTrue();
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
