package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A feed written straight into the inbox by a copy that stalls for two seconds halfway (a network copy, an export
 * flushing in bursts): taken once it was last written {@code bridge.feed.min-age} ago, whole. Before, Camel's read
 * lock took a file unchanged between two looks a second apart: the first half was published as the feed, and the
 * rows written after it were lost (or, in snapshot mode, their jobs closed).
 */
class FeedWrittenSlowlyTest extends FeedTestSupport {

    private static final String HEADER = "external_id;title;description;lat;long;address;profession_id\n";

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

    private static String rows(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i <= to; i++) {
            rows.append("SLOW-").append(i).append(";Курьер;Доставка заказов;55,75;37,61;Москва;3\n");
        }
        return rows.toString();
    }
}
