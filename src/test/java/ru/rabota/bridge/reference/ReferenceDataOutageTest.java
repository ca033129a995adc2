package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkReferenceData;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * A type that keeps failing (VK Работа down, Kafka refusing a record): it alone is read again every
 * {@code bridge.reference.missing-retry-interval}, with one WARN line when it starts failing and one INFO line when it
 * is read again, and its list reaches the cache and the topic soon after it can, not after the refresh period.
 */
class ReferenceDataOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VkReferenceData DATA = VkReferenceData.defaults();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aFailingTypeAloneIsReadAgainWithOneWarningAndOneLineWhenItIsBack() throws Exception {
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start(); LogCapture logs = new LogCapture()) {
            vk.faults().onPaths("/professions").failNext(1_000, 503);
            try (TestApplication app = start(vk)) {
                ReferenceData data = cache(app);
                // the read at start and two retries, of two attempts each
                await().atMost(TIMEOUT).until(() -> requests(vk, "/professions") >= 6);
                assertThat(data.isLoaded()).isFalse();
                assertThat(data.isLoaded(ReferenceType.NATIONALITY)).isTrue();

                for (String path : List.of("/categories", "/regions", "/cities", "/nationalities")) {
                    assertThat(requests(vk, path)).as(path + ", read at start only").isEqualTo(1);
                }
                assertThat(logs.lines("WARN", "reference data")).isEqualTo(1);
                assertThat(logs.text()).contains("reference data: professions failed: VK GET /professions -> 503");
                // the summary of the read at start; a retry that reads nothing says nothing
                assertThat(logs.lines("INFO", "reference data")).isEqualTo(1);

                vk.faults().reset();

                await().atMost(TIMEOUT).until(data::isLoaded);
                await().atMost(TIMEOUT).until(() -> logs.lines("INFO", "reference data: 15 professions") == 1);
                assertThat(logs.text()).containsPattern("INFO \\S+ reference data: professions read again, after"
                        + " \\d+ failed reads since 20\\d\\d-");
                assertThat(logs.lines("WARN", "reference data")).isEqualTo(1);
            }
        }
    }

    /**
     * Under the product's retry policy, which retries a transient failure for as long as it takes: categories down
     * for good hold up neither the professions, which job validation waits for, nor the other types.
     */
    @Test
    void oneTypeDownHoldsUpNoOtherUnderTheRetryForever() throws Exception {
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start(); LogCapture logs = new LogCapture()) {
            vk.faults().onPaths("/categories").serverErrors(1.0);
            Map<String, String> properties = new HashMap<>(settings(vk));
            properties.putAll(Map.of("bridge.retry.max-attempts", "0", "bridge.retry.give-up-after", "0s",
                    "bridge.retry.max-delay", "100ms"));
            try (TestApplication app = TestApplication.start(properties)) {
                ReferenceData data = cache(app);

                await().atMost(TIMEOUT).until(data::isLoaded);
                await().atMost(TIMEOUT).until(() -> data.isLoaded(ReferenceType.NATIONALITY));
                assertThat(data.isLoaded(ReferenceType.CATEGORY)).isFalse();
                Map<String, String> titles = DATA.professions().stream().collect(Collectors.toMap(
                        p -> "profession:" + p.id(), VkReferenceData.Profession::title));
                assertThat(publishedTitles(app)).isEqualTo(titles);
                await().atMost(TIMEOUT).until(() -> logs.lines("WARN", "reference data: categories failed") == 1);
                // read first: validation waits for them
                List<String> paths = vk.requests().stream().map(RecordedRequest::path).toList();
                assertThat(paths.indexOf("/professions")).isLessThan(paths.indexOf("/categories"));
            }
        }
    }

    /** Reads retried through an outage that the stop ends: no WARN line each (the stop refused their retries). */
    @Test
    void readsTheStopEndsAreNoFailuresToTellOf() throws Exception {
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start(); LogCapture logs = new LogCapture()) {
            vk.faults().serverErrors(1.0);
            Map<String, String> properties = new HashMap<>(settings(vk));
            properties.putAll(Map.of("bridge.retry.max-attempts", "0", "bridge.retry.give-up-after", "0s",
                    "bridge.retry.max-delay", "100ms"));
            try (TestApplication app = TestApplication.start(properties)) {
                await().atMost(TIMEOUT).until(() -> vk.requests().size() >= 10);
            }
            assertThat(logs.lines("WARN", "reference data")).as(logs.text()).isZero();
        }
    }

    /** A record Kafka refuses (larger than max.request.size) fails the publishing part-way. */
    @Test
    void aListPublishedPartWayReachesTheTopicWholeAtTheNextRetry() throws Exception {
        String tooLarge = "x".repeat(1_100_000);
        VkReferenceData refused = new VkReferenceData(DATA.professions().stream()
                .map(p -> p.id() == 5 ? new VkReferenceData.Profession(5, tooLarge) : p).toList(),
                DATA.categories(), DATA.regions(), DATA.cities(), DATA.nationalities());
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig().referenceData(refused)).start();
                LogCapture logs = new LogCapture(); TestApplication app = start(vk)) {
            await().atMost(TIMEOUT).until(() -> logs.lines("WARN", "reference data: professions failed") >= 1);

            vk.config().referenceData(DATA);

            Map<String, String> titles = DATA.professions().stream().collect(Collectors.toMap(
                    p -> "profession:" + p.id(), VkReferenceData.Profession::title));
            await().atMost(TIMEOUT).until(() -> publishedTitles(app).equals(titles));
            assertThat(logs.text()).contains("reference data: professions read again, after");
        }
    }

    private static TestApplication start(VkSimulator vk) {
        return TestApplication.start(settings(vk));
    }

    private static Map<String, String> settings(VkSimulator vk) {
        return Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.retry.max-attempts", "2",
                "bridge.retry.initial-delay", "10ms",
                // the first retry after the read at start (1 s), which it finds under way or done, whatever the load
                "bridge.reference.missing-retry-interval", "3s");
    }

    private static ReferenceData cache(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("referenceData", ReferenceData.class);
    }

    private static long requests(VkSimulator vk, String path) {
        return vk.requests().stream().filter(r -> r.path().equals(path)).count();
    }

    /** The title of each profession on rabota.reference, its last record's. */
    private static Map<String, String> publishedTitles(TestApplication app) {
        List<ConsumerRecord<String, String>> records = TestKafka.consumeUntilQuiet(app.topic(Topic.REFERENCE),
                Duration.ofMillis(500), TIMEOUT);
        return records.stream().filter(r -> r.key().startsWith("profession:")).collect(Collectors.toMap(
                ConsumerRecord::key, r -> title(r.value()), (older, newer) -> newer));
    }

    private static String title(String value) {
        try {
            return JSON.readTree(value).path("title").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
