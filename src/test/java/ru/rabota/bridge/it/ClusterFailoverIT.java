package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Separate processes, as in production: the fat jar four times (no sandbox, no shared folder) against the test
 * JVM's broker and simulators, while applications keep arriving on both boards and job commands on Kafka. The
 * active poller is killed (-9) twice, then the leader of the two left is paused (SIGSTOP) until it is replaced and
 * resumed: every application event and every job exactly once, each failover within
 * {@code bridge.cluster.failover-timeout}, and the resumed former leader publishes nothing.
 */
class ClusterFailoverIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(6);
    private static final String VACANCY = "123456";

    private final String prefix = TestKafka.uniquePrefix(getClass());
    private final Map<String, RunningJar> instances = new ConcurrentHashMap<>();
    private final Set<String> seededKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger negotiations = new AtomicInteger();
    private final List<String> jobs = new ArrayList<>();
    private HhSimulator hh;
    private VkSimulator vk;
    private ScheduledExecutorService activity;

    @BeforeEach
    void startSimulators() throws Exception {
        hh = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start();
        vk = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", 100_000)).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (activity != null) {
            activity.shutdownNow();
        }
        // the test is about failover, not stopping: a graceful stop of each would add seconds per jar
        for (RunningJar jar : instances.values()) {
            jar.kill();
        }
        hh.close();
        vk.close();
    }

    @Test
    void killedLeadersAreReplacedInTimeAndAResumedFormerLeaderPublishesNothing() throws Exception {
        // four at once (starting them one after the other would cost half a minute): two are killed, one paused
        for (String name : List.of("a", "b", "c", "d")) {
            instances.put(name, RunningJar.start(settings(name)));
        }
        instances.values().forEach(jar -> jar.awaitUp(Duration.ofSeconds(120)));
        activity = Executors.newSingleThreadScheduledExecutor();
        activity.scheduleWithFixedDelay(this::newApplications, 0, 300, TimeUnit.MILLISECONDS);
        sendJobs(10);

        for (int kill = 1; kill <= 2; kill++) {
            String leader = awaitLeader();
            long killedAt = System.nanoTime();
            instances.remove(leader).kill();
            Duration failover = awaitOtherLeaderThan(leader, killedAt);
            System.out.printf("failover after kill -9 of %s: %d ms%n", leader, failover.toMillis());
            assertThat(failover).isLessThanOrEqualTo(FAILOVER_TIMEOUT);
            sendJobs(10);
        }

        String paused = awaitLeader();
        RunningJar stalled = instances.get(paused);
        long pausedAt = System.nanoTime();
        stalled.pause();
        Duration failover = awaitOtherLeaderThan(paused, pausedAt);
        System.out.printf("failover after SIGSTOP of %s: %d ms%n", paused, failover.toMillis());
        assertThat(failover).isLessThanOrEqualTo(FAILOVER_TIMEOUT);
        // the new leader publishes (and so fences the shared transactional id) while the old one is frozen
        Thread.sleep(2_000);
        stalled.resume();
        await().atMost(Duration.ofSeconds(20)).until(() -> stalled.log().contains("no longer the leader"));
        Thread.sleep(3_000);
        activity.shutdown();
        activity.awaitTermination(5, TimeUnit.SECONDS);

        List<ConsumerRecord<String, String>> events = eventsOnceQuiet();
        Map<String, Long> perKeyAndStatus = events.stream()
                .collect(Collectors.groupingBy(ClusterFailoverIT::keyAndStatus, Collectors.counting()));
        assertThat(perKeyAndStatus).allSatisfy((keyAndStatus, count) -> assertThat(count).as(keyAndStatus).isOne());
        assertThat(events).extracting(ConsumerRecord::key).containsAll(seededKeys);
        for (String externalId : jobs) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !vk.state().jobsByExternalId(externalId).isEmpty());
            assertThat(vk.state().jobsByExternalId(externalId)).as(externalId).hasSize(1);
        }
        assertThat(stalled.log()).doesNotContain("taking it back");
        System.out.printf("%d application events, %d jobs, each once%n", events.size(), jobs.size());
    }

    private Map<String, String> settings(String name) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                "camel.component.kafka.poll-timeout-ms", "500",
                "camel.main.shutdown-timeout", "5",
                Topic.PREFIX_PROPERTY, prefix,
                "bridge.cluster.enabled", "true",
                "bridge.cluster.failover-timeout", FAILOVER_TIMEOUT.toSeconds() + "s"));
        settings.putAll(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.applications.initial-delay", "0ms",
                "bridge.applications.poll-interval", "500ms",
                "bridge.applications.rescan-interval", "5s"));
        settings.putAll(Map.of(
                "bridge.hh.enabled", "true",
                "bridge.hh.base-url", hh.baseUrl(),
                "bridge.hh.access-token", hh.accessToken(),
                // the User-Agent tells the simulator which instance asked
                "bridge.hh.user-agent", agent(name),
                "bridge.hh.vacancy-ids", VACANCY,
                "bridge.hh.poll-interval", "500ms",
                "bridge.hh.initial-delay", "0ms"));
        return settings;
    }

    private static String agent(String name) {
        return "RabotaBridgeIT-" + name + "/1.0 (it@example.com)";
    }

    private void newApplications() {
        int i = negotiations.incrementAndGet();
        seededKeys.add("hh:" + hh.addNegotiation(VACANCY, "inbox", "response",
                HhResume.of("r" + i, "Имя", "Фамилия", "Кассир")).id());
        vk.seedApplications(1).forEach(application -> seededKeys.add("vkrabota:" + application.id()));
    }

    private void sendJobs(int count) {
        for (int i = 0; i < count; i++) {
            String externalId = "IT-" + (jobs.size() + 1);
            jobs.add(externalId);
            TestKafka.send(Topic.JOBS_COMMANDS.topicName(prefix), externalId, "{\"command\":\"upsert\","
                    + "\"external_id\":\"" + externalId + "\",\"profession_id\":3,\"job\":{\"title\":\"Курьер\","
                    + "\"description\":\"Доставка заказов по городу\",\"lat\":55.75,\"long\":37.61,"
                    + "\"address\":\"Москва, Тверская улица, 1\"}}");
        }
    }

    /** The instance that polled hh.ru last, once one polls. */
    private String awaitLeader() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !hh.requests().isEmpty());
        List<RecordedRequest> requests = hh.requests();
        String agent = requests.get(requests.size() - 1).header("User-Agent");
        return instances.keySet().stream().filter(name -> agent(name).equals(agent)).findFirst()
                .orElseThrow(() -> new AssertionError("no running instance polls: " + agent));
    }

    /** From {@code since} until another instance than {@code former} polled hh.ru. */
    private Duration awaitOtherLeaderThan(String former, long since) {
        int seen = hh.requests().size();
        await().atMost(FAILOVER_TIMEOUT.multipliedBy(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> hh.requests().subList(seen, hh.requests().size()).stream()
                        .anyMatch(request -> !agent(former).equals(request.header("User-Agent"))));
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private List<ConsumerRecord<String, String>> eventsOnceQuiet() {
        await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.consumeUntilQuiet(
                Topic.APPLICATIONS.topicName(prefix), Duration.ofSeconds(1), Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(seededKeys));
        return TestKafka.consumeUntilQuiet(Topic.APPLICATIONS.topicName(prefix), Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    private static String keyAndStatus(ConsumerRecord<String, String> event) {
        try {
            return event.key() + " " + MAPPER.readTree(event.value()).path("status").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
