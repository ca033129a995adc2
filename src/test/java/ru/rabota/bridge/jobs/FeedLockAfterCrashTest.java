package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The inbox's read lock: readLock=changed writes {@code <name>.camelLock} beside a file while it is read, and a crash
 * leaves it behind. At start Camel deletes such locks (readLockDeleteOrphanLockFiles, true by default), so the feed is
 * read; turned off, a feed a crash interrupted would wait in the inbox forever. Why, then, an inbox is not shared
 * between instances: README, "CSV feeds".
 */
class FeedLockAfterCrashTest extends FeedTestSupport {

    private Path dropped;

    /** What a crash while the feed was read leaves in the inbox, before the bundle starts (again). */
    @Override
    protected void start() {
        try {
            Files.createDirectories(feeds.resolve("inbox"));
            Files.writeString(feeds.resolve("inbox").resolve("crashed.csv.camelLock"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropped = putInInbox("crashed.csv", ("external_id;title;description;lat;long;address;profession_id\n"
                + "LOCK-1;Курьер;Доставка заказов;55,75;37,61;Москва;3\n").getBytes(StandardCharsets.UTF_8));
        super.start();
    }

    @Test
    void aLockACrashLeftInTheInboxIsDeletedAtStartAndItsFeedPublished() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped));

        // the reading's own lock is released a moment after the route moved the file
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.notExists(feeds.resolve("inbox")
                .resolve("crashed.csv.camelLock")));
        assertThat(events("LOCK-1", 1).get(0).get("event").asText()).isEqualTo("created");
        assertThat(lines(done().resolve("crashed.csv.report.csv"))).hasSize(2);
    }
}
