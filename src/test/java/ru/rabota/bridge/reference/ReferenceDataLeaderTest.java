package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkReferenceData;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Two instances in cluster mode: each reads the reference data into its own cache (its job validation needs it), and
 * only the poll leader publishes to rabota.reference; an instance that becomes the leader publishes what the topic
 * lacks at its next retry.
 */
class ReferenceDataLeaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String prefix = TestKafka.uniquePrefix(getClass());

    @Test
    void onlyTheLeaderPublishesAndEveryInstanceReads() throws Exception {
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start(); LogCapture logs = new LogCapture()) {
            TestApplication first = TestApplication.start(instance(vk));
            try (TestApplication second = startSecondAfter(first, vk, logs)) {
                ReferenceData secondCache = cache(second);
                assertThat(secondCache.exists(99)).isTrue();
                assertThat(leadership(second).isLeader()).isFalse();
                assertThat(keys()).as("published by the leader only, which has not read it yet")
                        .doesNotContain("profession:99");

                first.close();

                await().atMost(TIMEOUT).until(() -> leadership(second).isLeader());
                await().atMost(TIMEOUT).until(() -> keys().contains("profession:99"));
            } finally {
                first.close();
            }
        }
    }

    /** The first leads and published; VK then lists one more profession, which the second reads at its start. */
    private TestApplication startSecondAfter(TestApplication first, VkSimulator vk, LogCapture logs) {
        await().atMost(TIMEOUT).until(() -> leadership(first).isLeader());
        await().atMost(TIMEOUT).until(() -> keys().size() == 4 + 15 + 6 + 6 + 12);
        vk.config().referenceData(VkReferenceData.defaults().withProfession(99, "сомелье"));
        TestApplication second = TestApplication.start(instance(vk));
        await().atMost(TIMEOUT).until(() -> logs.lines("INFO", "reference data: 4 categories, 16 professions") == 1);
        return second;
    }

    private Map<String, String> instance(VkSimulator vk) {
        return Map.of(Topic.PREFIX_PROPERTY, prefix,
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.cluster.enabled", "true",
                // a session of 3 s, which a loaded machine keeps
                "bridge.cluster.failover-timeout", "9s",
                "bridge.reference.missing-retry-interval", "1s");
    }

    private List<String> keys() {
        return TestKafka.consumeUntilQuiet(Topic.REFERENCE.topicName(prefix), Duration.ofMillis(500), TIMEOUT)
                .stream().map(ConsumerRecord::key).toList();
    }

    private static ReferenceData cache(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("referenceData", ReferenceData.class);
    }

    private static PollerLeadership leadership(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("pollerLeadership", PollerLeadership.class);
    }
}
