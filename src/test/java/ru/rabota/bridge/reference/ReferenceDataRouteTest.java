package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkReferenceData;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The route reference-data in the real application against the VK Работа simulator and the test broker: what it
 * publishes, what the cache answers, and how it copes with a failing type. The simulator pages its lists by 2, so
 * that cities and nationalities take several pages.
 */
class ReferenceDataRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VkReferenceData DATA = VkReferenceData.defaults();
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static VkSimulator vk;
    private static TestApplication app;
    /** The line and the records of the read at start, kept before any test refreshes. */
    private static String startLine;
    private static List<ConsumerRecord<String, String>> atStart;

    @BeforeAll
    static void start() throws Exception {
        vk = new VkSimulator(new VkSimulatorConfig().defaultPageSize(2)).start();
        LogCapture logs = new LogCapture();
        app = TestApplication.start(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                // the tests refresh when they need to: no retry of a type a test failed beside the next test
                "bridge.reference.missing-retry-interval", "1h",
                "bridge.retry.initial-delay", "10ms",
                "bridge.retry.max-delay", "50ms"));
        try (logs) {
            await().atMost(TIMEOUT).until(() -> logs.lines("INFO", "reference data: ") == 1);
            startLine = Stream.of(logs.text().split("\n"))
                    .filter(line -> line.startsWith("INFO ") && line.contains("reference data: ")).findFirst()
                    .orElseThrow();
        }
        atStart = published();
    }

    @AfterAll
    static void stop() {
        app.close();
        vk.close();
    }

    /** A test that failed a type leaves it read again, so that the next test's failure of it is news again. */
    @AfterEach
    void noFaults() {
        vk.faults().reset();
        refresh();
    }

    @Test
    void everyTypeIsReadAtStartAndPublishedKeyedByTypeAndId() throws Exception {
        assertThat(startLine).contains("reference data: 4 categories, 15 professions, 6 regions, 6 cities, "
                + "12 nationalities");

        List<ConsumerRecord<String, String>> records = atStart;

        List<String> everyKey = Stream.of(
                DATA.categories().stream().map(c -> "category:" + c.resourceId()),
                DATA.professions().stream().map(p -> "profession:" + p.id()),
                DATA.regions().stream().map(r -> "region:" + r.fiasId()),
                DATA.cities().stream().map(c -> "city:" + c.id()),
                DATA.nationalities().stream().map(n -> "nationality:" + n.id())).flatMap(keys -> keys).toList();
        // each once, as read at start (before any test refreshed)
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(everyKey);
        for (ConsumerRecord<String, String> record : records) {
            String type = record.key().substring(0, record.key().indexOf(':'));
            assertThat(TestKafka.header(record, BridgeHeaders.EVENT)).isEqualTo("reference." + type);
            assertThat(JSON.readTree(record.value()).path("type").asText()).isEqualTo(type);
        }
        assertThat(value(records, "profession:3")).isEqualTo(JSON.readTree(
                "{\"id\":3,\"title\":\"курьер\",\"type\":\"profession\"}"));
        assertThat(value(records, "city:191657470")).isEqualTo(JSON.readTree(
                "{\"id\":\"191657470\",\"type\":\"city\",\"region_id\":19,\"name\":\"Абакан\"}"));
        assertThat(value(records, "region:0c5b2444-70a0-4932-980c-b4dc0d3f02b5").path("name").asText())
                .isEqualTo("Москва");
        assertThat(value(records, "nationality:5").path("name").asText()).isEqualTo("Армения");
        assertThat(value(records, "category:2").path("name").asText()).isEqualTo("Магазины");
        // the document's second category: resource id "2", attribute id 10
        assertThat(value(records, "category:2").path("category_id").asInt()).isEqualTo(10);
    }

    @Test
    void theCacheAnswersValidationAndMapping() {
        ReferenceData cache = cache();

        assertThat(cache.isLoaded()).isTrue();
        assertThat(cache.idOf("Курьер ")).hasValue(3);
        assertThat(cache.idOf("go-go dance")).hasValue(87);
        assertThat(cache.idOf("курьер-экспедитор")).isEmpty();
        assertThat(cache.exists(85)).isTrue();
        assertThat(cache.exists(999)).isFalse();
        assertThat(cache.get(ReferenceType.NATIONALITY, "5").map(record -> record.path("name").asText()))
                .hasValue("Армения");
        assertThat(cache.get(ReferenceType.CITY, "1").map(city -> city.path("name").asText())).hasValue("Москва");
        assertThat(cache.get(ReferenceType.REGION, "c2deb16a-0330-4f05-821f-1d09c93331e6")
                .map(r -> r.path("name").asText()))
                .hasValue("Санкт-Петербург");
        assertThat(cache.get(ReferenceType.CATEGORY, "1").map(c -> c.path("salary_to").asInt())).hasValue(150000);
    }

    /** As the document asks for them, without paging parameters; then the pages the answers' links announce. */
    @Test
    void pagedListsAreReadInTheServicesOwnPages() {
        vk.clearRequests();

        refresh();

        assertThat(pagesRequested("/cities")).containsExactly(null, "2", "3");
        assertThat(pagesRequested("/nationalities")).containsExactly(null, "2", "3", "4", "5", "6");
        assertThat(vk.requests()).filteredOn(r -> r.path().equals("/cities") || r.path().equals("/nationalities"))
                .allSatisfy(r -> assertThat(r.param("page[size]")).isNull());
    }

    /**
     * {@code GET /cities} as the document prints it: every city in one answer, without links. Asked for with
     * {@code page[size]}, such a service's whole list came back again as page 2, and cities were never read.
     */
    @Test
    void citiesAnsweredAtOnceWithoutLinksAreReadInOneCall() {
        vk.config().citiesUnpaged(true);
        try {
            vk.clearRequests();

            refresh();

            assertThat(vk.requests()).filteredOn(r -> r.path().equals("/cities")).singleElement()
                    .satisfies(r -> assertThat(r.query()).isEmpty());
            assertThat(DATA.cities()).allSatisfy(city -> assertThat(
                    cache().get(ReferenceType.CITY, String.valueOf(city.id())))
                    .as("city %s", city.id()).isPresent());
        } finally {
            vk.config().citiesUnpaged(false);
        }
    }

    /** The scheduled refresh and the retry of the types due both start here: never two side by side. */
    @Test
    void aRefreshUnderWayMakesAnotherSkip() throws Exception {
        CountDownLatch categoriesAsked = new CountDownLatch(1);
        vk.faults().beforeEach(path -> {
            if (path.equals("/categories") && categoriesAsked.getCount() > 0) {
                categoriesAsked.countDown();
                sleep(Duration.ofSeconds(2));
            }
        });
        vk.clearRequests();

        try (LogCapture refreshLogs = new LogCapture()) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(ReferenceDataRouteTest::refresh);
            assertThat(categoriesAsked.await(10, TimeUnit.SECONDS)).isTrue();
            long second = System.nanoTime();
            refresh();
            assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(Duration.ofSeconds(1));
            first.get(30, TimeUnit.SECONDS);

            assertThat(refreshLogs.lines("INFO", "reference data: ")).isEqualTo(1);
        }
        for (String path : List.of("/categories", "/professions", "/regions")) {
            assertThat(vk.requests()).filteredOn(r -> r.path().equals(path)).as(path).hasSize(1);
        }
    }

    @Test
    void aServerErrorOnProfessionsIsRetriedAndTheListArrives() {
        vk.clearRequests();
        vk.faults().onPaths("/professions").failNext(2, 503);
        long before = System.currentTimeMillis();

        try (LogCapture refreshLogs = new LogCapture()) {
            refresh();

            assertThat(refreshLogs.text()).contains("reference data: 4 categories, 15 professions, 6 regions, "
                    + "6 cities, 12 nationalities");
        }
        assertThat(vk.requests()).filteredOn(r -> r.path().equals("/professions"))
                .extracting(RecordedRequest::status).containsExactly(503, 503, 200);
        // the same list as the topic holds: nothing again
        assertThat(publishedSince(before)).isEmpty();
    }

    @Test
    void professionsRefusedLeaveTheOtherTypesTheRouteAndThePreviousList() {
        ReferenceData cache = cache();
        vk.faults().onPaths("/professions").failNext(1, 422);
        long before = System.currentTimeMillis();

        try (LogCapture refreshLogs = new LogCapture()) {
            refresh();

            assertThat(refreshLogs.lines("WARN", "")).isEqualTo(1);
            assertThat(refreshLogs.text()).contains("WARN ru.rabota.bridge.reference.ReferenceRefreshes reference data:"
                    + " professions failed: VK GET /professions -> 422 Simulated failure 422");
            assertThat(refreshLogs.text()).contains("reference data: 4 categories, professions failed, 6 regions, "
                    + "6 cities, 12 nationalities");
        }
        // the others unchanged, and the professions neither published nor removed
        assertThat(publishedSince(before)).isEmpty();
        assertThat(cache.exists(85)).isTrue();
        assertThat(cache.idOf("курьер")).hasValue(3);
        assertThat(app.context().getRouteController().getRouteStatus("reference-data")).isEqualTo(ServiceStatus.Started);
    }

    /**
     * An answer without the list (VK changed its shape) is no list of none: the professions stay, and so does
     * every job command they validate.
     */
    @Test
    void aProfessionAnswerWithoutItsListKeepsThePreviousList() {
        vk.faults().onPaths("/professions").answerNext(1, "{\"data\":[{\"id\":3,\"title\":\"курьер\"}]}");

        try (LogCapture refreshLogs = new LogCapture()) {
            refresh();

            assertThat(refreshLogs.lines("WARN", "")).isEqualTo(1);
            assertThat(refreshLogs.text()).contains("reference data: professions failed: the professions answer has no"
                    + " 'professions' list (its fields: [data])");
            assertThat(refreshLogs.text()).contains("reference data: 4 categories, professions failed, 6 regions, "
                    + "6 cities, 12 nationalities");
        }
        assertThat(cache().size(ReferenceType.PROFESSION)).isEqualTo(15);
        assertThat(cache().exists(85)).isTrue();
    }

    @Test
    void aProfessionWithoutIdIsSkippedAndTheOthersRead() {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("professions");
        DATA.professions().forEach(p -> list.addObject().put("id", p.id()).put("title", p.title()));
        list.insertObject(1).put("title", "без номера");
        vk.faults().onPaths("/professions").answerNext(1, answer.toString());

        try (LogCapture refreshLogs = new LogCapture()) {
            refresh();

            assertThat(refreshLogs.lines("WARN", "")).isEqualTo(1);
            assertThat(refreshLogs.text()).contains("reference data: 1 profession without id skipped (15 kept): "
                    + "[{\"title\":\"без номера\",\"type\":\"profession\"}]");
            assertThat(refreshLogs.text()).contains("reference data: 4 categories, 15 professions, 6 regions, "
                    + "6 cities, 12 nationalities");
        }
        assertThat(cache().size(ReferenceType.PROFESSION)).isEqualTo(15);
    }

    @Test
    void anEmptyCityListKeepsThePreviousList() {
        vk.faults().onPaths("/cities").answerNext(1, "{\"data\":[],\"links\":{}}");

        try (LogCapture refreshLogs = new LogCapture()) {
            refresh();

            assertThat(refreshLogs.text()).contains("reference data: cities failed: the cities answer's list is empty");
        }
        assertThat(cache().size(ReferenceType.CITY)).isEqualTo(6);
    }

    @Test
    void aFailedPageFailsItsListOnly() {
        vk.faults().onPaths("/cities").failNext(1, 422);

        try (LogCapture refreshLogs = new LogCapture()) {
            refresh();

            assertThat(refreshLogs.lines("WARN", "")).isEqualTo(1);
            assertThat(refreshLogs.errorsExceptKafkaClientShutdown()).isZero();
            assertThat(refreshLogs.text()).contains("reference data: cities failed: VK GET /cities -> 422");
            assertThat(refreshLogs.text()).contains("reference data: 4 categories, 15 professions, 6 regions, "
                    + "cities failed, 12 nationalities");
        }
        assertThat(cache().get(ReferenceType.CITY, "191657470")).isPresent();
    }

    private static void refresh() {
        app.template().requestBody("direct:reference-refresh", (Object) null);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ReferenceData cache() {
        return app.context().getRegistry().lookupByNameAndType("referenceData", ReferenceData.class);
    }

    private List<String> pagesRequested(String path) {
        return vk.requests().stream().filter(r -> r.path().equals(path)).map(r -> r.param("page[number]")).toList();
    }

    private static List<ConsumerRecord<String, String>> published() {
        return TestKafka.consumeUntilQuiet(app.topic(Topic.REFERENCE), QUIET, TIMEOUT);
    }

    /** Records written by a refresh that started at {@code millis} (the producer stamps them). */
    private static List<ConsumerRecord<String, String>> publishedSince(long millis) {
        return published().stream().filter(r -> r.timestamp() >= millis).toList();
    }

    private static JsonNode value(List<ConsumerRecord<String, String>> records, String key) throws Exception {
        return JSON.readTree(records.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().value());
    }
}
