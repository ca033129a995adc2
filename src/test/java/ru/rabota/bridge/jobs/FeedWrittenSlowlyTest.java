package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * A feed written straight into the inbox by a copy that stalls for two seconds halfway (a network copy, an export
 * flushing in bursts): taken once it was last written {@code bridge.feed.min-age} ago, whole. Before, Camel's read
 * lock took a file unchanged between two looks a second apart: the first half was published as the feed, and the
 * rows written after it were lost (or, in snapshot mode, their jobs closed).
 */
class FeedWrittenSlowlyTest extends FeedTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.feed.min-age", "4s");
    }

    @Test
    void aCopyThatStallsHalfwayIsPublishedWhole() throws Exception {
        Path inbox = Files.createDirectories(feeds.resolve("inbox"));
        Path feed = inbox.resolve("stalled.csv");
        Files.writeString(feed, HEADER + rows(1, 5), StandardCharsets.UTF_8);
        Thread.sleep(2_500);
        Files.writeString(feed, rows(6, 10), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(feed));

        assertThat(lines(done().resolve("stalled.csv.report.csv"))).as("the report: a header and a line per row")
                .hasSize(11);
        for (int i = 1; i <= 10; i++) {
            assertThat(events("SLOW-" + i, 1).get(0).get("event").asText()).isEqualTo("created");
        }
    }

    /**
     * Files still being written under a name of their own are left alone, whatever the case of the name: *.tmp,
     * *.part, WinSCP's *.filepart, a browser's *.crdownload; renamed, the file is a feed. Before, a .filepart was
     * published as a feed.
     */
    @Test
    void filesUnderTheNamesOfCopiesUnderWayAreLeftAloneUntilRenamed() throws Exception {
        Path inbox = Files.createDirectories(feeds.resolve("inbox"));
        List<Path> underWay = new ArrayList<>();
        for (String name : List.of("a.csv.filepart", "b.CSV.TMP", "c.csv.crdownload", "d.csv.Part")) {
            underWay.add(Files.writeString(inbox.resolve(name), HEADER + rows(21, 21), StandardCharsets.UTF_8));
        }

        drop("after.csv", oneRow("SLOW-22"));

        assertThat(underWay).allMatch(Files::exists);
        assertThat(events("SLOW-22", 1).get(0).get("event").asText()).isEqualTo("created");
        assertThat(TestKafka.consume(app.topic(Topic.JOBS_EVENTS), Integer.MAX_VALUE, Duration.ofMillis(500)))
                .noneMatch(record -> "SLOW-21".equals(record.key()));
        Path renamed = Files.move(underWay.get(0), inbox.resolve("a.csv"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(renamed));
        assertThat(events("SLOW-21", 1).get(0).get("event").asText()).isEqualTo("created");
    }

    private static String rows(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i <= to; i++) {
            rows.append("SLOW-").append(i).append(";Курьер;Доставка заказов;55,75;37,61;Москва;3\n");
        }
        return rows.toString();
    }
}
