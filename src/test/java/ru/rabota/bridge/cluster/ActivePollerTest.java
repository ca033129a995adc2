package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.sandbox.hh.HhResume;
import ru.rabota.bridge.sandbox.hh.HhSimulator;
import ru.rabota.bridge.sandbox.hh.HhSimulatorConfig;
import ru.rabota.bridge.sandbox.http.RecordedRequest;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/**
 * Two instances sharing a file-lock folder: one polls (hh.ru and any other poll route), and when it stops the other
 * takes over within the configured time, neither losing nor repeating an event.
 */
class ActivePollerTest {

    private static final String VACANCY = "123456";
    private static final String HH_POLL = "hh-negotiations-poll";
    private static final String TICKER = "test-ticker";
    private static final Duration LOCK_INTERVAL = Duration.ofSeconds(1);
    private static final int HEARTBEAT_MULTIPLIER = 2;
    /** A dead instance's lock is stale after interval × multiplier; the next attempt comes one interval later. */
    private static final Duration TAKEOVER = LOCK_INTERVAL.multipliedBy(HEARTBEAT_MULTIPLIER + 1);

    @TempDir
    Path lockFolder;

    private HhSimulator simulator;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig()).start();
        prefix = TestKafka.uniquePrefix(getClass());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void oneInstancePollsAndAnotherTakesOverWithoutLossOrRepetition() {
        IntStream.range(0, 30).forEach(this::negotiation);
        try (TestApplication first = TestApplication.start(instance("first"))) {
            awaitStatus(first, HH_POLL, ServiceStatus.Started, Duration.ofSeconds(30));
            try (TestApplication second = TestApplication.start(instance("second"))) {
                assertThat(events(30)).hasSize(30);
                negotiation(30);
                assertThat(events(31)).hasSize(31);

                assertThat(status(first, TICKER)).isEqualTo(ServiceStatus.Started);
                assertThat(status(second, HH_POLL)).isNotEqualTo(ServiceStatus.Started);
                assertThat(status(second, TICKER)).isNotEqualTo(ServiceStatus.Started);
                assertThat(simulator.requests()).extracting(request -> request.header("User-Agent")).containsOnly(
                        agent("first"));

                first.close();
                IntStream.range(31, 40).forEach(this::negotiation);
                // a clean stop frees the lock at once; the bound is the one for a crashed instance
                awaitStatus(second, HH_POLL, ServiceStatus.Started, TAKEOVER.plus(Duration.ofSeconds(10)));
                awaitStatus(second, TICKER, ServiceStatus.Started, Duration.ofSeconds(10));
                assertThat(events(40)).hasSize(40);
            }
        }

        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(
                Topic.APPLICATIONS.topicName(prefix), Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(events).hasSize(40).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        assertThat(simulator.requests()).extracting(RecordedRequest::status).containsOnly(200);
        assertThat(simulator.requests()).extracting(request -> request.header("User-Agent"))
                .containsOnly(agent("first"), agent("second"));
    }

    private Map<String, String> instance(String name) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "bridge.hh.enabled", "true",
                "bridge.hh.base-url", simulator.baseUrl(),
                "bridge.hh.access-token", simulator.accessToken(),
                // the User-Agent tells the simulator which instance asked
                "bridge.hh.user-agent", agent(name),
                "bridge.hh.vacancy-ids", VACANCY,
                "bridge.hh.poll-interval", "300ms",
                Topic.PREFIX_PROPERTY, prefix,
                "camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,classpath:test-routes/active-poller.camel.yaml"));
        properties.putAll(Map.of(
                "bridge.cluster.enabled", "true",
                "bridge.cluster.root", lockFolder.toString(),
                "bridge.cluster.acquire-lock-interval", LOCK_INTERVAL.toMillis() + "ms",
                "bridge.cluster.heartbeat-timeout-multiplier", String.valueOf(HEARTBEAT_MULTIPLIER)));
        return properties;
    }

    private static String agent(String instance) {
        return "RabotaBridgeTest-" + instance + "/1.0 (it@example.com)";
    }

    private void negotiation(int i) {
        simulator.addNegotiation(VACANCY, "inbox", "response", HhResume.of("r" + i, "Имя", "Фамилия", "Кассир"));
    }

    private List<ConsumerRecord<String, String>> events(int count) {
        return TestKafka.consume(Topic.APPLICATIONS.topicName(prefix), count, Duration.ofSeconds(60));
    }

    private static ServiceStatus status(TestApplication app, String routeId) {
        return app.context().getRouteController().getRouteStatus(routeId);
    }

    private static void awaitStatus(TestApplication app, String routeId, ServiceStatus status, Duration atMost) {
        await().atMost(atMost).until(() -> status(app, routeId) == status);
    }
}
