package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A feed unreadable further down that cannot be moved to error/ stays in the inbox and leaves no hidden report
 * behind; once error/ can be written, it goes there with its report. A test class of its own: it spoils error/.
 */
class FeedErrorFolderNotWritableTest extends FeedTestSupport {

    @Test
    void aFeedUnreadableFurtherDownThatCannotBeMovedToTheErrorFolderLeavesNoHiddenReport() throws Exception {
        // a file where error/ should be
        Files.createDirectories(feeds);
        Files.writeString(error(), "not a folder");
        Path dropped = putInInbox("broken.csv", ("external_id;title;description;lat;long;address;profession_id\n"
                + "BROKEN-1;Курьер;Доставка;55,75;37,61;Москва;3\n"
                + "BROKEN-2;\"Повар;Кухня;55,75;37,61;Москва;3\n").getBytes(StandardCharsets.UTF_8));

        // its first row published: the reading under way ends in the move to error/ failing, as the ones before did
        events("BROKEN-1", 1);
        app.context().getRouteController().stopRoute("jobs-from-feed");
        assertThat(dropped).exists();
        // before, done/.broken.csv.report.csv.part, left by every such reading
        assertThat(names(done())).isEmpty();

        Files.delete(error());
        app.context().getRouteController().startRoute("jobs-from-feed");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped));
        await().atMost(Duration.ofSeconds(10)).until(() -> names(error()).contains("broken.csv.report.csv"));
        assertThat(names(error())).containsExactly("broken.csv", "broken.csv.error.txt", "broken.csv.report.csv");
        assertThat(lines(error().resolve("broken.csv.report.csv"))).hasSize(2).element(1).asString()
                .startsWith("1;BROKEN-1;");
        assertThat(names(done())).isEmpty();
    }
}
