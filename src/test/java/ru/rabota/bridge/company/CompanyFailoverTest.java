package ru.rabota.bridge.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.cluster.KafkaClusterService;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.MovableClock;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Two instances in one JVM, elected through Kafka, polling one VK simulator: a leader whose company poll stands still
 * (here at GET /company, as a frozen process would anywhere) while the other instance takes over, and then goes on,
 * sends nothing. A real frozen process: {@code ru.rabota.bridge.it.ClusterFailoverIT}.
 */
class CompanyFailoverTest {

    private final String prefix = TestKafka.uniquePrefix(getClass());

    /**
     * The second instance polls once when it takes over (its interval is an hour), so that any later record is the
     * first's. Before, the first went on as if it still led: it sent the company and cleared the balance alert the
     * second had raised, and a stale read (one made before its standstill) would have gone out the same way.
     */
    @Test
    void aFormerLeaderWhosePollGoesOnAfterTheTakeoverSendsNothing() throws Exception {
        AtomicBoolean stallNext = new AtomicBoolean();
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // stopped: nothing changes between two polls but what the test changes
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig().clock(MovableClock.stopped())).start();
                LogCapture logs = new LogCapture()) {
            vk.faults().beforeEach(path -> {
                if (path.equals("/company") && stallNext.compareAndSet(true, false)) {
                    stalled.countDown();
                    Latches.awaitQuietly(resume, Duration.ofSeconds(60));
                }
            });
            String topic = Topic.COMPANY.topicName(prefix);
            try (TestApplication first = TestApplication.start(instance(vk, "1s"))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> leadership(first).isLeader());
                await().atMost(Duration.ofSeconds(30)).until(() -> balances(topic).contains("100000"));
                try (TestApplication second = TestApplication.start(instance(vk, "1h"))) {
                    stallNext.set(true);
                    assertThat(stalled.await(30, TimeUnit.SECONDS)).as("the first instance's next poll").isTrue();

                    // the balance falls below the threshold; the first instance stops leading, the second takes over
                    vk.state().setBalance("1000000.0");
                    first.context().hasService(KafkaClusterService.class).stop();
                    await().atMost(Duration.ofSeconds(30)).until(() -> leadership(second).isLeader());
                    await().atMost(Duration.ofSeconds(30)).until(() -> alerts(topic).contains("company.alert"));

                    // the balance rises again, and the first instance's poll goes on
                    vk.state().setBalance("10000000.0");
                    resume.countDown();
                    List<ConsumerRecord<String, String>> sent = TestKafka.consumeUntilQuiet(topic,
                            Duration.ofSeconds(3), Duration.ofSeconds(30));
                    assertThat(values(sent, "alert:balance", "/event")).containsExactly("company.alert");
                    assertThat(values(sent, "company", "/balance_rub")).containsExactly("100000", "10000");
                    assertThat(logs.lines("WARN", "Company poll failed, the next poll repeats it: this instance is"
                            + " not the active poller")).isOne();
                }
            } finally {
                resume.countDown();
            }
        }
    }

    private Map<String, String> instance(VkSimulator vk, String pollInterval) {
        Map<String, String> properties = new HashMap<>(Map.of(
                Topic.PREFIX_PROPERTY, prefix,
                "bridge.cluster.enabled", "true",
                // a session of 3 s, which a loaded machine keeps
                "bridge.cluster.failover-timeout", "9s",
                "bridge.company.poll-interval", pollInterval,
                "bridge.company.poll-delay", "1s",
                "bridge.company.alert.balance", "50000",
                // the route of a stopped leader stops once its run is over, however long: a frozen process's run is
                // not interrupted either
                "camel.main.shutdown-timeout", "60"));
        properties.putAll(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password()));
        return properties;
    }

    private static PollerLeadership leadership(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("pollerLeadership", PollerLeadership.class);
    }

    /** The balance (roubles) of each {@code company} record the topic holds, in the order sent. */
    private static List<String> balances(String topic) {
        return values(TestKafka.consume(topic, Integer.MAX_VALUE, Duration.ofSeconds(1)), "company", "/balance_rub");
    }

    /** The event of each {@code alert:balance} record the topic holds, in the order sent. */
    private static List<String> alerts(String topic) {
        return values(TestKafka.consume(topic, Integer.MAX_VALUE, Duration.ofSeconds(1)), "alert:balance", "/event");
    }

    /** A field of the records of one key, in the order sent. */
    private static List<String> values(List<ConsumerRecord<String, String>> records, String key, String field) {
        return records.stream().filter(record -> record.key().equals(key)).map(ConsumerRecord::value)
                .map(value -> CommandJson.parse(value).tree().at(field).asText()).toList();
    }
}
