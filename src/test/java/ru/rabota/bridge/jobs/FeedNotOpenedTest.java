package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.feed.FeedProcessor;

/**
 * A feed that cannot be opened (done/ not usable, the state not loaded in snapshot mode) waits in the inbox: one WARN
 * line however often it is read again, one INFO line when it opens. A test class of its own: it spoils done/.
 */
class FeedNotOpenedTest extends FeedTestSupport {

    @Test
    void aFeedThatCannotBeOpenedStaysInTheInboxWithOneWarnLineAndIsPublishedOnceItCan() throws Exception {
        spoilDone();

        Configurator.setLevel(FeedProcessor.class.getName(), Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            Path dropped = putInInbox("blocked.csv", ("external_id;title;description;lat;long;address;profession_id\n"
                    + "BLOCKED-1;Курьер;Доставка заказов;55,75;37,61;Москва;3\n").getBytes(StandardCharsets.UTF_8));

            // read again and again meanwhile (lines naming done/ at each reading); before, an ERROR line with a
            // stack trace at every reading
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.text().split(done().toString(), -1).length > 3);
            assertThat(logs.lines("WARN", "feed blocked.csv: cannot be opened, it stays in the inbox and is read"
                    + " again: ")).isOne();
            assertThat(logs.errorsExceptKafkaClientShutdown()).isZero();
            assertThat(logs.text()).doesNotContain("Rollback file strategy");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> logs.lines("DEBUG", "feed blocked.csv: cannot be opened again: ") >= 2);
            assertThat(dropped).exists();
            assertThat(sim.state().jobsByExternalId("BLOCKED-1")).isEmpty();

            Files.delete(done());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("INFO", "feed blocked.csv: 1 row,") == 1);
            assertThat(logs.text()).containsPattern("INFO .*feed blocked.csv: opened after \\d+ failed readings since"
                    + " 20");
            assertThat(logs.lines("INFO", "feed blocked.csv: opened after")).isOne();
            assertThat(logs.lines("WARN", "blocked.csv")).isOne();
            assertThat(logs.errorsExceptKafkaClientShutdown()).isZero();
        } finally {
            Configurator.setLevel(FeedProcessor.class.getName(), Level.INFO);
        }

        assertThat(events("BLOCKED-1", 1).get(0).get("event").asText()).isEqualTo("created");
        assertThat(sim.state().jobsByExternalId("BLOCKED-1")).hasSize(1);
        assertThat(lines(done().resolve("blocked.csv.report.csv"))).hasSize(2);
    }
}
