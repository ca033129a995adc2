package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.bridge.vas.SpendingGuard;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Paid commands stream in while the election group rebalances with a member frozen (SIGSTOP, in a JVM of its own)
 * and another joining: the leader hears nothing from the group's coordinator for longer than its lease, stops
 * leading for that while (its paid route stops, the commands not started are left) and leads again as the rebalance
 * ends with the lead still its own. Each command is carried out once all the same: one result each, {@code ok}, one
 * paid call each, each counted once, no dead letter, and no WARN line for the commands left. Seen here: the lead read
 * lost for about 5 s, one poll's commands were left (one INFO line), and the commands of that while waited up to
 * about 11 s for their results.
 */
class PaidCommandsThroughElectionRebalanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int COMMANDS = 30;
    /** What the simulator charges for a highlight, in roubles. */
    private static final BigDecimal HIGHLIGHT = new BigDecimal(300);

    private final String prefix = TestKafka.uniquePrefix(getClass());

    @Test
    void eachPaidCommandIsCarriedOutOnceThoughTheLeadLapsesInTheRebalance(@TempDir Path dir) throws Exception {
        String group = prefix + "rabota-bridge-leader-rabota-bridge-pollers";
        String topic = Topic.CLUSTER_LEADER.topicName(prefix);
        try (LogCapture logs = new LogCapture(); VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start()) {
            // a job of its own per command: VK's paid calls tell which command each was
            List<String> jobs = IntStream.range(0, COMMANDS)
                    .mapToObj(i -> String.valueOf(vk.state().addJob("Курьер", "HR-" + i).id())).toList();
            BigDecimal balance = new BigDecimal(vk.state().company().balanceText());
            // slower than the commands come: at the lapse, calls are under way and commands wait behind them
            vk.faults().latency(400);
            try (TestApplication app = TestApplication.start(PaidInstance.properties(prefix, vk))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> leadership(app).isLeader()
                        && app.context().getRouteController().getRouteStatus("paid-commands-from-kafka")
                                == ServiceStatus.Started
                        && TestKafka.stableMembers(prefix + "rabota-bridge-commands") == 2);
                // its session of 8 s holds the next rebalance up to 8 s, the leader's lease is 2 s
                Process stalled = GroupMember.inJvmOfItsOwn(TestKafka.bootstrapServers(), group, topic,
                        Duration.ofSeconds(8), dir.resolve("member.log"));
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.stableMembers(group) == 2);
                    CompletableFuture<Void> commands = CompletableFuture.runAsync(() -> IntStream.range(0, COMMANDS)
                            .forEach(i -> {
                                command(i, jobs.get(i));
                                pause(150);
                            }));
                    GroupMember.freeze(stalled);
                    try (GroupMember joining = new GroupMember(TestKafka.bootstrapServers(), group, topic,
                            Duration.ofSeconds(8))) {
                        commands.join();
                        String resultsTopic = Topic.VAS_RESULTS.topicName(prefix);
                        TestKafka.consume(resultsTopic, COMMANDS, Duration.ofSeconds(60));
                        // and none more
                        List<ConsumerRecord<String, String>> results = TestKafka.consumeUntilQuiet(resultsTopic,
                                Duration.ofSeconds(2), Duration.ofSeconds(20));

                        assertThat(results).extracting(result -> json(result).path("request_id").asText())
                                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, COMMANDS)
                                        .mapToObj(i -> "r-" + i).toList());
                        assertThat(results).extracting(result -> json(result).path("outcome").asText())
                                .as(logs.text()).containsOnly("ok");
                        assertThat(vk.requests()).filteredOn(request -> request.path().endsWith("/paid_actions"))
                                .extracting(request -> MAPPER.readTree(request.body()).at("/actions/0/job_id").asText())
                                .containsExactlyInAnyOrderElementsOf(jobs);
                        BigDecimal spent = HIGHLIGHT.multiply(BigDecimal.valueOf(COMMANDS));
                        assertThat(balance.subtract(new BigDecimal(vk.state().company().balanceText())))
                                .as("kopecks").isEqualByComparingTo(spent.movePointRight(2));
                        assertThat(guard(app).spentToday()).isEqualTo(spent.doubleValue());
                        assertThat(TestKafka.consumeUntilQuiet(Topic.DLQ.topicName(prefix), Duration.ofSeconds(1),
                                Duration.ofSeconds(10))).isEmpty();

                        // the lead lapsed once, in the rebalance, and stayed here: no second rebalance
                        assertThat(logs.lines("INFO", "in a rebalance")).as(logs.text()).isEqualTo(1);
                        assertThat(logs.lines("INFO", "rejoining the group")).as(logs.text()).isZero();
                        assertThat(leadership(app).isLeader()).isTrue();
                        assertThat(joining.generations()).hasSize(1);
                        // commands were left at the lapse: INFO lines, no WARN
                        assertThat(logs.lines("INFO", "commands of a poll went to another instance"))
                                .as(logs.text()).isPositive();
                        assertThat(logs.bridgeLines("WARN", "")).as(logs.text()).isZero();
                        assertThat(logs.bridgeLines("ERROR", "")).as(logs.text()).isZero();
                    }
                } finally {
                    stalled.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** A highlight of the job, from one of two employers: two lanes of commands, each in order. */
    private void command(int i, String job) {
        TestKafka.send(Topic.VAS_COMMANDS.topicName(prefix), "employer-" + i % 2, "{\"request_id\":\"r-" + i
                + "\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + job + "\"}]}");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return MAPPER.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PollerLeadership leadership(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("pollerLeadership", PollerLeadership.class);
    }

    private static SpendingGuard guard(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }
}
