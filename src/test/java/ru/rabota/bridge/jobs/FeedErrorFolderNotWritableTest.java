package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * A feed unreadable further down that cannot be moved to error/ stays in the inbox, is not read again while error/
 * cannot be written and leaves no hidden report behind: one WARN line; once error/ can be written, it goes there
 * with its report, one INFO line. A test class of its own: it spoils error/.
 */
class FeedErrorFolderNotWritableTest extends FeedTestSupport {

    @Test
    void aFeedUnreadableFurtherDownThatCannotBeMovedToTheErrorFolderIsReadOnceAndMovedWhenItCan() throws Exception {
        // a file where error/ should be
        Files.createDirectories(feeds);
        Files.writeString(error(), "not a folder");
        try (LogCapture logs = new LogCapture()) {
            Path dropped = putInInbox("broken.csv", ("external_id;title;description;lat;long;address;profession_id\n"
                    + "BROKEN-1;Курьер;Доставка;55,75;37,61;Москва;3\n"
                    + "BROKEN-2;\"Повар;Кухня;55,75;37,61;Москва;3\n").getBytes(StandardCharsets.UTF_8));

            // its first row published, then the move to error/ fails
            events("BROKEN-1", 1);
            // some 20 polls (bridge.feed.poll-interval-ms 100) that do not read it: before, each read it again, its
            // row published again (unchanged), an ERROR line with a stack trace each time
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                    .until(() -> jobEvents("BROKEN-1") == 1);
            assertThat(logs.lines("WARN", "feed broken.csv: not readable further down")).isOne();
            assertThat(dropped).exists();
            // before, done/.broken.csv.report.csv.part, left by every such reading
            assertThat(names(done())).isEmpty();
            assertThat(logs.text()).contains("cannot be moved to " + error());
            assertThat(logs.lines("WARN", "broken.csv")).isOne();
            assertThat(logs.errorsExceptKafkaClientShutdown()).isZero();

            Files.delete(error());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped));
            await().atMost(Duration.ofSeconds(10)).until(() -> names(error()).contains("broken.csv.report.csv"));
            assertThat(names(error())).containsExactly("broken.csv", "broken.csv.error.txt", "broken.csv.report.csv");
            assertThat(lines(error().resolve("broken.csv.report.csv"))).hasSize(2).element(1).asString()
                    .startsWith("1;BROKEN-1;");
            assertThat(names(done())).isEmpty();
            assertThat(logs.text()).containsPattern("INFO .*feed broken.csv: not readable further down, moved to "
                    + "\\S*broken.csv \\(not moved before: 1 failed move since 20");
            assertThat(logs.lines("INFO", "broken.csv")).isOne();
            assertThat(logs.lines("WARN", "broken.csv")).isOne();
            assertThat(logs.errorsExceptKafkaClientShutdown()).isZero();
        }
        // read once more to be moved: its row unchanged, without a call
        assertThat(events("BROKEN-1", 2)).extracting(event -> event.get("event").asText())
                .containsExactly("created", "unchanged");
        assertThat(requestsFor("BROKEN-1", null)).hasSize(1);
    }

    /** The job events of an external_id so far. */
    private long jobEvents(String externalId) {
        return TestKafka.consume(app.topic(Topic.JOBS_EVENTS), Integer.MAX_VALUE, Duration.ofMillis(300)).stream()
                .filter(record -> externalId.equals(record.key())).count();
    }
}
