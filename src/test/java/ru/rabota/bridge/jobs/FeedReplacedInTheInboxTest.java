package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.feed.FeedProcessor;

/**
 * What the bundle remembers of a feed that stays in the inbox (it could not be opened, was abandoned, could not be
 * moved out) is forgotten once its file is gone or replaced: a file of that name is a feed of its own again. A test
 * class of its own: it spoils done/.
 */
class FeedReplacedInTheInboxTest extends FeedTestSupport {

    @Test
    void aFeedThatCannotBeOpenedAndIsReplacedInTheInboxIsWarnedOfAgain() throws Exception {
        spoilDone();

        Configurator.setLevel(FeedProcessor.class.getName(), Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            Path dropped = putInInbox("gone.csv", oneRow("GONE-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> readings(logs, "gone.csv") >= 2);
            Files.delete(dropped);
            long before = readings(logs, "gone.csv");

            // the next export of that name, done/ still not usable: a feed of its own, warned of again (before, a
            // DEBUG line: the trouble of the file gone was never forgotten, an entry kept for good per feed name)
            Path next = putInInbox("gone.csv", oneRow("GONE-22"));
            await().atMost(Duration.ofSeconds(30)).until(() -> readings(logs, "gone.csv") >= before + 2);
            assertThat(logs.lines("WARN", "feed gone.csv: cannot be opened, it stays in the inbox")).isEqualTo(2);

            Files.delete(done());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(next));
        } finally {
            Configurator.setLevel(FeedProcessor.class.getName(), Level.INFO);
        }
        assertThat(lines(done().resolve("gone.csv.report.csv"))).hasSize(2).element(1).asString()
                .startsWith("1;GONE-22;created;");
    }

    /** The lines that say a reading of the feed could not open it: its trouble's WARN line, then DEBUG lines. */
    private static long readings(LogCapture logs, String feed) {
        return logs.lines("WARN", "feed " + feed + ": cannot be opened") + logs.lines("DEBUG", "feed " + feed
                + ": cannot be opened");
    }
}
