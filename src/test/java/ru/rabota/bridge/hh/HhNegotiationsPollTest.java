package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static ru.rabota.bridge.hh.HhPollSupport.AGENT;
import static ru.rabota.bridge.hh.HhPollSupport.json;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;

/** The hh.ru negotiations poll against the simulator: what hh.ru received, and what reached Kafka. */
// each case on simulators and topics of its own; the cases that read the log run alone (the others' polls would log
// into it), the others side by side
@Execution(ExecutionMode.CONCURRENT)
class HhNegotiationsPollTest {

    private static final String LOG = "log";
    private static final String SALES = "123456";
    private static final String STOCK = "123457";

    private HhSimulator foreign;
    private HhSimulator simulator;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        // a second hh.ru on another host: the collections answer sends "hold" there
        foreign = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start();
        simulator = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).foreignHostCollections("hold")
                .foreignHost(foreign.baseUrl())).start();
        prefix = TestKafka.uniquePrefix(getClass());
    }

    @AfterEach
    void stop() {
        simulator.close();
        foreign.close();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void everyPageOfEveryCollectionOnceAsEventsSkippingForeignHostsAndUnknownVacancies() {
        IntStream.range(0, 120).forEach(i -> simulator.addNegotiation(SALES, "inbox", "response", resume(i)));
        IntStream.range(0, 51).forEach(i -> simulator.addNegotiation(SALES, "discarded", "discard",
                i % 10 == 0 ? null : resume(i)));
        simulator.addNegotiation(SALES, "hold", "response", resume(500));
        HhNegotiation hidden = simulator.addNegotiation(STOCK, "invited", "invitation", null);
        HhNegotiation ivan = simulator.addNegotiation(STOCK, "invited", "invitation",
                HhResume.of("r-ivan", "Иван", "Петров", "Кладовщик"));

        List<ConsumerRecord<String, String>> events;
        try (LogCapture log = new LogCapture();
                TestApplication app = TestApplication.start(
                        HhPollSupport.properties(simulator, prefix, SALES + ",999," + STOCK))) {
            events = HhPollSupport.events(prefix, 173);
            events = HhPollSupport.events(prefix);
            app.close();

            // one WARN for the foreign collection and one for the unknown vacancy, however many polls meet them;
            // nothing else
            assertThat(collectionRequests(SALES)).isGreaterThan(1);
            assertThat(collectionRequests("999")).isGreaterThan(1);
            assertThat(log.lines("WARN", "hh.ru vacancy " + SALES + ": collection 'hold' points at "
                    + foreign.baseUrl())).isOne();
            // one line per place the collections point at, not one per collection: hundreds for a misconfigured root
            assertThat(log.lines("WARN", "points at")).isOne();
            assertThat(log.lines("WARN", "hh.ru vacancy 999 skipped in this poll: it does not exist or is not this"
                    + " employer's (404); one line when a poll reads it")).isOne();
            // each run's summary: the first emitted everything (every page of each state of the two vacancies read);
            // the later ones nothing more; each skipped the unknown vacancy
            assertThat(log.lines("INFO", "hh.ru negotiations poll: 173 new, 0 status changes, 0 unchanged on 9"
                    + " page(s) of 2 vacancies, 1 skipped")).isOne();
            assertThat(log.lines("INFO", "hh.ru negotiations poll: ")).isEqualTo(log.lines("INFO",
                    "hh.ru negotiations poll: 0 new, 0 status changes, 173 unchanged on 9 page(s) of 2 vacancies, 1"
                            + " skipped") + 1);
            assertThat(log.errorsExceptKafkaClientShutdown()).isZero();
        }

        assertThat(events).hasSize(173);
        assertThat(events).extracting(ConsumerRecord::key).doesNotHaveDuplicates()
                .allMatch(key -> key.startsWith("hh:"));
        assertThat(events).extracting(e -> TestKafka.header(e, BridgeHeaders.EVENT)).containsOnly("application.created");
        assertThat(events).extracting(e -> json(e).path("collection").asText())
                .containsOnly("inbox", "discarded", "invited");
        assertThat(events).filteredOn(e -> json(e).path("candidate").isNull()).hasSize(7)
                .anySatisfy(e -> assertThat(e.key()).isEqualTo("hh:" + hidden.id()));
        JsonNode event = events.stream().filter(e -> e.key().equals("hh:" + ivan.id())).map(HhPollSupport::json)
                .findFirst().orElseThrow();
        assertThat(event.path("event").asText()).isEqualTo("application.created");
        assertThat(event.path("source").asText()).isEqualTo("hh");
        assertThat(event.path("application_id").asText()).isEqualTo(ivan.id());
        assertThat(event.path("job_id").asText()).isEqualTo(STOCK);
        assertThat(event.path("status").asText()).isEqualTo("invitation");
        assertThat(event.path("previous_status").isNull()).isTrue();
        assertThat(event.path("collection").asText()).isEqualTo("invited");
        // ISO-8601 with a colon in the offset, where hh.ru writes +0300
        assertThat(event.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+03:00")
                .satisfies(time -> assertThat(OffsetDateTime.parse(time)).isEqualTo(ivan.createdAt()));
        assertThat(event.path("candidate").path("id").asText()).isEqualTo("r-ivan");
        assertThat(event.path("candidate").path("first_name").asText()).isEqualTo("Иван");
        assertThat(event.path("candidate").path("last_name").asText()).isEqualTo("Петров");

        List<RecordedRequest> requests = simulator.requests();
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.header("User-Agent")).isEqualTo(AGENT);
            assertThat(request.header("HH-User-Agent")).isEqualTo(AGENT);
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + simulator.accessToken());
        });
        List<RecordedRequest> pages = requests.stream().filter(r -> r.path().startsWith("/negotiations/")).toList();
        assertThat(pages).allSatisfy(page -> assertThat(page.param("per_page")).isEqualTo("50"));
        // inbox has 3 pages, discarded 2: every poll read all of them
        assertThat(pages).filteredOn(page -> page.path().equals("/negotiations/inbox")
                && SALES.equals(page.param("vacancy_id"))).extracting(page -> page.param("page"))
                .contains("0", "1", "2").doesNotContain("3");
        assertThat(pages).filteredOn(page -> page.path().equals("/negotiations/discarded")
                && SALES.equals(page.param("vacancy_id"))).extracting(page -> page.param("page"))
                .contains("0", "1").doesNotContain("2");
        // the poller reads lists only: opening a negotiation would mark it viewed by the employer
        assertThat(HhPollSupport.listedCollections(simulator)).doesNotContain("hold");
        assertThat(simulator.negotiations()).noneMatch(HhNegotiation::viewedByEmployer);
        assertThat(foreign.requests()).isEmpty();
    }

    /**
     * A collection on another host leaves its negotiations unread: one WARN line each time the collections answer
     * starts pointing there, one INFO line when none points there any more.
     */
    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void aCollectionOnAnotherHostIsOneWarnLineEachTimeItComesAndOneInfoLineWhenItEnds() throws Exception {
        try (HhSimulator plain = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start()) {
            plain.addNegotiation(SALES, "inbox", "response", resume(11));
            String elsewhere = "{\"states\": [{\"id\": \"inbox\", \"name\": \"Неразобранные\", \"url\": \""
                    + plain.baseUrl() + "/negotiations/inbox?vacancy_id=" + SALES + "\"}, {\"id\": \"hold\", \"name\":"
                    + " \"Подумать\", \"url\": \"" + foreign.baseUrl() + "/negotiations/hold?vacancy_id=" + SALES
                    + "\"}]}";
            plain.faults().onPaths("/negotiations").answerNext(2, elsewhere);

            try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(
                    HhPollSupport.properties(plain, prefix, SALES))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru collections point at "
                        + foreign.baseUrl() + " no more") == 1);
                // and a second time, later
                plain.faults().answerNext(2, elsewhere);
                await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru collections point at "
                        + foreign.baseUrl() + " no more") == 2);

                // before, the first WARN line was the only line: no INFO line when it ended, and no WARN line when
                // it came again (negotiations left unread without a word)
                assertThat(log.lines("WARN", "collection 'hold' points at " + foreign.baseUrl())).isEqualTo(2);
            }
        }
        assertThat(foreign.requests()).isEmpty();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void aVacancyThatKeepsFailingIsSkippedForAPollIntervalAndACollectionGoneAlone() {
        simulator.addNegotiation(SALES, "special", "response", resume(1));
        HhNegotiation afterSpecial = simulator.addNegotiation(SALES, "zz-after", "response", resume(5));
        HhNegotiation invited = simulator.addNegotiation(STOCK, "invited", "invitation", resume(2));
        HhNegotiation moved = simulator.addNegotiation(STOCK, "gone", "response", resume(3));
        HhNegotiation later = simulator.addNegotiation(STOCK, "later", "response", resume(4));
        // hh.ru answers 500 for a collection only the first vacancy has, every time; and the second's collection
        // "gone" is gone when its page is asked for (its negotiation moved on): hh.ru's own 404
        simulator.faults().onPaths("/negotiations/special").serverErrors(1.0).beforeEach(path -> {
            if (path.equals("/negotiations/gone")) {
                simulator.moveNegotiation(moved.id(), "invited", "invitation");
            }
        });

        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(
                HhPollSupport.properties(simulator, prefix, SALES + "," + STOCK))) {
            // before, the first vacancy's retries held the poll for ever: the second was never read; and the 404
            // skipped the second's collections after "gone", logged as a vacancy that does not exist
            // and the collections after the failing one were left unread as long as it failed
            assertThat(HhPollSupport.events(prefix, 4)).extracting(ConsumerRecord::key)
                    .contains("hh:" + invited.id(), "hh:" + later.id(), "hh:" + afterSpecial.id());
            assertThat(log.lines("WARN", "hh.ru vacancy " + STOCK + ": collection 'gone' is gone (404)")).isOne();
            assertThat(log.lines("WARN", "hh.ru vacancy " + STOCK + " skipped")).isZero();
            // the failing vacancy is read again by the next polls, with one WARN line for them all
            await().atMost(Duration.ofSeconds(20)).until(() -> collectionRequests(SALES) >= 3);
            assertThat(log.lines("WARN", "hh.ru vacancy " + SALES + " skipped in this poll: HH GET /negotiations/special -> 50")).isOne();

            // and one line when a poll reads it
            simulator.faults().reset();
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru vacancies hh.ru failed for"
                    + " are read again, after ") == 1);
            assertThat(log.lines("WARN", "hh.ru vacancy " + SALES + " skipped")).isOne();
        }
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void anOutageOfHhRuSkippingEveryVacancyIsOneWarnLineAndOneInfoLine() {
        HhNegotiation applied = simulator.addNegotiation(STOCK, "inbox", "response", resume(9));
        simulator.faults().serverErrors(1.0);

        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(
                HhPollSupport.properties(simulator, prefix, SALES + "," + STOCK))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> collectionRequests(SALES) >= 3
                    && collectionRequests(STOCK) >= 3);
            simulator.faults().reset();
            assertThat(HhPollSupport.events(prefix, 1)).extracting(ConsumerRecord::key).containsExactly("hh:"
                    + applied.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru vacancies hh.ru failed for"
                    + " are read again, after ") == 1);

            // before, a WARN and an INFO line per vacancy
            assertThat(log.lines("WARN", " skipped in this poll")).isOne();
            assertThat(log.lines("INFO", " is read again")).isZero();
        }
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void aVacancyThatLeavesTheActiveListIsReadOnceMoreSoItsLastChangeArrives() {
        HhNegotiation applied = simulator.addNegotiation(SALES, "inbox", "response", resume(7));

        try (TestApplication app = TestApplication.start(HhPollSupport.properties(simulator, prefix, "active"))) {
            HhPollSupport.events(prefix, 1);
            // hired, then the vacancy archived, between two polls (and no webhook)
            simulator.moveNegotiation(applied.id(), "invited", "invitation");
            simulator.archiveVacancy(SALES);

            await().atMost(Duration.ofSeconds(20)).until(() -> HhPollSupport.events(prefix, 2).size() == 2);
            JsonNode changed = json(HhPollSupport.events(prefix, 2).get(1));
            assertThat(changed.path("event").asText() + " " + changed.path("status").asText())
                    .isEqualTo("application.status_changed invitation");
            // once: the polls after it leave the archived vacancy alone
            long reads = collectionRequests(SALES);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> collectionRequests(SALES) == reads);
        }
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void aVacancyThatLeftTheActiveListIsReadAgainUntilAReadSucceeds() {
        HhNegotiation applied = simulator.addNegotiation(SALES, "inbox", "response", resume(8));

        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(
                HhPollSupport.properties(simulator, prefix, "active"))) {
            HhPollSupport.events(prefix, 1);
            // hired, the vacancy archived, and its read after that fails until the poll gives it up
            simulator.faults().onPaths("/negotiations/invited").serverErrors(1.0);
            simulator.moveNegotiation(applied.id(), "invited", "invitation");
            simulator.archiveVacancy(SALES);
            // one line for the vacancies hh.ru fails for (it may name the other active one, whose collection failed too)
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("WARN", " skipped in this poll") == 1);
            simulator.faults().reset();

            // before, the one read after it left the list was all it got: the change never arrived
            await().atMost(Duration.ofSeconds(20)).until(() -> HhPollSupport.events(prefix, 2).size() == 2);
            JsonNode changed = json(HhPollSupport.events(prefix, 2).get(1));
            assertThat(changed.path("status").asText()).isEqualTo("invitation");
        }
    }

    /**
     * A vacancy skipped because one of its collections failed is skipped for that collection's failure, whatever else
     * the poll caught before: here the 404 of a manager who left (bridge.hh.manager-ids), refused at every poll.
     */
    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void aVacancySkippedForAFailedCollectionIsNotTakenForAnUnknownOne() {
        HhNegotiation applied = simulator.addNegotiation(SALES, "inbox", "response", resume(10));
        AtomicInteger lists = new AtomicInteger();
        AtomicBoolean invitedFails = new AtomicBoolean();
        simulator.faults().onPaths(".*/vacancies/active|/negotiations/invited").beforeEach(path -> {
            // the user's own list first, then the ghost manager's, refused at every poll
            boolean ghostsList = path.endsWith("/vacancies/active") && lists.incrementAndGet() % 2 == 0;
            if (ghostsList || path.equals("/negotiations/invited") && invitedFails.get()) {
                simulator.faults().failNext(1, ghostsList ? 404 : 500);
            }
        });
        Map<String, String> properties = HhPollSupport.properties(simulator, prefix, "active");
        properties.put("bridge.hh.manager-ids", "ghost");

        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            HhPollSupport.events(prefix, 1);
            // hired, the vacancy archived, and its collection "invited" (not the last one) fails for some polls
            invitedFails.set(true);
            simulator.moveNegotiation(applied.id(), "invited", "invitation");
            simulator.archiveVacancy(SALES);
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("WARN", " skipped in this poll") == 1);
            invitedFails.set(false);

            // before, the manager's 404 was taken for the vacancy's: "it does not exist or is not this employer's
            // (404)", and the vacancy, thought gone, was never read again: the change never arrived
            await().atMost(Duration.ofSeconds(20)).until(() -> HhPollSupport.events(prefix, 2).size() == 2);
            assertThat(json(HhPollSupport.events(prefix, 2).get(1)).path("status").asText()).isEqualTo("invitation");
            // one line for the vacancies hh.ru failed for (the other active one's "invited" failed too)
            assertThat(log.lines("WARN", " skipped in this poll: HH GET /negotiations/invited -> 500")).isOne();
            assertThat(log.lines("WARN", "(404)")).isZero();
        }
    }

    /** hh.ru answers 404 for the list of a manager it does not know (one who left): the other lists are read. */
    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void aManagerHhRuDoesNotKnowStopsNoOtherList() {
        HhNegotiation applied = simulator.addNegotiation(SALES, "inbox", "response", resume(9));
        AtomicInteger lists = new AtomicInteger();
        // the user's own list first, then the manager's, at every poll: the manager's is refused
        simulator.faults().onPaths(".*/vacancies/active").beforeEach(path -> {
            if (path.endsWith("/vacancies/active") && lists.incrementAndGet() % 2 == 0) {
                simulator.faults().failNext(1, 404);
            }
        });
        Map<String, String> properties = HhPollSupport.properties(simulator, prefix, "active");
        properties.put("bridge.hh.manager-ids", "ghost");

        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            assertThat(HhPollSupport.events(prefix, 1)).extracting(ConsumerRecord::key)
                    .containsExactly("hh:" + applied.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> lists.get() >= 6);
            assertThat(log.lines("WARN", "the active vacancies of manager ghost (bridge.hh.manager-ids) are refused"))
                    .isOne();
        }
    }

    /** An answer hh.ru should not give (a negotiation without id): skipped, said once however often it is read. */
    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void aNegotiationWithoutIdIsSkippedWithOneWarnLine() {
        simulator.addNegotiation(SALES, "inbox", "response", resume(6));
        simulator.faults().onPaths("/negotiations/inbox").answerNext(3, "{\"found\": 1, \"pages\": 1, \"page\": 0,"
                + " \"per_page\": 20, \"items\": [{\"state\": {\"id\": \"response\"}}]}");

        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(
                HhPollSupport.properties(simulator, prefix, SALES))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                    .filter(request -> request.path().equals("/negotiations/inbox")).count() >= 4);
            assertThat(log.lines("WARN", "negotiation(s) without id or state skipped")).isOne();
            // the poll after the faults reads the negotiation itself, and says the collection has none again
            HhPollSupport.events(prefix, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru vacancy " + SALES
                    + " collection inbox: every negotiation has an id and a state again, after 3 polls since ") == 1);
            // read until quiet (polls every 500 ms): the later polls emit the negotiation no second time
            assertThat(HhPollSupport.events(prefix)).hasSize(1);
        }
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void aRestartEmitsNothingTwiceAndAMoveEmitsOneStatusChange() {
        HhNegotiation moving = simulator.addNegotiation(SALES, "inbox", "response", resume(1));
        IntStream.range(2, 60).forEach(i -> simulator.addNegotiation(SALES, "inbox", "response", resume(i)));
        Map<String, String> properties = HhPollSupport.properties(simulator, prefix, SALES);

        try (TestApplication app = TestApplication.start(properties)) {
            assertThat(HhPollSupport.events(prefix, 59)).hasSize(59);
        }
        simulator.moveNegotiation(moving.id(), "invited", "invitation");
        HhNegotiation late = simulator.addNegotiation(SALES, "inbox", "response", resume(100));
        List<ConsumerRecord<String, String>> events;
        JsonNode result;
        try (TestApplication app = TestApplication.start(properties)) {
            HhPollSupport.events(prefix, 61);
            // a 2015 answer has no actions: the status names where PUT /negotiations/{status}/{nid} moves it
            result = app.template().requestBody("direct:application-status-command", "{\"application_id\":\"hh:"
                    + late.id() + "\",\"status\":\"discard\",\"message\":\"Спасибо за отклик\"}", JsonNode.class);
            HhPollSupport.events(prefix, 62);
            events = HhPollSupport.events(prefix);
        }

        assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(simulator.executedActions()).singleElement().satisfies(action -> {
            assertThat(action.method()).isEqualTo("PUT");
            assertThat(action.actionId()).isEqualTo("discard");
            assertThat(action.arguments()).containsEntry("message", "Спасибо за отклик");
        });
        assertThat(events).filteredOn(e -> e.key().equals("hh:" + late.id())).map(HhPollSupport::json)
                .extracting(e -> e.path("status").asText()).containsExactly("response", "discard");
        events = events.stream().filter(e -> !e.key().equals("hh:" + late.id())).toList();
        assertThat(events).hasSize(60);
        assertThat(events).extracting(ConsumerRecord::key).filteredOn(key -> !key.equals("hh:" + moving.id()))
                .doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> e.key().equals("hh:" + moving.id())).map(HhPollSupport::json)
                .extracting(e -> e.path("event").asText(), e -> e.path("status").asText(),
                        e -> e.path("previous_status").asText(null), e -> e.path("collection").asText())
                .containsExactlyInAnyOrder(tuple("application.created", "response", null, "inbox"),
                        tuple("application.status_changed", "invitation", "response", "invited"));
    }

    private long collectionRequests(String vacancyId) {
        return simulator.requests().stream()
                .filter(r -> r.path().equals("/negotiations") && vacancyId.equals(r.param("vacancy_id"))).count();
    }

    private static HhResume resume(int i) {
        return HhResume.of("r" + i, "Имя" + i, "Фамилия" + i, "Продавец");
    }
}
