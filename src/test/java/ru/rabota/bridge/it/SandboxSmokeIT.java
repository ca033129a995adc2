package ru.rabota.bridge.it;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fat jar in the sandbox profile: data reaches the in-process broker, operations answer, secrets stay out. Beside
 * it, a jar without profile whose password from the environment VK Работа refuses (a simulator of this JVM, and its
 * broker: a sandbox of its own would cost that jar twice the CPU). The cases of the jars that fail on purpose run
 * first and stop them: each would otherwise keep failing and retrying on the cores the others need.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxSmokeIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PASSWORD = "It-Secret-7731";
    private static RunningJar jar;
    private static RunningJar wrong;
    private static RunningJar faulty;
    private static VkSimulator vk;

    /** The three jars start at once: each spends its start-up waiting as much as computing. */
    @BeforeAll
    static void start() throws Exception {
        vk = new VkSimulator(new VkSimulatorConfig()).start();
        wrong = RunningJar.start(Map.of("camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(SandboxSmokeIT.class),
                "bridge.vk.base-url", vk.baseUrl(), "bridge.vk.login", vk.config().login()),
                Map.of("BRIDGE_VK_PASSWORD", "wrong-password"));
        faulty = RunningJar.startSandbox(Map.of("bridge.sandbox.faults.server-error-share", "0.5",
                "bridge.retry.initial-delay", "50ms"), Map.of());
        // assigned before the wait, so that a start that times out is still stopped after all
        jar = RunningJar.startSandbox(Map.of("bridge.sandbox.vk-password", PASSWORD, "bridge.vk.password", PASSWORD),
                Map.of());
        jar.awaitUp(Duration.ofSeconds(120));
    }

    /** The jars stop side by side: each waits for its graceful shutdown. */
    @AfterAll
    static void stop() {
        Stream.of(jar, wrong, faulty).filter(Objects::nonNull).parallel().forEach(running -> {
            try {
                running.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (vk != null) {
            vk.close();
        }
    }

    @Test
    void referenceDataFromTheVkSimulatorReachesKafka() {
        List<ConsumerRecord<String, String>> records = referenceRecords(jar);

        assertThat(records).extracting(ConsumerRecord::key).contains("profession:3");
        assertThat(records).allSatisfy(record -> assertThat(TestKafka.header(record, BridgeHeaders.EVENT))
                .startsWith("reference."));
    }

    @Test
    void theSampleVacanciesLandOnBothBoards() {
        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntil(jar.bootstrapServers(),
                "rabota.jobs.events", records -> records.stream()
                        .filter(record -> board(record).equals("hh")).count() >= 2,
                Duration.ofSeconds(90));

        for (String externalId : List.of("KAFKA-201", "FEED-101")) {
            assertThat(events).filteredOn(record -> externalId.equals(record.key()))
                    .extracting(record -> TestKafka.header(record, BridgeHeaders.EVENT) + " " + board(record))
                    .containsExactlyInAnyOrder("created vkrabota", "created hh");
        }
    }

    @Test
    void readinessCoversTheVkSessionAndTheState() {
        String ready = jar.get("/observe/health/ready");

        assertThat(ready).contains("\"status\":\"UP\"").contains("vk-session").contains("routes-started").contains("\"name\":\"state\"");
        // the API operations' direct: routes are not checks of their own (camel.health.exclude-pattern)
        assertThat(jar.get("/observe/health")).contains("hh-negotiations-poll").doesNotContain("hh-call")
                .doesNotContain("hh-get-").doesNotContain("hh-create-").doesNotContain("vk-call");
    }

    /** The fat jar holds what finds the JVM's binders (an index of Micrometer's classes) and the bundle's meters. */
    @Test
    void metricsInPrometheusFormat() {
        assertThat(jar.get("/observe/metrics")).contains("# TYPE").contains("camel_exchanges_total")
                .contains("jvm_memory_used_bytes{").contains("process_cpu_usage ")
                .contains("kafka_consumer_fetch_manager_records_lag_max{")
                .contains("bridge_jobs_total{board=\"vkrabota\",event=\"created\"}").contains("bridge_leader 1.0");
    }

    @Test
    void theSandboxListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> other = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst();
        assumeTrue(other.isPresent(), "this machine has no other address to try");

        // health and metrics (and the webhook, whose secret the sandbox publishes) from another host: refused
        assertThatThrownBy(() -> new Socket(other.get(), jar.managementPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThat(jar.get("/observe/health/live")).contains("\"status\":\"UP\"");
    }

    @Test
    void neitherThePasswordNorATokenIsLogged() {
        referenceRecords(jar);

        assertThat(jar.log()).doesNotContain(PASSWORD).doesNotContain("eyJ").contains("Sandbox ready");
    }

    /**
     * The start names the routes that listen, not the direct: steps between them, nor camel-kafka's lines of each
     * consumer's subscription and thread (log4j2.properties, camel.main.startup-summary-level).
     */
    @Test
    void theStartNamesWhatListensAndLeavesOutBookkeeping() {
        referenceRecords(jar);

        assertThat(jar.log()).contains("Routes startup (total:", "Started jobs-from-kafka (kafka://",
                "Started jobs-from-feed (file://").doesNotContain("Started vk-call (direct://", "Subscribing to",
                "resume strategy", "Kafka consumer thread");
    }

    @Test
    @Order(2)
    void wrongCredentialsFromTheEnvironmentGiveOneClearErrorAndReadinessDown() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> wrong.get("/observe/health/ready").contains("credentials refused"));

        assertThat(wrong.get("/observe/health/ready")).contains("\"status\":\"DOWN\"");
        assertThat(wrong.log().lines().filter(line -> line.contains("refused the login"))).hasSize(1);
        assertThat(wrong.log()).doesNotContain("wrong-password");
        // done with: its CPU is the other jars'
        wrong.kill();
    }

    @Test
    @Order(1)
    void injectedFaultsAreRetriedAndTheJarStopsCleanlyOnSigterm() throws Exception {
        faulty.awaitUp(Duration.ofSeconds(120));

        assertThat(referenceRecords(faulty)).extracting(ConsumerRecord::key).contains("profession:3");
        await().atMost(Duration.ofSeconds(60)).until(() -> faulty.log().contains("reference data: "));
        // an outage of the simulated API: one line when it starts (not one per retry)
        assertThat(faulty.log()).contains("API is failing (");
        assertThat(faulty.stop(Duration.ofSeconds(45))).as("exited after SIGTERM").isTrue();
        assertThat(faulty.log()).contains("is shutdown");
        // and one when it ends (ApiHealth): an API's outages start at most once more than they end
        List<String> lines = faulty.log().lines().toList();
        long startedOfAll = 0;
        for (String api : List.of("VK Работа API", "hh.ru API")) {
            long started = lines.stream().filter(line -> line.contains(api + " is failing (")).count();
            long ended = lines.stream().filter(line -> line.contains(api + " answers again, after an outage of "))
                    .count();
            assertThat(started).as("outages of %s started, %d ended", api, ended).isLessThanOrEqualTo(ended + 1);
            startedOfAll += started;
        }
        assertThat(lines).filteredOn(line -> line.contains(" is failing (")).hasSize((int) startedOfAll);
    }

    private static String board(ConsumerRecord<String, String> event) {
        try {
            return MAPPER.readTree(event.value()).path("board").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reference records, as soon as profession 3 is among them (at most a minute). */
    private static List<ConsumerRecord<String, String>> referenceRecords(RunningJar running) {
        return TestKafka.consumeUntil(running.bootstrapServers(), "rabota.reference",
                records -> records.stream().anyMatch(record -> "profession:3".equals(record.key())),
                Duration.ofSeconds(60));
    }
}
