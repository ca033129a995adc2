package ru.rabota.bridge.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the fat jar share the job commands of one partition: one of them reads it. Its first
 * {@code POST /jobs} fails (503), and before it tries again it looks the job up (the failed attempt may have
 * created it); the instance is frozen (SIGSTOP) while the simulator answers that look-up, for longer than its group
 * session. The other takes the partition, finds the intent and publishes the job. When the frozen one resumes, with
 * the look-up's answer (no such job) in hand, its {@code POST /jobs} is not sent: one job.
 */
class FrozenInstanceIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JOB = "FROZEN-1";

    private final String prefix = TestKafka.uniquePrefix(getClass());
    private final Map<String, RunningJar> instances = new ConcurrentHashMap<>();
    private final AtomicInteger jobsRequests = new AtomicInteger();
    private final CompletableFuture<RunningJar> frozen = new CompletableFuture<>();
    private VkSimulator vk;

    @BeforeEach
    void startSimulator() throws Exception {
        vk = new VkSimulator(new VkSimulatorConfig()).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (RunningJar jar : instances.values()) {
            jar.kill();
        }
        vk.close();
    }

    @Test
    void anInstanceFrozenBeforeItsPublicationSendsItNotWhenItResumes() throws Exception {
        for (String name : List.of("a", "b")) {
            instances.put(name, RunningJar.start(settings()));
        }
        instances.values().forEach(jar -> jar.awaitUp(Duration.ofSeconds(120)));
        vk.faults().onPaths("/jobs").failNext(1, 503).beforeEach(this::freezeAtTheLookUp);
        TestKafka.send(Topic.JOBS_COMMANDS.topicName(prefix), JOB, "{\"command\":\"upsert\",\"external_id\":\""
                + JOB + "\",\"profession_id\":3,\"job\":{\"title\":\"Курьер\",\"description\":\"Доставка заказов"
                + " по городу\",\"lat\":55.75,\"long\":37.61,\"address\":\"Москва, Тверская улица, 1\"}}");

        RunningJar paused = frozen.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> !vk.state().jobsByExternalId(JOB).isEmpty());
        paused.resume();
        // the frozen instance's POST is due at once: a second publication would be there within this time
        Thread.sleep(5_000);

        assertThat(vk.state().jobsByExternalId(JOB)).hasSize(1);
        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(
                Topic.JOBS_EVENTS.topicName(prefix), Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(events).extracting(event -> event.key() + " " + MAPPER.readTree(event.value()).path("event")
                .asText()).containsExactly(JOB + " created");
        assertThat(paused.log()).contains("stood still for");
    }

    /**
     * The second request on {@code /jobs}: the look-up before the POST is tried again, by the instance whose POST
     * failed. It is frozen before the simulator answers.
     */
    private void freezeAtTheLookUp(String path) {
        if (!"/jobs".equals(path) || jobsRequests.incrementAndGet() != 2) {
            return;
        }
        try {
            RunningJar waiting = waitingInstance().orElseThrow(() -> new IllegalStateException("no instance waits"));
            waiting.pause();
            frozen.complete(waiting);
        } catch (Exception e) {
            frozen.completeExceptionally(e);
        }
    }

    /** The instance that logged the API's outage: its calls wait. */
    private Optional<RunningJar> waitingInstance() {
        return instances.values().stream().filter(jar -> jar.log().contains("is failing (")).findFirst();
    }

    private Map<String, String> settings() {
        return Map.ofEntries(
                Map.entry("camel.component.kafka.brokers", TestKafka.bootstrapServers()),
                Map.entry("camel.component.kafka.poll-timeout-ms", "500"),
                Map.entry("camel.component.kafka.session-timeout-ms", "6000"),
                Map.entry("camel.component.kafka.heartbeat-interval-ms", "2000"),
                Map.entry("camel.main.shutdown-timeout", "5"),
                Map.entry(Topic.PREFIX_PROPERTY, prefix),
                // one partition: one instance reads the commands, the other waits in the group
                Map.entry("bridge.topics.partitions", "1"),
                Map.entry("bridge.retry.initial-delay", "5s"),
                Map.entry("bridge.applications.enabled", "false"),
                Map.entry("bridge.vk.base-url", vk.baseUrl()),
                Map.entry("bridge.vk.login", vk.config().login()),
                Map.entry("bridge.vk.password", vk.config().password()));
    }
}
