package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.feed.FeedFormat;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkJob;

/** CSV feeds from the inbox to VK Работа: events, reports, done/ and error/. */
class JobsFromFeedTest extends FeedTestSupport {

    @Test
    void aWindows1251FeedWithSemicolonsIsPublishedAndReported() throws Exception {
        drop("cp1251.csv", """
                external_id;title;description;lat;long;address;profession_id;profession;salary_from;salary_period;remote
                FEED-1;Курьер;Доставка заказов;55,7558;37,6173;Москва, Тверская улица, 7;3;;60 000;monthly;нет
                FEED-2;Повар;Горячий цех;55,75;37,61;"Москва; Арбат, 1";;Повар;;;да
                """, FeedFormat.WINDOWS_1251);

        VkJob courier = sim.state().jobsByExternalId("FEED-1").get(0);
        VkJob cook = sim.state().jobsByExternalId("FEED-2").get(0);
        assertThat(courier.title()).isEqualTo("Курьер");
        assertThat(courier.text("salary_from")).isEqualTo("60000");
        assertThat(cook.text("address")).isEqualTo("Москва; Арбат, 1");
        assertThat(cook.professionId()).isEqualTo(7);
        assertThat(lines(done().resolve("cp1251.csv.report.csv"))).containsExactly(
                "row;external_id;outcome;job_id;detail;board",
                "1;FEED-1;created;" + courier.id() + ";;vkrabota",
                "2;FEED-2;created;" + cook.id() + ";;vkrabota");
        assertThat(Files.readAllBytes(done().resolve("cp1251.csv"))).startsWith(
                "external_id;title".getBytes(StandardCharsets.US_ASCII));
        JsonNode event = events("FEED-2", 1).get(0);
        assertThat(event.get("event").asText()).isEqualTo("created");
        assertThat(event.get("origin").asText()).isEqualTo("csv:cp1251.csv#2");
        assertThat(event.at("/job/title").asText()).isEqualTo("Повар");
    }

    @Test
    void aUtf8FeedWithBomAndCommasIsPublishedAndReportedWithCommas() {
        drop("bom.csv", withBom("""
                external_id,title,description,lat,long,address,profession_id,salary_from,salary_period,remote
                FEED-3,Бариста,"Кофе, десерты",59.93,30.33,"Санкт-Петербург, Невский проспект, 20",8,45000,monthly,true
                """));

        VkJob barista = sim.state().jobsByExternalId("FEED-3").get(0);
        assertThat(barista.title()).isEqualTo("Бариста");
        assertThat(barista.text("description")).isEqualTo("Кофе, десерты");
        assertThat(lines(done().resolve("bom.csv.report.csv"))).containsExactly(
                "row,external_id,outcome,job_id,detail,board",
                "1,FEED-3,created," + barista.id() + ",,vkrabota");
        assertThat(events("FEED-3", 1).get(0).get("origin").asText()).isEqualTo("csv:bom.csv#1");
    }

    @Test
    void aFeedMovedOverOneBeingPublishedIsReadAsAFeedOfItsOwn() {
        String header = "external_id;title;description;lat;long;address;profession_id\n";
        String older = IntStream.range(0, 24).mapToObj(i -> "OVER-OLD-" + i + ";Курьер;Доставка;55,75;37,61;Москва;3\n")
                .collect(Collectors.joining());
        sim.faults().latency(300);
        try {
            putInInbox("over.csv", (header + older).getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().stream()
                    .anyMatch(request -> request.body().contains("OVER-OLD-")));
            // the next export moved over it while it is published
            putInInbox("over.csv", (header + "OVER-NEW-1;Повар;Кухня;55,75;37,61;Москва;3\n")
                    .getBytes(StandardCharsets.UTF_8));
        } finally {
            sim.faults().latency(0);
        }

        // before, the new file went to done/ in the old one's place, none of its rows published
        assertThat(events("OVER-NEW-1", 1).get(0).get("event").asText()).isEqualTo("created");
        await().atMost(Duration.ofSeconds(30)).until(() -> names(done()).stream()
                .anyMatch(name -> name.matches("over-\\d{8}T\\d{9}\\.csv")));
        assertThat(lines(done().resolve("over.csv.report.csv"))).hasSize(25);
        assertThat(names(done())).doesNotContain("over.csv");
        assertThat(error().resolve("over.csv")).doesNotExist();
    }

