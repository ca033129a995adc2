package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkCandidate;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The fat jar killed (kill -9) while VK Работа holds its first phone read: the spending guard admitted the read
 * (its intent and reservation are in {@code rabota.state.vas}) and no result was recorded. Reading a phone again is
 * safe (VK buys a contact once), so the jar started again reads it again and answers {@code ok} with the phone,
 * counting the contact once in the day, whether the killed jar's read bought it or the new one's did. A VAS paid
 * action killed alike is not sent again (VK would charge twice): {@code failed} with the outcome unknown. Broker and
 * simulator live in the test JVM.
 */
class KilledWhileReadingPhoneIT {

    /** What the bundle counts a contact at while VK has reported no price: the document's contact_view price. */
    private static final int CONTACT_PRICE = 1500;
    private static final Pattern SPEND = Pattern.compile("(?m)^bridge_spend_today_rub(?:\\{[^}]*})? (\\S+)$");

    private final String prefix = TestKafka.uniquePrefix(getClass());
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private VkSimulator vk;
    private RunningJar jar;

    @BeforeEach
    void startSimulator() throws IOException {
        vk = new VkSimulator(new VkSimulatorConfig()).start();
    }

    @AfterEach
    void stop() throws Exception {
        released.countDown();
        if (jar != null) {
            jar.close();
        }
        vk.close();
    }

    @Test
    void aReadWhoseContactTheKilledJarBoughtIsReadAgainAndCountedOnce() throws Exception {
        VkCandidate candidate = vk.seedCandidates(1).get(0);
        holdFirst("/phone", false);

        killDuringTheFirstCall(Topic.CANDIDATES_COMMANDS, "p-kill-bought", readPhone("p-kill-bought", candidate),
                Topic.CANDIDATES_RESULTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> vk.state().contactBought(candidate.id()));
        JsonNode result = resultAfterARestart(Topic.CANDIDATES_RESULTS, "p-kill-bought");

        assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.at("/response/phone").asText()).isEqualTo(candidate.phone());
        assertThat(result.at("/response/already_contacted").asBoolean()).as("bought by the killed jar's read")
                .isTrue();
        assertThat(calls.get()).as("the read before the kill and the one after the restart").isEqualTo(2);
        assertThat(spentToday()).as("the contact counted once").isEqualTo(CONTACT_PRICE);
    }

    @Test
    void aReadTheKilledJarNeverGotToVkIsReadAfterTheRestartAndCountedOnce() throws Exception {
        VkCandidate candidate = vk.seedCandidates(1).get(0);
        holdFirst("/phone", true);

        killDuringTheFirstCall(Topic.CANDIDATES_COMMANDS, "p-kill-unsent", readPhone("p-kill-unsent", candidate),
                Topic.CANDIDATES_RESULTS);
        JsonNode result = resultAfterARestart(Topic.CANDIDATES_RESULTS, "p-kill-unsent");

        assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.at("/response/phone").asText()).isEqualTo(candidate.phone());
        assertThat(result.at("/response/already_contacted").asBoolean()).as("bought by the read after the restart")
                .isFalse();
        assertThat(vk.state().contactBought(candidate.id())).isTrue();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(spentToday()).as("the contact counted once, not reserved again").isEqualTo(CONTACT_PRICE);
    }

    @Test
    void aPaidActionTheKilledJarSentIsNotSentAgainAndEndsWithItsOutcomeUnknown() throws Exception {
        long jobId = vk.state().addJob("Курьер", "HR-1").id();
        holdFirst("/paid_actions", false);
        String command = "{\"request_id\":\"r-kill\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\""
                + jobId + "\"}]}";

        killDuringTheFirstCall(Topic.VAS_COMMANDS, "r-kill", command, Topic.VAS_RESULTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> vk.state().transactions().size() == 1);
        JsonNode result = resultAfterARestart(Topic.VAS_RESULTS, "r-kill");

        assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("failed");
        assertThat(result.path("detail").asText()).isEqualTo("outcome unknown after a restart, check vas_transactions");
        assertThat(calls.get()).as("sent once, before the kill").isEqualTo(1);
        assertThat(vk.state().transactions()).hasSize(1);
    }

    private static String readPhone(String requestId, VkCandidate candidate) {
        return "{\"command\":\"read_phone\",\"request_id\":\"" + requestId + "\",\"user_id\":\"" + candidate.id()
                + "\"}";
    }

    /**
     * The first call to the path waits in the simulator until the test releases it; then VK carries it out (its answer
     * goes to the killed jar, lost), or, {@code lost}, it never reaches VK (the simulator answers 500, nothing bought).
     * {@link #calls} counts them.
     */
    private void holdFirst(String pathEnd, boolean lost) {
        vk.faults().beforeEach(path -> {
            if (path.endsWith(pathEnd) && calls.incrementAndGet() == 1) {
                arrived.countDown();
                try {
                    released.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (lost) {
                    throw new IllegalStateException("this read never reached VK");
                }
            }
        });
    }

    private void killDuringTheFirstCall(Topic commands, String requestId, String command, Topic results)
            throws Exception {
        jar = RunningJar.start(properties());
        TestKafka.send(commands.topicName(prefix), requestId, command);
        assertThat(arrived.await(120, TimeUnit.SECONDS)).as("the jar's call reached the simulator").isTrue();
        jar.kill();
        released.countDown();
        assertThat(results(results)).as("the killed jar answered nothing").isEmpty();
    }

    private JsonNode resultAfterARestart(Topic topic, String requestId) throws Exception {
        jar = RunningJar.start(properties());
        await().atMost(Duration.ofSeconds(120)).until(() -> !results(topic).isEmpty());
        List<JsonNode> results = values(TestKafka.consumeUntilQuiet(topic.topicName(prefix),
                Duration.ofSeconds(3), Duration.ofSeconds(60)));
        assertThat(results).as("one result").hasSize(1);
        assertThat(results.get(0).path("request_id").asText()).isEqualTo(requestId);
        return results.get(0);
    }

    /** {@code bridge_spend_today_rub} of the running jar. */
    private double spentToday() {
        Matcher spend = SPEND.matcher(jar.get("/observe/metrics"));
        assertThat(spend.find()).as("bridge_spend_today_rub is served").isTrue();
        return Double.parseDouble(spend.group(1));
    }

    private Map<String, String> properties() {
        Map<String, String> properties = RunningJar.toKill(prefix, vk.baseUrl());
        properties.putAll(Map.of("bridge.vas.contacts.enabled", "true",
                "bridge.vas.daily-budget", "5000",
                "bridge.vas.default-price", String.valueOf(CONTACT_PRICE),
                "bridge.company.poll-delay", "1h"));
        return properties;
    }

    /** The results so far, read committed as the README asks of their readers. */
    private List<JsonNode> results(Topic topic) {
        return values(TestKafka.consume(topic.topicName(prefix), Integer.MAX_VALUE, Duration.ofMillis(500)));
    }

    private static List<JsonNode> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().<JsonNode>map(record -> CommandJson.parse(record.value()).tree()).toList();
    }
}
