package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.feed.FeedProcessor;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkJob;

/**
 * Kafka stopped while a feed is published (README, "CSV feeds": the feed stays in the inbox and is tried again). The
 * bundle runs against a broker of this test's own, not the shared {@link TestKafka} one, which is stopped when the
 * rows are in flight and started again on the same port with the same data. The bundle's Kafka and state timeouts are
 * a few seconds here, so that the outage outlasts them.
 */
class FeedKafkaOutageTest extends FeedTestSupport {

    private static final int ROWS = 12;
    /** Job requests VK Работа answers before the broker goes; the next ones wait until it is gone. */
    private static final int BEFORE_OUTAGE = 4;

    private final int kafkaPort = FreePort.next();
    /** Closed after the bundle ({@code @AutoClose} runs after every {@code @AfterAll}). */
    @AutoClose
    private KafkaBroker broker;

    @Override
    protected void start() {
        if (broker == null) {
            broker = KafkaBroker.start(kafkaPort, kafka());
        }
        super.start();
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("camel.component.kafka.brokers", broker.bootstrapServers(),
                "bridge.state.timeout", "3s",
                "camel.component.kafka.request-timeout-ms", "3000",
                "camel.component.kafka.max-block-ms", "3000",
                "camel.component.kafka.delivery-timeout-ms", "3000");
    }

