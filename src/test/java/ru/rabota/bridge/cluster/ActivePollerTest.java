package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Two instances, elected through Kafka or sharing a file-lock folder: one polls (hh.ru, VK Работа applications and
 * re-scan, any other poll route), and when it stops the other takes over within the configured time, neither losing
 * nor repeating an event. A killed or paused leader: {@code ru.rabota.bridge.it.ClusterFailoverIT}.
 */
@Execution(ExecutionMode.CONCURRENT) // each case on simulators, topics and a lock folder of its own; ~20 s each
class ActivePollerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VACANCY = "123456";
    private static final String HH_POLL = "hh-negotiations-poll";
    private static final String TICKER = "test-ticker";
    private static final List<String> VK_POLLS = List.of("applications-poll", "applications-rescan");
    /** VK requests carry nothing of the instance: each asks for its own page size, which tells them apart. */
    private static final Map<String, String> VK_PAGE_SIZE = Map.of("first", "50", "second", "40");
    private static final Duration LOCK_INTERVAL = Duration.ofSeconds(1);
    private static final int HEARTBEAT_MULTIPLIER = 2;
    /** A dead instance's lock is stale after interval × multiplier; the next attempt comes one interval later. */
    private static final Duration TAKEOVER = LOCK_INTERVAL.multipliedBy(HEARTBEAT_MULTIPLIER + 1);
    /**
     * Kafka mode ({@code bridge.cluster.failover-timeout}): a session a loaded machine keeps (at 3 s a starved leader
     * lost it in the suite); a clean stop hands over at once whatever it is.
     */
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path lockFolder;

    private HhSimulator simulator;
    private VkSimulator vk;
    private String prefix;
    private String mode;
    private String cron;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start();
        vk = new VkSimulator(new VkSimulatorConfig()).start();
        prefix = TestKafka.uniquePrefix(getClass());
    }

    @AfterEach
    void stop() {
        simulator.close();
        vk.close();
    }

    /**
     * With {@code cron}, the hh.ru poll and the VK Работа applications poll run on a cron expression (quartz, each
     * instance a scheduler of its own in this one JVM), which the policy starts and stops as it does a timer.
     */
    @ParameterizedTest
    @CsvSource(value = {"kafka,", "file,", "file,0/1 * * * * ?"})
    void oneInstancePollsAndAnotherTakesOverWithoutLossOrRepetition(String mode, String cron) {
        this.mode = mode;
        this.cron = cron == null ? "" : cron;
        IntStream.range(0, 30).forEach(this::negotiation);
        List<VkApplication> applications = vk.seedApplications(30);
        int expected = 60;
        try (TestApplication first = TestApplication.start(instance("first"))) {
            awaitStatus(first, HH_POLL, ServiceStatus.Started, Duration.ofSeconds(30));
            VK_POLLS.forEach(route -> awaitStatus(first, route, ServiceStatus.Started, Duration.ofSeconds(10)));
            try (TestApplication second = TestApplication.start(instance("second"))) {
                assertThat(events(expected)).hasSize(expected);
                negotiation(30);
                vk.seedApplications(1);
                changeStatus(applications.get(0));
                expected += 3;
                assertThat(events(expected)).hasSize(expected);

                assertThat(status(first, TICKER)).isEqualTo(ServiceStatus.Started);
                for (String route : List.of(HH_POLL, TICKER, VK_POLLS.get(0), VK_POLLS.get(1), "company-poll")) {
                    assertThat(status(second, route)).as(route).isNotEqualTo(ServiceStatus.Started);
                }
                assertThat(simulator.requests()).extracting(request -> request.header("User-Agent")).containsOnly(
                        agent("first"));

                assertThat(vkPageSizes()).as("VK polls while the first instance leads").isNotEmpty()
                        .containsOnly(VK_PAGE_SIZE.get("first"));

                first.close();
                IntStream.range(31, 40).forEach(this::negotiation);
                vk.seedApplications(5);
                applications.subList(1, 3).forEach(this::changeStatus);
                expected += 9 + 5 + 2;
                // a clean stop frees the lock (leaves the group) at once; the bound is the one for a crashed instance
                awaitStatus(second, HH_POLL, ServiceStatus.Started, TAKEOVER.plus(Duration.ofSeconds(10)));
                for (String route : List.of(TICKER, VK_POLLS.get(0), VK_POLLS.get(1))) {
                    awaitStatus(second, route, ServiceStatus.Started, Duration.ofSeconds(10));
                }
                assertThat(events(expected)).hasSize(expected);
            }
        }
        // never both at once: every request of the first instance came before any of the second
        List<String> pageSizes = vkPageSizes();
        int takeover = pageSizes.indexOf(VK_PAGE_SIZE.get("second"));
        assertThat(takeover).as("the second instance polled VK").isPositive();
        assertThat(pageSizes.subList(0, takeover)).containsOnly(VK_PAGE_SIZE.get("first"));
        assertThat(pageSizes.subList(takeover, pageSizes.size())).containsOnly(VK_PAGE_SIZE.get("second"));

        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(
                Topic.APPLICATIONS.topicName(prefix), Duration.ofSeconds(2), Duration.ofSeconds(30));
        Map<String, Long> perKeyAndStatus = events.stream().collect(Collectors.groupingBy(
                ActivePollerTest::keyAndStatus, Collectors.counting()));
        assertThat(perKeyAndStatus).hasSize(expected).allSatisfy((keyAndStatus, count) -> assertThat(count)
                .as(keyAndStatus).isOne());
        assertThat(events).hasSize(expected);
        assertThat(events).extracting(ConsumerRecord::key).filteredOn(key -> key.startsWith("hh:")).hasSize(40)
                .doesNotHaveDuplicates();
        assertThat(events).extracting(ConsumerRecord::key).filteredOn(key -> key.startsWith("vkrabota:")).hasSize(39)
                .containsAll(applications.subList(0, 3).stream().map(a -> "vkrabota:" + a.id()).toList());
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
                "bridge.hh.poll-cron", cron,
                Topic.PREFIX_PROPERTY, prefix,
                "camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,classpath:test-routes/active-poller.camel.yaml"));
        properties.putAll(Map.of(
                "bridge.cluster.enabled", "true",
                "bridge.cluster.mode", mode,
                "bridge.cluster.failover-timeout", FAILOVER_TIMEOUT.toMillis() + "ms",
                "bridge.cluster.root", lockFolder.toString(),
                "bridge.cluster.acquire-lock-interval", LOCK_INTERVAL.toMillis() + "ms",
                "bridge.cluster.heartbeat-timeout-multiplier", String.valueOf(HEARTBEAT_MULTIPLIER)));
        properties.putAll(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.applications.page-size", VK_PAGE_SIZE.get(name),
                "bridge.applications.initial-delay", "0ms",
                "bridge.applications.poll-interval", "300ms",
                "bridge.applications.poll-cron", cron,
                "bridge.applications.rescan-interval", "1s"));
        return properties;
    }

    private static String agent(String instance) {
        return "RabotaBridgeTest-" + instance + "/1.0 (it@example.com)";
    }

    private void negotiation(int i) {
        simulator.addNegotiation(VACANCY, "inbox", "response", HhResume.of("r" + i, "Имя", "Фамилия", "Кассир"));
    }

    /** A later status than the application's: the poll (within its overlap) or the re-scan emits the change. */
    private void changeStatus(VkApplication application) {
        vk.state().setApplicationStatus(application.id(), "selected".equals(application.status()) ? "read" : "selected");
    }

    /** The page size of every application list request the VK simulator received, in order. */
    private List<String> vkPageSizes() {
        return vk.requests().stream().filter(r -> r.is("GET", "/applications")).map(r -> r.param("page[size]"))
                .toList();
    }

    private static String keyAndStatus(ConsumerRecord<String, String> event) {
        try {
            return event.key() + " " + MAPPER.readTree(event.value()).path("status").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
