package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static ru.rabota.bridge.hh.HhPollSupport.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhExecutedAction;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.hh.HhWebhookDelivery;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * The bundle against hh.ru as it answers today (CONTRACT.md section 5), one application for the class: the first
 * poll of the employer's active vacancies, status commands on negotiations, and webhooks. Polls come once an hour
 * after the first, so whatever arrives later arrived by webhook or by command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HhTodayTest {

    private static final String SALES = "123456";
    private static final String STOCK = "123457";
    private static final String SECRET = "webhook-secret-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private HhSimulator simulator;
    private TestApplication app;
    private String prefix;
    private int port;
    private HhNegotiation first;
    private RecordedRequest subscription;
    private List<RecordedRequest> firstPoll;

    @BeforeAll
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig().generatedCollectionsAlways(true)
                .webhookRetryDelay(Duration.ofMillis(200))).start();
        simulator.archiveVacancy(STOCK);
        simulator.addVacancy("123458", "Водитель");
        // other managers' vacancies, which hh.ru lists only when asked by manager_id
        simulator.addVacancy("123459", "Кладовщик", "5555");
        simulator.addVacancy("123460", "Охранник", "7777");
        first = simulator.addNegotiation(SALES, "response", "response", HhResume.of("r-1", "Иван", "Петров", "Продавец"));
        simulator.addNegotiation("123458", "interview", "invitation", null);
        simulator.addNegotiation(STOCK, "response", "response", null);
        prefix = TestKafka.uniquePrefix(getClass());
        port = ru.rabota.sandbox.FreePort.next();
        Map<String, String> properties = HhPollSupport.webhookProperties(simulator, prefix, "active", port, SECRET);
        properties.put("bridge.hh.manager-ids", "5555");
        app = TestApplication.start(properties);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.is("POST", "/webhook/subscriptions")));
        subscription = simulator.requests().stream().filter(r -> r.is("POST", "/webhook/subscriptions"))
                .findFirst().orElseThrow();
        // the first poll, whole (its events, then no request for a second): each test clears the requests, and the
        // next poll is an hour away
        HhPollSupport.events(prefix, 2);
        AtomicInteger requests = new AtomicInteger(-1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20))
                .until(() -> {
                    int now = simulator.requests().size();
                    return requests.getAndSet(now) == now;
                });
        firstPoll = List.copyOf(simulator.requests());
    }

    @AfterAll
    void stop() {
        app.close();
        simulator.close();
    }

    @BeforeEach
    void clearRequests() {
        simulator.clearRequests();
    }

    @Test
    @Order(0)
    void theWebhookIsSubscribedAtStartWithTheSecretInItsPath() {
        JsonNode body = HhPollSupport.json(subscription.body());

        assertThat(body.path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/hh/webhook/" + SECRET);
        assertThat(body.path("actions").findValuesAsText("type")).containsExactly(
                "NEGOTIATION_EMPLOYER_STATE_CHANGE", "NEW_NEGOTIATION_VACANCY", "NEW_RESPONSE_OR_INVITATION_VACANCY");
    }

    @Test
    @Order(1)
    void theFirstPollReadsEveryActiveVacancyInTodaysShapeAndNoGeneratedCollection() {
        List<ConsumerRecord<String, String>> events = HhPollSupport.events(prefix, 2);

        assertThat(events).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("hh:" + first.id(), "hh:" + simulator.negotiations("123458").get(0).id());
        JsonNode event = events.stream().filter(e -> e.key().equals("hh:" + first.id())).map(HhPollSupport::json)
                .findFirst().orElseThrow();
        assertThat(event.path("event").asText()).isEqualTo("application.created");
        assertThat(event.path("status").asText()).isEqualTo("response");
        assertThat(event.path("candidate_state").asText()).isEqualTo("response");
        assertThat(event.path("collection").asText()).isEqualTo("response");
        assertThat(event.path("job_id").asText()).isEqualTo(SALES);
        assertThat(event.path("actions").toString())
                .isEqualTo("[\"consider\",\"phone_interview\",\"interview\",\"discard_by_employer\"]");
        assertThat(event.at("/candidate/first_name").asText()).isEqualTo("Иван");
        JsonNode invited = json(events.stream().filter(e -> !e.key().equals("hh:" + first.id())).findFirst()
                .orElseThrow());
        assertThat(invited.path("status").asText()).isEqualTo("interview");
        assertThat(invited.path("candidate_state").asText()).isEqualTo("invitation");
    }

    @Test
    @Order(2)
    void theActiveListIsReadThroughTheEmployerOfTheTokenAndGeneratedCollectionsAreNeverRequested() {
        List<String> polled = app.template().requestBody("direct:hh-vacancies-to-poll", null, List.class);

        // the token's user's list, then the one of bridge.hh.manager-ids: not the other manager's
        assertThat(polled).containsExactly(SALES, "123458", "123459");
        assertThat(simulator.requests()).extracting(RecordedRequest::path)
                .contains("/employers/" + simulator.employerId() + "/vacancies/active")
                .doesNotContain("/me");
        assertThat(simulator.requests()).filteredOn(r -> r.path().endsWith("/vacancies/active"))
                .extracting(r -> String.valueOf(r.param("manager_id"))).containsExactly("null", "5555");
        // the poll read the collections of the vacancies with negotiations, and no generated one though listed
        assertThat(firstPoll).filteredOn(r -> r.path().matches("/negotiations/\\D[^/]*"))
                .extracting(r -> r.path() + "?vacancy_id=" + r.param("vacancy_id"))
                .contains("/negotiations/response?vacancy_id=" + SALES, "/negotiations/interview?vacancy_id=123458");
        assertThat(firstPoll).noneMatch(r -> r.path().contains("vacancy_visitors")
                || r.path().contains("relevant_responses") || "true".equals(r.param("with_generated_collections")));
    }

    @Test
    @Order(3)
    void aStatusCommandFromKafkaCallsTheNegotiationsActionAndEmitsTheChangeOnce() {
        TestKafka.send(Topic.APPLICATIONS_COMMANDS.topicName(prefix), "hh:" + first.id(),
                "{\"application_id\":\"hh:" + first.id() + "\",\"status\":\"interview\","
                        + "\"message\":\"Ждём вас завтра в 11:00\",\"send_sms\":true,\"request_id\":\"r-9\"}");

        ConsumerRecord<String, String> result = TestKafka.consume(Topic.APPLICATIONS_RESULTS.topicName(prefix), 1,
                Duration.ofSeconds(30)).get(0);
        assertThat(result.key()).isEqualTo("hh:" + first.id());
        assertThat(json(result).path("outcome").asText()).as(result.value()).isEqualTo("ok");
        assertThat(json(result).path("request_id").asText()).isEqualTo("r-9");
        assertThat(simulator.executedActions()).singleElement().satisfies(action -> {
            assertThat(action.actionId()).isEqualTo("interview");
            assertThat(action.arguments()).isEqualTo(Map.of("message", "Ждём вас завтра в 11:00", "send_sms",
                    "true"));
        });
        assertThat(simulator.negotiation(first.id()).employerStateId()).isEqualTo("interview");

        ConsumerRecord<String, String> changed = latest(HhPollSupport.events(prefix, 3), first.id());
        assertThat(json(changed).path("event").asText()).isEqualTo("application.status_changed");
        assertThat(json(changed).path("status").asText()).isEqualTo("interview");
        assertThat(json(changed).path("previous_status").asText()).isEqualTo("response");
        assertThat(json(changed).path("candidate_state").asText()).isEqualTo("invitation");
        assertThat(TestKafka.header(changed, BridgeHeaders.CORRELATION_ID)).isEqualTo("r-9");
    }

    @Test
    @Order(4)
    void whatTheBundleCanTellBeforehandIsRejectedWithoutAnAction() {
        HhNegotiation second = simulator.addNegotiation(SALES, "response", "response", null);

        assertThat(command("{\"application_id\":\"" + second.id() + "\",\"source\":\"hh\",\"status\":\"interview\"}")
                .path("detail").asText()).isEqualTo("negotiations: empty_message; message: missing, hh.ru's action"
                        + " \"interview\" requires it");
        assertThat(command("{\"application_id\":\"hh:" + second.id() + "\",\"status\":\"offer\"}")
                .path("detail").asText()).isEqualTo("negotiations: wrong_state; status: hh.ru's action \"offer\" is"
                        + " not enabled for this negotiation now");
        assertThat(command("{\"application_id\":\"hh:" + second.id() + "\",\"status\":\"hired\"}")
                .path("detail").asText()).startsWith("negotiations: wrong_state; status: \"hired\" is neither an"
                        + " action nor a resulting"
                        + " employer state of hh.ru negotiation " + second.id() + "; its enabled actions: consider");
        JsonNode unknownSource = command("{\"application_id\":\"superjob:1\",\"status\":\"interview\"}");
        assertThat(unknownSource.path("detail").asText()).isEqualTo("source: \"superjob\" is none of [vkrabota, hh]");
        assertThat(unknownSource.path("application_id").asText()).isEqualTo("superjob:1");

        assertThat(simulator.executedActions()).hasSize(1);
        assertThat(simulator.requests()).noneMatch(r -> r.method().equals("PUT"));
    }

    @Test
    @Order(5)
    void hhRusOwnRefusalIsRejectedWithItsTypeAndValue() {
        JsonNode unknown = command("{\"application_id\":\"hh:999999\",\"status\":\"interview\",\"message\":\"x\"}");

        assertThat(unknown.path("outcome").asText()).isEqualTo("rejected");
        assertThat(unknown.path("detail").asText()).isEqualTo("not_found");
    }

    @Test
    @Order(6)
    void aWebhookBringsANewNegotiationAtOnceAndARepeatedNotificationIsNotReadAgain() {
        HhNegotiation arrived = simulator.addResponse(SALES, HhResume.of("r-2", "Анна", "Сидорова", "Кассир"));

        ConsumerRecord<String, String> event = latest(HhPollSupport.events(prefix, 4), arrived.id());
        assertThat(json(event).path("event").asText()).isEqualTo("application.created");
        assertThat(json(event).path("collection").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhookDeliveries().stream()
                .filter(d -> d.body().contains(arrived.id())).anyMatch(HhWebhookDelivery::succeeded));
        long reads = negotiationReads(arrived.id());
        assertThat(reads).as("reads of the negotiation the webhook brought").isPositive();

        HhWebhookDelivery delivered = simulator.webhookDeliveries().stream()
                .filter(d -> d.body().contains(arrived.id())).findFirst().orElseThrow();
        simulator.redeliver(delivered.notificationId());
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhookDeliveries().stream()
                .filter(d -> d.notificationId().equals(delivered.notificationId())).count() >= 2);

        assertThat(simulator.webhookDeliveries()).filteredOn(d -> d.notificationId().equals(delivered.notificationId()))
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(204));
        // the repeated delivery was answered 204 before it was handled: a read it caused would come after
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> negotiationReads(arrived.id()) == reads);
        assertThat(HhPollSupport.events(prefix)).hasSize(4);
    }

    @Test
    @Order(7)
    void anEmployerStateChangedOnHhRuArrivesByWebhook() {
        HhNegotiation moved = simulator.changeEmployerState(first.id(), "offer");

        ConsumerRecord<String, String> event = latest(HhPollSupport.events(prefix, 5), moved.id());
        assertThat(json(event).path("status").asText()).isEqualTo("offer");
        assertThat(json(event).path("previous_status").asText()).isEqualTo("interview");
    }

    @Test
    @Order(8)
    void aWrongSecretIsNotFoundAndABrokenBodyIsAcceptedWithOneWarning() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertThat(post("/hh/webhook/wrong", "{\"id\":\"1\",\"payload\":{\"topic_id\":\"" + first.id() + "\"}}"))
                    .isEqualTo(404);
            assertThat(post("/hh/other", "{}")).isEqualTo(404);
            // another method: not found with a wrong secret too, not allowed only with the right one
            assertThat(get("/hh/webhook/wrong")).isEqualTo(404);
            assertThat(get("/hh/webhook/" + SECRET)).isEqualTo(405);
            assertThat(post("/hh/webhook/" + SECRET, "not json")).isEqualTo(204);
            assertThat(post("/hh/webhook/" + SECRET, "{\"id\":\"n-1\",\"action_type\":\"NEW_NEGOTIATION_VACANCY\","
                    + "\"payload\":{}}")).isEqualTo(204);
            // a vacancy's event (a subscription made by hand may carry one): no negotiation, no line (before, a WARN:
            // its payload names no topic_id)
            assertThat(post("/hh/webhook/" + SECRET, "{\"id\":\"v-1\",\"action_type\":\"VACANCY_CHANGE\","
                    + "\"payload\":{\"vacancy_id\":\"123\"}}")).isEqualTo(204);

            // a body sent as a form (curl -d '{}'): its fields were the message's headers, written back into the
            // answer, and a field name no HTTP header can have made it a 500 with an ERROR line and two stack traces
            assertThat(post("/hh/webhook/wrong", "{}", "application/x-www-form-urlencoded")).isEqualTo(404);
            assertThat(post("/hh/webhook/" + SECRET, "{\"id\":\"x\"}", "application/x-www-form-urlencoded"))
                    .isEqualTo(204);

            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines("WARN", "hh.ru webhook ignored") == 3);
            assertThat(log.lines("WARN", "hh.ru webhook ignored, not JSON")).isOne();
            assertThat(log.lines("WARN", "hh.ru webhook ignored, no payload.topic_id")).isOne();
            assertThat(log.lines("ERROR", "")).isZero();
        }
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    @Order(9)
    void aNotificationIdIsSeenBeforeOnlyWithinItsTypeOfEvent() throws Exception {
        // hh.ru's id is unique within one type of event of a subscription: another type may repeat it
        String change = "{\"id\":\"77\",\"action_type\":\"%s\",\"payload\":{\"topic_id\":\"" + first.id() + "\"}}";
        assertThat(post("/hh/webhook/" + SECRET, change.formatted("NEW_RESPONSE_OR_INVITATION_VACANCY")))
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> negotiationReads(first.id()) == 1);
        assertThat(post("/hh/webhook/" + SECRET, change.formatted("NEGOTIATION_EMPLOYER_STATE_CHANGE")))
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> negotiationReads(first.id()) == 2);
        assertThat(post("/hh/webhook/" + SECRET, change.formatted("NEGOTIATION_EMPLOYER_STATE_CHANGE")))
                .isEqualTo(204);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> negotiationReads(first.id()) == 2);
    }

    @Test
    @Order(9)
    void webhooksNotHandledOneAfterAnotherAreOneWarningAndOneLineWhenOneIsHandledAgain() throws Exception {
        String notification = "{\"id\":\"%s\",\"action_type\":\"NEGOTIATION_EMPLOYER_STATE_CHANGE\","
                + "\"payload\":{\"topic_id\":\"%s\"}}";
        try (LogCapture log = new LogCapture()) {
            // negotiations hh.ru does not know: each read answers 404
            for (int i = 1; i <= 3; i++) {
                assertThat(post("/hh/webhook/" + SECRET, notification.formatted("gone-" + i, "99999" + i)))
                        .isEqualTo(204);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.requests().stream()
                    .filter(r -> r.path().startsWith("/negotiations/99999")).count() == 3);
            assertThat(post("/hh/webhook/" + SECRET, notification.formatted("back-1", first.id()))).isEqualTo(204);

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("INFO",
                    "hh.ru webhooks are handled again, after 3 webhooks not handled since ") == 1);
            // before, a WARN line per webhook
            assertThat(log.lines("WARN", "hh.ru webhook")).isOne();
            assertThat(log.lines("WARN", "hh.ru webhook gone-1 for negotiation 999991 not handled (HH GET"
                    + " /negotiations/999991 -> 404")).isOne();
        }
    }

    /** The last event of the negotiation (events of one key keep their order; across keys they do not). */
    private static ConsumerRecord<String, String> latest(List<ConsumerRecord<String, String>> events, String id) {
        return events.stream().filter(e -> e.key().equals("hh:" + id)).reduce((a, b) -> b).orElseThrow();
    }

    private long negotiationReads(String id) {
        return simulator.requests().stream().filter(r -> r.path().equals("/negotiations/" + id)).count();
    }

    @Test
    @Order(10)
    void anActionWhoseAnswerIsLostIsNotSentAgainAndOneAnswered503IsSentOnceMore() {
        HhNegotiation lost = simulator.addNegotiation(SALES, "response", "response", null);
        HhNegotiation refused = simulator.addNegotiation(SALES, "response", "response", null);
        simulator.faults().onPaths("/negotiations/[a-z_]+/\\d+");
        try {
            // hh.ru carries the action out and its answer is lost: read back, it is not sent again (the candidate
            // would get the message twice)
            simulator.faults().loseAnswerNext(1);
            JsonNode first = command("{\"application_id\":\"hh:" + lost.id() + "\",\"status\":\"consider\"}");
            // hh.ru refuses it with a 503 before doing anything: sent once more (before, both were dead letters)
            simulator.faults().failNext(1, 503);
            JsonNode second = command("{\"application_id\":\"hh:" + refused.id() + "\",\"status\":\"consider\"}");

            assertThat(first.path("outcome").asText()).as("%s", first).isEqualTo("ok");
            assertThat(second.path("outcome").asText()).as("%s", second).isEqualTo("ok");
        } finally {
            simulator.faults().reset();
        }
        assertThat(simulator.executedActions()).extracting(HhExecutedAction::negotiationId)
                .filteredOn(id -> id.equals(lost.id()) || id.equals(refused.id()))
                .containsExactlyInAnyOrder(lost.id(), refused.id());
        assertThat(simulator.requests()).filteredOn(r -> r.method().equals("PUT"))
                .extracting(r -> r.path() + " " + r.status())
                .containsExactly("/negotiations/consider/" + lost.id() + " -1",
                        "/negotiations/consider/" + refused.id() + " 503",
                        "/negotiations/consider/" + refused.id() + " 204");
    }

    @Test
    @Order(11)
    void aCommandForTheStateTheNegotiationIsInIsOkWithoutAnAction() {
        HhNegotiation second = simulator.addNegotiation(SALES, "response", "response", null);
        String command = "{\"application_id\":\"hh:" + second.id() + "\",\"status\":\"consider\"}";
        assertThat(command(command).path("outcome").asText()).isEqualTo("ok");

        // the same command again (read again after its answer was lost to a Kafka outage, or sent twice): the
        // negotiation is there, nothing is called; before, "consider" was no longer offered, and it was rejected
        JsonNode again = command(command);

        assertThat(again.path("outcome").asText()).as("%s", again).isEqualTo("ok");
        assertThat(simulator.executedActions()).filteredOn(action -> action.negotiationId().equals(second.id()))
                .hasSize(1);
    }

    @Test
    @Order(12)
    void anArgumentThatIsNoSingleValueAndAStatusThatIsNoIdAreNamed() {
        HhNegotiation third = simulator.addNegotiation(SALES, "response", "response", null);

        assertThatThrownBy(() -> command("{\"application_id\":\"hh:" + third.id() + "\",\"status\":\"consider\","
                + "\"message\":[\"Ждём вас\"]}")).rootCause().hasMessage("message: [\"Ждём вас\"] is not a single"
                        + " value, as hh.ru's action \"consider\" takes it");
        assertThat(command("{\"application_id\":\"hh:" + third.id() + "\",\"status\":\"in vited\"}")
                .path("detail").asText()).isEqualTo("status: \"in vited\" is no hh.ru action or employer state id"
                        + " (letters, digits, _ and -)");
        assertThat(simulator.executedActions()).noneMatch(action -> action.negotiationId().equals(third.id()));
    }

    private JsonNode command(String command) {
        return app.template().requestBody("direct:application-status-command", command, JsonNode.class);
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int post(String path, String body) throws Exception {
        return post(path, body, "application/json");
    }

    private int post(String path, String body, String contentType) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
