package ru.rabota.bridge.applications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkCandidate;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.awaitility.Awaitility.await;

/**
 * A VK Работа simulator and the bundle polling it, with timers off: a test runs a poll or a re-scan when it
 * wants one, restarts the bundle on the same topics, and reads what reached {@code rabota.applications}.
 */
final class PollHarness implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter CREATED_FROM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Europe/Moscow"));

    final VkSimulator vk;
    private final String prefix = TestKafka.uniquePrefix(PollHarness.class);
    private final Map<String, String> properties = new HashMap<>();
    private TestApplication app;

    PollHarness(VkSimulatorConfig config) {
        try {
            vk = new VkSimulator(config).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the bundle (again, on the same topics) with these properties over the harness's own. */
    PollHarness start(Map<String, String> extra) {
        stopApp();
        properties.clear();
        properties.putAll(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.applications.enabled", "false",
                Topic.PREFIX_PROPERTY, prefix));
        properties.putAll(extra);
        app = TestApplication.start(properties);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("applications-poll-once",
                "applications-rescan-once", "applications-scan", "vk-list-applications").stream()
                .allMatch(id -> app.context().getRouteController().getRouteStatus(id) == ServiceStatus.Started));
        return this;
    }

    PollHarness start() {
        return start(Map.of());
    }

    void poll() {
        app.template().requestBody("direct:applications-poll-once", (Object) null);
    }

    void rescan() {
        app.template().requestBody("direct:applications-rescan-once", (Object) null);
    }

    TestApplication app() {
        return app;
    }

    KafkaStateStore store(String name) {
        return app.context().getRegistry().lookupByNameAndType(name, KafkaStateStore.class);
    }

    String topic(Topic topic) {
        return topic.topicName(prefix);
    }

    String prefix() {
        return prefix;
    }

    /** Every committed record of rabota.applications so far. */
    List<ConsumerRecord<String, String>> events() {
        return TestKafka.consumeUntilQuiet(topic(Topic.APPLICATIONS), Duration.ofMillis(400), Duration.ofSeconds(20));
    }

    /** The list requests the simulator received since the last call. */
    List<RecordedRequest> listRequests() {
        List<RecordedRequest> requests = vk.requests().stream().filter(r -> r.is("GET", "/applications")).toList();
        vk.clearRequests();
        return requests;
    }

    /** A new candidate's application to the job. */
    VkApplication apply(long jobId, String status, Instant at) {
        VkCandidate candidate = vk.state().addCandidate(VkCandidate.builder());
        return vk.state().addApplication(jobId, candidate.id(), status, at);
    }

    /** {@code created_from} as the bundle sends it: the API's format, Moscow time, to the second. */
    static String createdFrom(Instant at) {
        return CREATED_FROM.format(at);
    }

    static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return MAPPER.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Override
    public void close() {
        stopApp();
        vk.close();
    }
}
