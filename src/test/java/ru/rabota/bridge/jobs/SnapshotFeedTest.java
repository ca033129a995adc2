package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.sandbox.vk.VkJob;

/** bridge.feed.mode=snapshot: a feed lists every job that feeds publish; what it no longer lists is closed. */
class SnapshotFeedTest extends FeedTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.feed.mode", "snapshot", "bridge.feed.progress-every", "2");
    }

    @Test
    void jobsAFeedNoLongerListsAreClosedUnlessTheFeedFailed() {
        drop("all.csv", HEADER + row("SNAP-1", "55,75") + row("SNAP-2", "55,75") + row("SNAP-3", "55,75"),
                StandardCharsets.UTF_8);
        send("SNAP-K", upsert("SNAP-K", "r-1", "Водитель"));
        events("SNAP-K", 1);

        // SNAP-2 is gone; SNAP-3's row is rejected but still lists it; SNAP-K is no feed's job
        try (LogCapture logs = new LogCapture()) {
            drop("fewer.csv", HEADER + row("SNAP-1", "55,75") + row("SNAP-3", "abc"), StandardCharsets.UTF_8);

            // the summary line counts the close, which is no row's (before, "0 closed" alone); it comes once the
            // file has left the inbox, where drop returns
            String summary = "feed fewer.csv: 2 rows, 0 created, 0 updated, 1 unchanged, 0 closed, 0 revived,"
                    + " 1 rejected, 0 failed; 1 job it no longer lists closed in ";
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("INFO", summary) > 0);
            assertThat(logs.lines("INFO", summary)).isOne();
        }

        assertThat(status("SNAP-1")).isEqualTo("active");
        assertThat(status("SNAP-2")).isEqualTo("closed");
        assertThat(sim.state().jobsByExternalId("SNAP-2").get(0).closeReason()).isEqualTo("closed_irrelevant");
        assertThat(status("SNAP-3")).isEqualTo("active");
        assertThat(status("SNAP-K")).isEqualTo("active");
        JsonNode closed = events("SNAP-2", 2).get(1);
        assertThat(closed.get("event").asText()).isEqualTo("closed");
        assertThat(closed.get("origin").asText()).isEqualTo("csv:fewer.csv");
        assertThat(lines(done().resolve("fewer.csv.report.csv"))).hasSize(3);

        // a row whose retries run out: the feed failed, it closes nothing (SNAP-3 stays)
        String jobOne = String.valueOf(sim.state().jobsByExternalId("SNAP-1").get(0).id());
        sim.faults().onPaths("/jobs/" + jobOne).failNext(3, 503);
        drop("failing.csv", HEADER + row("SNAP-1", "55,76"), StandardCharsets.UTF_8);
        sim.faults().reset();

        assertThat(status("SNAP-3")).isEqualTo("active");
        assertThat(lines(done().resolve("failing.csv.report.csv")).get(1))
                .isEqualTo("1;SNAP-1;failed;" + jobOne + ";Simulated failure 503;vkrabota");
        JsonNode letter = json(records(Topic.DLQ, "SNAP-1", 1).get(0).value());
        assertThat(letter.get("topic").asText()).isEqualTo("csv:failing.csv#1");
        assertThat(letter.get("attempts").asInt()).isEqualTo(3);
        assertThat(json(letter.get("payload").asText()).at("/job/lat").decimalValue()).isEqualByComparingTo("55.76");
    }

    @Test
    void aJobLastUpsertedFromKafkaIsNotClosedByASnapshotChangedOrNotWhileItRuns() throws Exception {
        drop("owned.csv", HEADER + row("OWN-1", "55,75") + row("OWN-2", "55,75") + row("OWN-3", "55,75"),
                StandardCharsets.UTF_8);
        // Kafka upserts OWN-1 with the content the feed gave it: unchanged, and the job is Kafka's now
        send("OWN-1", """
                {"command":"upsert","external_id":"OWN-1","profession_id":3,"job":{"title":"Курьер",
                 "description":"Доставка заказов","lat":55.75,"long":37.61,"address":"Москва"}}""");
        assertThat(events("OWN-1", 2).get(1).get("event").asText()).isEqualTo("unchanged");

        // a snapshot without OWN-1 and OWN-2; its new rows' POST /jobs wait while Kafka's change of OWN-2 is taken
        // onto its lane (lanes are shared: it may wait behind one of them, so the wait ends at its PUT or after 3 s)
        String rows = IntStream.range(0, 8).mapToObj(i -> row("OWN-NEW-" + i, "55,75")).collect(Collectors.joining());
        AtomicInteger waiting = new AtomicInteger();
        CountDownLatch taken = new CountDownLatch(1);
        sim.faults().beforeEach(path -> {
            if (path.equals("/jobs")) {
                waiting.incrementAndGet();
                Latches.awaitQuietly(taken, Duration.ofSeconds(10));
            } else if (path.startsWith("/jobs/")) {
                taken.countDown();
            }
        });
        try {
            Path dropped = putInInbox("without.csv", (HEADER + row("OWN-3", "55,75") + rows)
                    .getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> waiting.get() > 0);
            send("OWN-2", upsert("OWN-2", "r-own-2", "Водитель"));
            taken.await(3, TimeUnit.SECONDS);
            taken.countDown();
            assertThat(events("OWN-2", 2).get(1).get("event").asText()).isEqualTo("updated");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.notExists(dropped));
        } finally {
            taken.countDown();
            sim.faults().reset();
        }

        // before, both closed by the snapshot
        assertThat(status("OWN-1")).isEqualTo("active");
        assertThat(status("OWN-2")).isEqualTo("active");
        assertThat(status("OWN-3")).isEqualTo("active");
    }

    /**
     * A snapshot whose file changes while it is read (a writer still at it: the rest of the list was on its way)
     * closes nothing; the file as it is now is read as a feed of its own. Before, it closed the jobs of the rows not
     * yet written, and the next reading revived them, for a price.
     */
    @Test
    void aSnapshotWhoseFileChangesWhileItIsReadClosesNothing() throws Exception {
        drop("grow.csv", HEADER + row("GROW-1", "55,75") + row("GROW-2", "55,75") + row("GROW-3", "55,75"),
                StandardCharsets.UTF_8);
        // the new row's POST /jobs waits while the writer adds the rest of the list
        CountDownLatch written = new CountDownLatch(1);
        AtomicInteger posted = new AtomicInteger();
        sim.faults().beforeEach(path -> {
            if (path.equals("/jobs") && posted.incrementAndGet() == 1) {
                Latches.awaitQuietly(written, Duration.ofSeconds(10));
            }
        });
        try (LogCapture logs = new LogCapture()) {
            Path growing = putInInbox("growing.csv", (HEADER + row("GROW-1", "55,75") + row("GROW-4", "55,75"))
                    .getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> posted.get() > 0);
            Files.writeString(growing, row("GROW-2", "55,75") + row("GROW-3", "55,75"), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            written.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.notExists(growing));

            assertThat(logs.lines("WARN", "feed growing.csv: the file changed in the inbox while it was read, so no job"
                    + " it does not list is closed")).isOne();
        } finally {
            written.countDown();
            sim.faults().reset();
        }
        assertThat(status("GROW-2")).isEqualTo("active");
        assertThat(status("GROW-3")).isEqualTo("active");
        assertThat(events("GROW-2", 1)).extracting(event -> event.get("event").asText()).doesNotContain("closed");
        // the first reading's report (what it read) and the second's, of the whole list
        try (Stream<Path> reports = Files.list(done())) {
            assertThat(reports.filter(report -> report.getFileName().toString().startsWith("growing"))
                    .filter(report -> report.getFileName().toString().endsWith(".report.csv"))
                    .map(report -> lines(report).size())).containsExactlyInAnyOrder(3, 5);
        }
    }

    @Test
    void aRowWithMoreValuesThanTheHeaderMakesTheSnapshotCloseNothing() {
        drop("shift.csv", HEADER + row("SHIFT-1", "55,75") + row("SHIFT-2", "55,75"), StandardCharsets.UTF_8);

        try (LogCapture logs = new LogCapture()) {
            // SHIFT-2's row with a semicolon too many: its external_id may be another cell's
            drop("shifted.csv", HEADER + row("SHIFT-1", "55,75") + "Курьер;SHIFT-2;Доставка;55,75;37,61;Москва;3;x\n",
                    StandardCharsets.UTF_8);

            // before, SHIFT-2 was taken for unlisted and closed
            assertThat(status("SHIFT-2")).isEqualTo("active");
            assertThat(logs.lines("WARN", "feed shifted.csv: 1 rows have more or fewer values than the header")).isOne();
        }
    }

    @Test
    void anEmptyFileIsNoSnapshotAndClosesNothing() {
        drop("kept.csv", HEADER + row("EMPTY-1", "55,75"), StandardCharsets.UTF_8);

        drop("empty.csv", new byte[0]);

        // before, done with an empty report, and every job feeds had published closed
        assertThat(error().resolve("empty.csv")).exists();
        assertThat(error().resolve("empty.csv.error.txt")).content(StandardCharsets.UTF_8)
                .contains("the file is empty (no header)");
        assertThat(status("EMPTY-1")).isEqualTo("active");
    }

    @Test
    void theClosesOfASnapshotShowTheirProgress() {
        drop("five.csv", HEADER + row("PROG-1", "55,75") + row("PROG-2", "55,75") + row("PROG-3", "55,75")
                + row("PROG-4", "55,75") + row("PROG-5", "55,75"), StandardCharsets.UTF_8);

        try (LogCapture logs = new LogCapture()) {
            drop("one.csv", HEADER + row("PROG-1", "55,75"), StandardCharsets.UTF_8);

            // the other tests' feed jobs are closed too: four or more
            assertThat(status("PROG-5")).isEqualTo("closed");
            assertThat(logs.text()).containsPattern("INFO .*feed one\\.csv: 2 of \\d+ jobs it no longer lists sent to"
                    + " be closed, \\d+ closed\n");
            assertThat(logs.text()).containsPattern("INFO .*feed one\\.csv: 4 of \\d+ jobs it no longer lists sent to"
                    + " be closed");
            assertThat(logs.text()).containsPattern("INFO .*feed one\\.csv: (\\d+) of \\1 jobs it no longer lists"
                    + " closed \\(snapshot mode\\)");
        }
    }

    private String status(String externalId) {
        VkJob job = sim.state().jobsByExternalId(externalId).get(0);
        return job.status();
    }

    private static String row(String externalId, String lat) {
        return externalId + ";Курьер;Доставка заказов;" + lat + ";37,61;Москва;3\n";
    }
}
