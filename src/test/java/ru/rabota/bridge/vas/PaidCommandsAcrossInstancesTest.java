package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Two instances in cluster mode racing paid commands against a budget for one: only the active instance takes paid
 * commands, so the budget holds for both together and VK charges once.
 */
class PaidCommandsAcrossInstancesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PAID = "paid-commands-from-kafka";

    @TempDir
    Path lockFolder;

    @Test
    void aBudgetForOneActionIsSpentOnceByTwoInstances() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start()) {
            long jobId = vk.state().addJob("Курьер", "HR-PAID").id();
            try (TestApplication first = TestApplication.start(instance(vk, prefix));
                    TestApplication second = TestApplication.start(instance(vk, prefix))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status(first) == ServiceStatus.Started
                        ^ status(second) == ServiceStatus.Started);
                for (int i = 1; i <= 6; i++) {
                    TestKafka.send(Topic.VAS_COMMANDS.topicName(prefix), "r-" + i, "{\"request_id\":\"r-" + i
                            + "\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}");
                }
                List<ConsumerRecord<String, String>> results = TestKafka.consume(
                        Topic.VAS_RESULTS.topicName(prefix), 6, Duration.ofSeconds(60));

                assertThat(results).extracting(result -> json(result).path("outcome").asText())
                        .containsExactlyInAnyOrder("ok", "rejected", "rejected", "rejected", "rejected", "rejected");
                assertThat(results).filteredOn(result -> json(result).path("outcome").asText().equals("rejected"))
                        .allSatisfy(result -> assertThat(json(result).path("detail").asText())
                                .startsWith("daily budget 300 RUB reached"));
                assertThat(vk.requests()).filteredOn(request -> request.path().endsWith("/paid_actions")).hasSize(1);
            }
        }
    }

    private Map<String, String> instance(VkSimulator vk, String prefix) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.vas.daily-budget", "300",
                "bridge.cluster.enabled", "true",
                "bridge.cluster.root", lockFolder.toString(),
                "bridge.cluster.acquire-lock-interval", "1s",
                "bridge.applications.enabled", "false",
                Topic.PREFIX_PROPERTY, prefix));
        properties.put("bridge.reference.enabled", "false");
        return properties;
    }

    private static ServiceStatus status(TestApplication app) {
        return app.context().getRouteController().getRouteStatus(PAID);
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return MAPPER.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
