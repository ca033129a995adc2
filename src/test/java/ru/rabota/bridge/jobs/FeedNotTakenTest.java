package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.log.InboxExceptionHandler;

/**
 * A file that Camel cannot begin to read, since its read lock cannot be written beside it (a read-only inbox; here a
 * name too long for {@code <name>.camelLock}, which fails the same way for root, as the tests run): one WARN line
 * naming it, not a WARN with a stack trace at every poll; once it is taken, one INFO line.
 */
class FeedNotTakenTest extends FeedTestSupport {

    @Test
    void aFileWhoseLockCannotBeWrittenIsOneWarnLineNotOneAPoll() throws IOException {
        // 250 characters: the lock's name would have 260, over the file system's 255
        String name = "x".repeat(246) + ".csv";
        try (LogCapture logs = new LogCapture()) {
            // written aside under a short name (the long one with ".writing" would be too long as well), then moved in
            Path dropped = Files.move(putInInbox("short.csv.tmp", oneRow("NOT-TAKEN-1")),
                    feeds.resolve("inbox").resolve(name));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("WARN", "cannot be taken from") == 1);
            // some 20 polls (bridge.feed.poll-interval-ms 100) that fail the same way
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> logs.lines("WARN", "") == 1);
            assertThat(logs.text()).contains("feed " + name + ": cannot be taken from " + dropped.getParent())
                    .contains("File name too long").contains("the inbox must be writable")
                    .doesNotContain("\tat org.apache.camel");
            assertThat(dropped).exists();

            // renamed, it is taken; the trouble of the name gone ends without a line
            Files.move(dropped, dropped.resolveSibling("short.csv"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done().resolve("short.csv")));
            assertThat(events("NOT-TAKEN-1", 1).get(0).get("event").asText()).isEqualTo("created");
            assertThat(logs.lines("INFO", "taken after")).isZero();
            assertThat(logs.lines("WARN", "")).isOne();
            assertThat(logs.errorsExceptKafkaClientShutdown()).isZero();
        }
    }

    @Test
    void aFileTakenAfterItsTroubleIsOneInfoLine() throws IOException {
        Path file = Files.createDirectories(feeds.resolve("unit")).resolve("late.csv");
        Files.writeString(file, "external_id\n");
        InboxExceptionHandler handler = new InboxExceptionHandler("feed");
        GenericFile<File> generic = new GenericFile<>();
        generic.setAbsoluteFilePath(file.toString());
        Exchange exchange = new DefaultExchange(app.context());
        exchange.setProperty(Exchange.FILE_EXCHANGE_FILE, generic);
        try (LogCapture logs = new LogCapture()) {
            for (int poll = 0; poll < 3; poll++) {
                handler.handleException("cannot begin", exchange, new IOException("Permission denied"));
            }
            Exchange taken = new DefaultExchange(app.context());
            taken.getMessage().setHeader(Exchange.FILE_PATH, file.toString());
            handler.taken(taken);
            handler.taken(taken);

            assertThat(logs.lines("WARN", "feed late.csv: cannot be taken from " + file.getParent()
                    + ", tried again at every poll: java.io.IOException: Permission denied (the bridge writes"
                    + " late.csv.camelLock beside a file")).isOne();
            assertThat(logs.lines("INFO", "feed late.csv: taken after 3 failed attempts since 20")).isOne();
            assertThat(logs.lines("WARN", "")).isOne();
            assertThat(logs.lines("INFO", "late.csv")).isOne();
        }
    }
}