    @Test
    void aFeedCutOffByAKafkaOutageStaysInTheInboxAndIsPublishedOnceWhenKafkaIsBack() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, ROWS).mapToObj(i -> "FEED-OUT-" + i).toList();
        String feed = "external_id;title;description;lat;long;address;profession_id\n" + ids.stream()
                .map(id -> id + ";Курьер;Доставка заказов;55,75;37,61;Москва;3\n").collect(Collectors.joining());
        CountDownLatch outageDue = new CountDownLatch(1);
        CountDownLatch brokerDown = new CountDownLatch(1);
        AtomicInteger jobRequests = new AtomicInteger();
        sim.faults().beforeEach(path -> {
            if (path.startsWith("/jobs") && jobRequests.incrementAndGet() > BEFORE_OUTAGE) {
                outageDue.countDown();
                Latches.awaitQuietly(brokerDown, Duration.ofSeconds(60));
            }
        });

        Configurator.setLevel(FeedProcessor.class.getName(), Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            Path dropped = putInInbox("outage.csv", feed.getBytes(StandardCharsets.UTF_8));
            assertThat(outageDue.await(40, TimeUnit.SECONDS)).as("the feed's job requests").isTrue();
            broker.close();
            brokerDown.countDown();
            sim.faults().reset();

            // abandoned, and read again meanwhile: it stays where it is, nothing in error/, one WARN line however
            // often it is read again (a DEBUG line each time); no ERROR about the feed and no failed exchange for the
            // file (the bundle expects the outage, and the next read mends it)
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> logs.lines("DEBUG", "feed outage.csv: abandoned again: ") >= 2);
            assertThat(logs.lines("WARN", "feed outage.csv: abandoned, it stays in the inbox and is read again: "))
                    .isOne();
            assertThat(dropped).exists();
            assertThat(error()).doesNotExist();
            assertThat(logs.lines("ERROR", "outage.csv") + logs.lines("ERROR", "FEED-OUT-")).isZero();
            assertThat(logs.text()).doesNotContain("Rollback file strategy");

            broker = KafkaBroker.start(kafkaPort, kafka());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.notExists(dropped));
            // the summary line follows the file's move to done/
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines("INFO", "feed outage.csv: " + ROWS + " rows,") >= 1);
            assertThat(logs.lines("INFO", "feed outage.csv: " + ROWS + " rows,")).isOne();
            assertThat(logs.text()).containsPattern("INFO .*feed outage.csv: " + ROWS
                    + " rows,.* \\(after \\d+ abandoned readings since 20");
            assertThat(logs.lines("WARN", "feed outage.csv")).isOne();
        } finally {
            Configurator.setLevel(FeedProcessor.class.getName(), Level.INFO);
        }

        assertThat(error()).doesNotExist();
        assertThat(names(done())).containsExactly("outage.csv", "outage.csv.report.csv");
        List<String> report = lines(done().resolve("outage.csv.report.csv"));
        assertThat(report).hasSize(ROWS + 1);
        for (int row = 1; row <= ROWS; row++) {
            String id = ids.get(row - 1);
            List<VkJob> jobs = sim.state().jobsByExternalId(id);
            assertThat(jobs).as(id).hasSize(1);
            assertThat(sim.requests().stream().filter(request -> request.is("POST", "/jobs")
                    && request.body().contains("\"" + id + "\""))).as(id).hasSize(1);
            // the rows published before the outage come out unchanged this time
            assertThat(report.get(row)).as(id).matches(row + ";" + id + ";(created|unchanged);" + jobs.get(0).id()
                    + ";;vkrabota");
        }
        Map<String, List<JsonNode>> events = TestKafka.consumeUntilQuiet(broker.bootstrapServers(),
                app.topic(Topic.JOBS_EVENTS), Duration.ofSeconds(2), Duration.ofSeconds(30)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key,
                        Collectors.mapping(event -> json(event.value()), Collectors.toList())));
        // each row's job made known, and created at most once: the first reading's created event where Kafka took
        // it (its row then unchanged in the second), else the created of the second reading, which adopts the job of
        // the row's intent; a row whose record Kafka took and whose event it did not (they go apart: no transaction
        // covers a feed) is unchanged in the second reading (README, "CSV feeds"). Every event names the one job VK
        // Работа has for the row
        assertThat(events).containsOnlyKeys(ids);
        events.forEach((id, published) -> assertThat(published).as(id)
                .allSatisfy(event -> assertThat(event.path("job_id").asText()).as(id)
                        .isEqualTo(String.valueOf(sim.state().jobsByExternalId(id).get(0).id())))
                .extracting(event -> event.path("event").asText()).isSubsetOf("created", "unchanged")
                .filteredOn("created"::equals).hasSizeLessThanOrEqualTo(1));
        assertThat(TestKafka.consumeUntilQuiet(broker.bootstrapServers(), app.topic(Topic.DLQ), Duration.ofSeconds(1),
                Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void aFeedRemovedAfterAnOutageEndsItsOutageSoTheNextOneIsWarnedOfAgain() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Configurator.setLevel(FeedProcessor.class.getName(), Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            broker.close();
            Path dropped = putInInbox("again.csv", oneRow("FEED-AGAIN-1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> abandonedLines(logs, "again.csv") >= 1);

            // Kafka back: the reading that gets through is held at its job's creation, and the file removed meanwhile
            sim.faults().beforeEach(path -> {
                if (path.equals("/jobs")) {
                    held.countDown();
                    Latches.awaitQuietly(release, Duration.ofSeconds(60));
                }
            });
            broker = KafkaBroker.start(kafkaPort, kafka());
            assertThat(held.await(60, TimeUnit.SECONDS)).as("the feed's job creation").isTrue();
            Files.delete(dropped);
            release.countDown();
            sim.faults().reset();
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines("WARN", "removed in the inbox") == 1);
            long abandoned = abandonedLines(logs, "again.csv");

            // the next outage, the same feed name
            broker.close();
            Path next = putInInbox("again.csv", oneRow("FEED-AGAIN-2"));
            await().atMost(Duration.ofSeconds(60)).until(() -> abandonedLines(logs, "again.csv") > abandoned);
            // before, a DEBUG line only: the outage before never ended, as its feed's file was removed
            assertThat(logs.lines("WARN", "feed again.csv: abandoned, it stays in the inbox")).isEqualTo(2);
            assertThat(logs.text()).containsPattern("WARN .*feed again.csv: 1 row,.* removed in the inbox.*"
                    + " \\(after \\d+ abandoned readings? since 20");

            broker = KafkaBroker.start(kafkaPort, kafka());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.notExists(next));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("INFO", "feed again.csv: 1 row,") == 1);
            assertThat(logs.text()).containsPattern("INFO .*feed again.csv: 1 row,.* \\(after \\d+ abandoned");
        } finally {
            release.countDown();
            Configurator.setLevel(FeedProcessor.class.getName(), Level.INFO);
        }
    }

    /** The lines that say a reading of the feed was abandoned: its outage's WARN line, then DEBUG lines. */
    private static long abandonedLines(LogCapture logs, String feed) {
        return logs.lines("WARN", "feed " + feed + ": abandoned") + logs.lines("DEBUG", "feed " + feed + ": abandoned");
    }

    private static Path kafka() {
        return feeds.resolve("kafka");
    }

}