    @Test
    void anExportCopiedOverTheFeedBeingPublishedIsReadAsAFeedOfItsOwn() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch reached = holdJobCreations(blocked);
        Path inboxFile;
        try {
            inboxFile = putInInbox("copied.csv", (HEADER + "COPIED-OLD-1;Курьер;Доставка;55,75;37,61;Москва;3\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
            // the next export written over it in place (cp, a spreadsheet's save): the same inode, new content
            Files.writeString(inboxFile, HEADER + "COPIED-NEW-1;Повар;Кухня;55,75;37,61;Москва;3\n"
                    + "COPIED-NEW-2;Кассир;Касса;55,75;37,61;Москва;3\n", StandardCharsets.UTF_8);
        } finally {
            blocked.countDown();
            sim.faults().reset();
        }

        // before, the new content went to done/ as the file published, its rows never sent
        assertThat(events("COPIED-NEW-2", 1).get(0).get("event").asText()).isEqualTo("created");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(inboxFile));
        assertThat(lines(done().resolve("copied.csv.report.csv"))).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("COPIED-OLD-1;created"));
    }

    @Test
    void whatACrashMidFeedLeavesInDoneNeitherPassesForItsReportNorSendsTheFeedReadAgainToAStampedName()
            throws Exception {
        byte[] feed = (HEADER + "CRASH-1;Курьер;Доставка;55,75;37,61;Москва;3\n").getBytes(StandardCharsets.UTF_8);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch reached = holdJobCreations(blocked);
        Map<String, byte[]> leftover = new TreeMap<>();
        try {
            Path inboxFile = putInInbox("crash.csv", feed);
            assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
            // what a crash (kill -9, power lost) would leave in done/ now, the feed still in the inbox
            for (String name : names(done())) {
                if (name.contains("crash")) {
                    leftover.put(name, Files.readAllBytes(done().resolve(name)));
                }
            }
            assertThat(inboxFile).exists();
        } finally {
            blocked.countDown();
            sim.faults().reset();
        }
        // before, the report under its name from the start: a crash left it half written, looking like a report
        assertThat(leftover).doesNotContainKey("crash.csv.report.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> names(done()).contains("crash.csv"));

        // the crash it was: done/ as the crash left it, and the feed read again
        Files.delete(done().resolve("crash.csv"));
        Files.delete(done().resolve("crash.csv.report.csv"));
        for (Map.Entry<String, byte[]> file : leftover.entrySet()) {
            Files.write(done().resolve(file.getKey()), file.getValue());
        }
        drop("crash.csv", feed);

        // before, crash-<time>.csv with its report beside the half-written crash.csv.report.csv
        assertThat(names(done()).stream().filter(name -> name.contains("crash")))
                .containsExactly("crash.csv", "crash.csv.report.csv");
        assertThat(lines(done().resolve("crash.csv.report.csv"))).hasSize(2).element(1).asString()
                .startsWith("1;CRASH-1;unchanged;");
    }

    @Test
    void aFeedThatCannotBeMovedOutOfTheInboxIsNotReadAgainAndAgain() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Path inboxFile = publishedButNotMoved("stuck.csv", "STUCK-1;Курьер;Доставка;55,75;37,61;Москва;3\n", logs);
            int calls = requestsFor("STUCK-1", null).size();

            // before, read again at every poll (each 2 s here), its rows sent again, a new report each time; the
            // calls of the timers (reference data, the applications poll) are not its
            Thread.sleep(3_000);
            assertThat(inboxFile).exists();
            assertThat(requestsFor("STUCK-1", null)).hasSize(calls);
            assertThat(logs.lines("ERROR", "")).isOne();
            assertThat(events("STUCK-1", 1)).hasSize(1);
        }
    }

    @Test
    void aFeedThatCannotBeMovedOutOfTheInboxIsReadAgainOnceTheExportOverwritesIt() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Path inboxFile = publishedButNotMoved("rewritten.csv",
                    "REWRITTEN-1;Курьер;Доставка;55,75;37,61;Москва;3\n", logs);

            // the next export written over it in place (the folder is read-only, the file is not): the same inode
            Files.writeString(inboxFile, HEADER + "REWRITTEN-2;Повар;Кухня;55,75;37,61;Москва;3\n",
                    StandardCharsets.UTF_8);

            // before, never read again: the file key alone told it from the one published
            assertThat(events("REWRITTEN-2", 1).get(0).get("event").asText()).isEqualTo("created");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(inboxFile));
            assertThat(events("REWRITTEN-1", 1)).hasSize(1);
        }
    }

    /**
     * Publishes a feed of one row whose place in done/ is taken while it is published (a read-only inbox, a full
     * disk fail the same way), so it stays in the inbox; returns its path there once its ERROR line is logged.
     */
    private Path publishedButNotMoved(String name, String row, LogCapture logs) throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch reached = holdJobCreations(blocked);
        Path inboxFile;
        try {
            inboxFile = putInInbox(name, (HEADER + row).getBytes(StandardCharsets.UTF_8));
            assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
            Files.createDirectories(done().resolve(name).resolve("taken"));
        } finally {
            blocked.countDown();
            sim.faults().reset();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines("ERROR", "it cannot be moved to") == 1);
        return inboxFile;
    }

    /** Holds VK Работа's answers to job creations until {@code release} opens; the latch returned opens at one. */
    private CountDownLatch holdJobCreations(CountDownLatch release) {
        CountDownLatch reached = new CountDownLatch(1);
        sim.faults().beforeEach(path -> {
            if (path.equals("/jobs")) {
                reached.countDown();
                Latches.awaitQuietly(release, Duration.ofSeconds(60));
            }
        });
        return reached;
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.feed.progress-every", "2");
    }

    @Test
    void badRowsAreReportedAndTheGoodOnesAroundThemPublished() {
        try (LogCapture logs = new LogCapture()) {
            drop("mixed.csv", """
                    external_id;title;description;lat;long;address;profession_id;salary_from
                    FEED-4;Грузчик;Работа на складе;55,75;37,61;Москва;5;
                    FEED-5;Грузчик;Работа на складе;abc;37,61;Москва;5;
                    FEED-6;Грузчик;Звоните +7 999 123-45-67;55,75;37,61;Москва;5;
                    FEED-7;Грузчик;Работа на складе;55,75;37,61;Москва;5;50000
                    FEED-8;Грузчик;Работа на складе;55,75;37,61;Москва;5;
                    """, StandardCharsets.UTF_8);

            long first = sim.state().jobsByExternalId("FEED-4").get(0).id();
            long last = sim.state().jobsByExternalId("FEED-8").get(0).id();
            assertThat(lines(done().resolve("mixed.csv.report.csv"))).containsExactly(
                    "row;external_id;outcome;job_id;detail;board",
                    "1;FEED-4;created;" + first + ";;vkrabota",
                    "2;FEED-5;rejected;;lat: 'abc' is not a number;vkrabota",
                    "3;FEED-6;rejected;;job.description: contains a phone number '+7 999 123-45-67';vkrabota",
                    // a salary without its period: the bundle's check lets it pass (the document makes the period
                    // optional), the simulated API refuses it
                    "4;FEED-7;rejected;;Возникли ошибки: Поле 'Период оплаты' не может быть пустым;vkrabota",
                    "5;FEED-8;created;" + last + ";;vkrabota");
            assertThat(sim.state().jobsByExternalId("FEED-5")).isEmpty();
            assertThat(sim.state().jobsByExternalId("FEED-7")).isEmpty();
            JsonNode unreadable = events("FEED-5", 1).get(0);
            assertThat(unreadable.get("event").asText()).isEqualTo("rejected");
            assertThat(unreadable.get("origin").asText()).isEqualTo("csv:mixed.csv#2");
            assertThat(events("FEED-7", 1).get(0).at("/error/http_status").asInt()).isEqualTo(422);
            assertThat(logs.lines("INFO", "feed mixed.csv: 2 rows read")).isEqualTo(1);
            assertThat(logs.lines("INFO", "feed mixed.csv: 4 rows read")).isEqualTo(1);
            // the feed leaves the inbox before its summary line is written
            String summary = "feed mixed.csv: 5 rows, 2 created, 0 updated, 0 unchanged, 0 closed, 0 revived, "
                    + "3 rejected, 0 failed in";
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("INFO", summary) >= 1);
            assertThat(logs.lines("INFO", summary)).isEqualTo(1);
        }
    }

    @Test
    void aFeedRowAfterAKafkaCommandWhoseAnswerWaitsKeepsItsRecordLast() throws Exception {
        send("FEED-K1", upsert("FEED-K1", "r-k1", "Курьер"));
        assertThat(events("FEED-K1", 1).get(0).get("event").asText()).isEqualTo("created");
        // a new job's POST held, and the close of FEED-K1 behind it on the same partition: the close is done, its
        // answer (and FEED-K1's closed record with it) waits for the held command's
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sim.faults().beforeEach(path -> {
            if (path.equals("/jobs") && held.getCount() > 0) {
                held.countDown();
                Latches.awaitQuietly(release, Duration.ofSeconds(60));
            }
        });
        // both in one write of the producer, so that one poll reads them: a command read by a later poll waits
        // for the held one's batch to end
        Map<String, Object> oneWrite = new HashMap<>(TestKafka.clientConfig());
        oneWrite.put(ProducerConfig.LINGER_MS_CONFIG, 1000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(oneWrite, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), 0, "FEED-K2",
                    upsert("FEED-K2", "r-k2", "Курьер")));
            producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), 0, "FEED-K1",
                    "{\"command\":\"close\",\"external_id\":\"FEED-K1\",\"request_id\":\"r-k1-close\"}"));
            producer.flush();
        }
        long job = sim.state().jobsByExternalId("FEED-K1").get(0).id();
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> apiRequests().stream()
                    .anyMatch(request -> request.is("POST", "/jobs/" + job + "/close")));

            // the feed's row of FEED-K1 finds it closed and revives it: its record goes out at once
            drop("revive.csv", "external_id;title;description;lat;long;address;profession_id\n"
                    + "FEED-K1;Курьер;Доставка заказов по городу;55,75;37,61;Москва, Тверская улица, 1;3\n",
                    StandardCharsets.UTF_8);
            assertThat(lines(done().resolve("revive.csv.report.csv")).get(1)).contains(";revived;");
        } finally {
            release.countDown();
        }
        events("FEED-K2", 1);

        // the close's record, committed last, went into the topic after the row's: the job was live on VK Работа and
        // the bridge took it for closed (a close then did nothing; an upsert revived it again, paid)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            jobState().readToEnd();
            assertThat(jobState().get("FEED-K1").orElseThrow()).contains("\"status\":\"active\"");
        });
        assertThat(sim.state().jobsByExternalId("FEED-K1")).singleElement()
                .satisfies(vacancy -> assertThat(vacancy.status()).isEqualTo("active"));
    }

    @Test
    void aFileThatIsNoFeedGoesToTheErrorFolderWithTheReason() {
        drop("columns.csv", "external_id;title;salary\nFEED-X;Курьер;1\n", StandardCharsets.UTF_8);
        drop("archive.csv", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});

        assertThat(names(error())).contains("columns.csv", "columns.csv.error.txt", "archive.csv",
                "archive.csv.error.txt");
        assertThat(lines(error().resolve("columns.csv.error.txt")).get(0))
                .startsWith("bad header: unknown column 'salary'");
        assertThat(lines(error().resolve("archive.csv.error.txt")).get(0))
                .startsWith("not a text file: it contains the byte 0x03");
        assertThat(names(done())).doesNotContain("columns.csv", "columns.csv.report.csv", "archive.csv");
    }

    @Test
    void aFeedUnreadableFurtherDownGoesToTheErrorFolderWithItsReport() {
        drop("open.csv", HEADER + "OPEN-1;Курьер;Доставка;55,75;37,61;Москва;3\n"
                + "OPEN-2;\"Повар;Кухня;55,75;37,61;Москва;3\n", StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(10)).until(() -> names(error()).contains("open.csv.report.csv"));
        assertThat(names(error()).stream().filter(name -> name.startsWith("open")))
                .containsExactly("open.csv", "open.csv.error.txt", "open.csv.report.csv");
        assertThat(lines(error().resolve("open.csv.report.csv"))).hasSize(2).element(1).asString()
                .startsWith("1;OPEN-1;created;");
        assertThat(names(done()).stream().filter(name -> name.contains("open"))).isEmpty();
    }

    @Test
    void anEmptyOrHeaderOnlyFeedIsDoneWithAnEmptyReport() {
        drop("empty.csv", new byte[0]);
        drop("header.csv", "external_id;title\n", StandardCharsets.UTF_8);

        assertThat(lines(done().resolve("empty.csv.report.csv")))
                .containsExactly("row,external_id,outcome,job_id,detail,board");
        assertThat(lines(done().resolve("header.csv.report.csv")))
                .containsExactly("row;external_id;outcome;job_id;detail;board");
        assertThat(names(error())).doesNotContain("empty.csv", "header.csv");
    }

    @Test
    void reportCellsThatASpreadsheetWouldRunAreWrittenWithALeadingQuote() {
        drop("formula.csv", "external_id;title\n=HYPERLINK(A1);Курьер\n@SUM(A1);Повар\n-2+3;Кассир\n",
                StandardCharsets.UTF_8);

        List<String> report = lines(done().resolve("formula.csv.report.csv"));
        assertThat(report).hasSize(4);
        assertThat(report.get(1)).startsWith("1;'=HYPERLINK(A1);rejected;;");
        assertThat(report.get(2)).startsWith("2;'@SUM(A1);rejected;;");
        assertThat(report.get(3)).startsWith("3;'-2+3;rejected;;");
    }

    @Test
    void aFeedWhoseNameIsInTheDoneFolderAlreadyDoesNotOverwriteIt() {
        String feed = "external_id;title;description;lat;long;address;profession_id\n"
                + "FEED-9;%s;Работа на складе;55,75;37,61;Москва;5\n";
        drop("daily.csv", feed.formatted("Кладовщик"), StandardCharsets.UTF_8);
        List<String> firstReport = lines(done().resolve("daily.csv.report.csv"));

        drop("daily.csv", feed.formatted("Старший кладовщик"), StandardCharsets.UTF_8);

        List<String> daily = names(done()).stream().filter(name -> name.startsWith("daily")).toList();
        assertThat(daily).hasSize(4).contains("daily.csv", "daily.csv.report.csv");
        String second = daily.stream().filter(name -> name.matches("daily-\\d{8}T\\d{9}\\.csv")).findFirst()
                .orElseThrow();
        assertThat(lines(done().resolve("daily.csv.report.csv"))).isEqualTo(firstReport);
        assertThat(lines(done().resolve(second + ".report.csv")).get(1)).startsWith("1;FEED-9;updated;");
        assertThat(lines(done().resolve(second))).anySatisfy(line -> assertThat(line).contains("Старший"));
    }
}
