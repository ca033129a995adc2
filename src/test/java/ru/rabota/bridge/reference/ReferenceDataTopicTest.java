package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkReferenceData;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * What rabota.reference holds after refreshes and restarts: each record once while it stays the same, its new value
 * when it changed, and a tombstone (null value) when VK Работа no longer lists it, so that the compacted topic holds
 * the dictionaries as they are.
 */
class ReferenceDataTopicTest {

    private static final VkReferenceData DATA = VkReferenceData.defaults();
    private static final int EVERY_RECORD = 4 + 15 + 6 + 6 + 12;
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String prefix = TestKafka.uniquePrefix(getClass());
    private VkSimulator vk;

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    @Test
    void aRefreshPublishesWhatChangedAndTombstonesWhatVanished() throws Exception {
        vk = new VkSimulator(new VkSimulatorConfig()).start();
        try (TestApplication app = start()) {
            assertThat(published()).hasSize(EVERY_RECORD);

            refresh(app);
            assertThat(published()).as("nothing changed: nothing again").hasSize(EVERY_RECORD);

            vk.config().referenceData(new VkReferenceData(
                    without(DATA.withProfession(3, "курьер пеший").professions(), p -> p.id() == 93),
                    DATA.categories(), DATA.regions(), without(DATA.cities(), c -> c.id() == 4), DATA.nationalities()));
            refresh(app);

            List<ConsumerRecord<String, String>> after = published();
            List<ConsumerRecord<String, String>> changes = after.subList(EVERY_RECORD, after.size());
            assertThat(changes).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("profession:3", "profession:93", "city:4");
            assertThat(value(changes, "profession:3")).contains("\"title\":\"курьер пеший\"");
            assertThat(value(changes, "profession:93")).isNull();
            assertThat(value(changes, "city:4")).isNull();
            assertThat(changes).allSatisfy(record -> assertThat(TestKafka.header(record, BridgeHeaders.EVENT))
                    .isEqualTo("reference." + record.key().substring(0, record.key().indexOf(':'))));
            ReferenceData cache = app.context().getRegistry().lookupByNameAndType("referenceData",
                    ReferenceData.class);
            assertThat(cache.exists(93)).isFalse();
        }
    }

    /** The first refresh after a start compares with what the topic holds, not with an empty cache. */
    @Test
    void aStartPublishesOnlyWhatChangedWhileTheBridgeWasDown() throws Exception {
        vk = new VkSimulator(new VkSimulatorConfig()).start();
        try (TestApplication app = start()) {
            assertThat(published()).hasSize(EVERY_RECORD);
        }
        vk.config().referenceData(new VkReferenceData(DATA.professions(), DATA.categories(), DATA.regions(),
                DATA.cities(), without(DATA.nationalities(), n -> n.id() == 13)));

        try (TestApplication app = start()) {
            List<ConsumerRecord<String, String>> after = published();
            assertThat(after.subList(EVERY_RECORD, after.size())).extracting(ConsumerRecord::key)
                    .containsExactly("nationality:13");
            assertThat(after.get(after.size() - 1).value()).isNull();
        }
    }

    /** Started, and its read at start done. */
    private TestApplication start() {
        try (LogCapture logs = new LogCapture()) {
            TestApplication app = TestApplication.start(Map.of(
                    Topic.PREFIX_PROPERTY, prefix,
                    "bridge.vk.base-url", vk.baseUrl(),
                    "bridge.vk.login", vk.config().login(),
                    "bridge.vk.password", vk.config().password()));
            await().atMost(TIMEOUT).until(() -> logs.lines("INFO", "reference data: 4 categories") == 1);
            return app;
        }
    }

    private static void refresh(TestApplication app) {
        app.template().requestBody("direct:reference-refresh", (Object) null);
    }

    private List<ConsumerRecord<String, String>> published() {
        return TestKafka.consumeUntilQuiet(Topic.REFERENCE.topicName(prefix), QUIET, TIMEOUT);
    }

    private static String value(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().value();
    }

    private static <T> List<T> without(List<T> list, Predicate<T> gone) {
        List<T> kept = new ArrayList<>(list);
        kept.removeIf(gone);
        return kept;
    }
}
