package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.MessageSchemas;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.sandbox.http.RecordedRequest;

/** VAS commands against the VK simulator, under the spending guard: what VK received, what came back, what was paid. */
class VasCommandTest extends SimulatedVkTestSupport {

    private long jobId;

    @Override
    protected Map<String, String> properties() {
        // an outage is counted over for twice the longest retry delay without a failure: long enough for a test's
        // second command to find VK counted down
        return Map.of("bridge.vas.daily-budget", "100000", "bridge.vas.daily-limit.job_refresh", "1",
                "bridge.retry.max-delay", "1s");
    }

    @BeforeAll
    void addJob() {
        jobId = bridge.vk().state().addJob("Курьер", "HR-1").id();
    }

    @Test
    void oneFailedActionInsideA200AnswerFailsTheCommandAndIsNotCounted() {
        JsonNode result = vas("{\"request_id\":\"r-partial\",\"actions\":["
                + "{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"},"
                + "{\"action\":\"job_highlight\",\"job_id\":\"99999\"}]}");

        assertThat(result.path("event").asText()).isEqualTo("vas.result");
        assertThat(result.path("outcome").asText()).isEqualTo("failed");
        assertThat(result.path("detail").asText()).isEqualTo("1 of 2 actions failed: job_highlight (job 99999): Вакансия не найдена");
        assertThat(result.path("results")).extracting(r -> r.path("status").asText()).containsExactly("success", "failed");
        assertThat(result.at("/results/1/error_message").asText()).isEqualTo("Вакансия не найдена");
        assertThat(result.at("/response/actions/0/job/highlighted").asBoolean()).isTrue();
        assertThat(result.at("/response/company/balance").asText())
                .isEqualTo(bridge.vk().state().company().balanceText());
        assertThat(paidCalls()).hasSize(1);
    }

    @Test
    void aReplayedRequestIdGetsTheFirstResultAndPaysOnce() {
        String balanceBefore = bridge.vk().state().company().balanceText();
        String command = "{\"request_id\":\"r-once\",\"use_account\":\"company\",\"actions\":["
                + "{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}";

        JsonNode first = vas(command);
        JsonNode replay = vas(command);

        assertThat(first.path("outcome").asText()).isEqualTo("ok");
        assertThat(replay).isEqualTo(first);
        assertThat(paidCalls()).hasSize(1);
        // job_highlight costs 300 roubles in the simulator, paid from the wallet in kopecks
        assertThat(new BigDecimal(balanceBefore).subtract(new BigDecimal(bridge.vk().state().company().balanceText())))
                .isEqualByComparingTo("30000");
    }

    @Test
    void twoCommandsOfOneRequestIdAtOnceUnderTwoKeysPayOnceAndBothGetTheOneResult() throws Exception {
        String command = "{\"request_id\":\"r-at-once\",\"actions\":["
                + "{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}";
        CountDownLatch paidCallSent = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        bridge.vk().faults().beforeEach(path -> {
            if (path.endsWith("/paid_actions")) {
                paidCallSent.countDown();
                Latches.awaitQuietly(answer, Duration.ofSeconds(30));
            }
        });
        // two lanes of their own: the records' keys differ, so they run at the same moment
        ExecutorService lanes = Executors.newFixedThreadPool(2);
        try {
            Future<JsonNode> first = lanes.submit(() -> vas(command));
            assertThat(paidCallSent.await(20, TimeUnit.SECONDS)).isTrue();
            Future<JsonNode> second = lanes.submit(() -> vas(command));
            // it waits for the first one's result: before, it found the first's intent without a result and was
            // answered failed, outcome unknown
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
            answer.countDown();

            JsonNode result = first.get(20, TimeUnit.SECONDS);
            assertThat(result.path("outcome").asText()).as("%s", result).isEqualTo("ok");
            assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo(result);
        } finally {
            answer.countDown();
            bridge.vk().faults().reset();
            lanes.shutdownNow();
        }
        assertThat(paidCalls()).hasSize(1);
    }

    @Test
    void theDailyLimitOfAnActionRefusesTheCommandThatWouldExceedIt() {
        JsonNode first = vas("{\"request_id\":\"r-refresh-1\",\"actions\":[{\"action\":\"job_refresh\",\"job_id\":\"" + jobId + "\"}]}");
        JsonNode second = vas("{\"request_id\":\"r-refresh-2\",\"actions\":[{\"action\":\"job_refresh\",\"job_id\":\"" + jobId + "\"}]}");

        assertThat(first.path("outcome").asText()).isEqualTo("ok");
        assertThat(second.path("outcome").asText()).isEqualTo("rejected");
        assertThat(second.path("detail").asText()).isEqualTo("daily limit of job_refresh reached: 1 a day, 1 used, this needs 1");
        assertThat(second.at("/results/0/status").asText()).isEqualTo("failed");
        assertThat(second.at("/results/0/error_message").asText()).isEqualTo("not sent");
        assertThat(paidCalls()).hasSize(1);
        // the limit refuses the rest of the day's: one WARN line when it first refused, an INFO line a command after
        try (LogCapture logs = new LogCapture()) {
            vas("{\"request_id\":\"r-refresh-3\",\"actions\":[{\"action\":\"job_refresh\",\"job_id\":\"" + jobId
                    + "\"}]}");
            assertThat(logs.lines("INFO", "Paid command r-refresh-3 refused: daily limit of job_refresh reached")).isOne();
            assertThat(logs.lines("WARN", "Paid command")).isZero();
        }
    }

    @Test
    void contactPurchasesAreDisabledByDefault() {
        JsonNode result = vas("{\"request_id\":\"r-contact\",\"actions\":[{\"action\":\"contact_view\",\"user_id\":\"5657\"}]}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).contains("bridge.vas.contacts.enabled=false");
        assertThat(paidCalls()).isEmpty();
    }

    @Test
    void aRequestIdOfAnotherKindOfPaidCommandIsRefusedNotAnsweredWithItsResult() {
        JsonNode vas = vas("{\"request_id\":\"r-shared\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\""
                + jobId + "\"}]}");
        JsonNode phone = bridge.result("candidates-command",
                "{\"command\":\"read_phone\",\"request_id\":\"r-shared\",\"user_id\":\"31136\"}");

        // before, the phone read was answered with the VAS command's result (a vas.result on the candidates' topic)
        assertThat(vas.path("outcome").asText()).isEqualTo("ok");
        assertThat(phone.path("event").asText()).isNotEqualTo(vas.path("event").asText());
        assertThat(phone.path("outcome").asText()).isEqualTo("rejected");
        assertThat(phone.path("detail").asText()).isEqualTo("request_id: \"r-shared\" was given before to a command"
                + " answered as " + vas.path("event").asText() + "; each paid command needs a request_id of its own");
        // the VAS command's replay still gets its own result
        assertThat(vas("{\"request_id\":\"r-shared\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\""
                + jobId + "\"}]}")).isEqualTo(vas);
    }

    @Test
    void phoneReadsAndContactPurchasesFromCandidateCommandsAreDisabledByDefault() {
        JsonNode phone = bridge.result("candidates-command", "{\"command\":\"read_phone\",\"request_id\":\"p-off\",\"user_id\":\"31136\"}");
        JsonNode contact = bridge.result("candidates-command", "{\"command\":\"buy_contact\",\"request_id\":\"c-off\",\"user_id\":\"31136\"}");

        assertThat(phone.path("outcome").asText()).isEqualTo("rejected");
        assertThat(phone.path("detail").asText()).contains("bridge.vas.contacts.enabled=false");
        assertThat(contact.path("outcome").asText()).isEqualTo("rejected");
        assertThat(bridge.vk().requests()).noneMatch(r -> r.path().contains("/candidates") || r.path().endsWith("/paid_actions"));
    }

    @Test
    void anUnfinishedEarlierAttemptIsNotRepeated() {
        store().put(SpendingGuard.REQUEST + "r-crashed", "{\"state\":\"pending\"}");

        String command = "{\"request_id\":\"r-crashed\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\""
                + jobId + "\"}]}";
        JsonNode result = vas(command);

        assertThat(result.path("outcome").asText()).isEqualTo("failed");
        assertThat(result.path("detail").asText()).isEqualTo("outcome unknown after a restart, check vas_transactions");
        // a result like any other VAS result: every action listed, failed as the contract has it, its outcome unknown
        assertThat(result.path("results")).singleElement().satisfies(action -> assertThat(action.path("status").asText()
                + ": " + action.path("error_message").asText()).startsWith("failed: outcome unknown"));
        assertThat(MessageSchemas.all().get("rabota.vas.results").payloadProblems(result)).isEmpty();
        assertThat(paidCalls()).isEmpty();
        // recorded: it stays the answer
        assertThat(vas(command)).isEqualTo(result);
    }

    @Test
    void aServerErrorAfterSendingIsNeitherRetriedNorRepeatedByAReplay() {
        bridge.vk().faults().onPaths(".*/paid_actions").failNext(1, 503);
        String command = "{\"request_id\":\"r-503\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}";
        try {
            JsonNode result = vas(command);
            JsonNode replay = vas(command);

            assertThat(result.path("outcome").asText()).isEqualTo("failed");
            assertThat(result.path("detail").asText()).startsWith("outcome unknown: VK POST /paid_actions -> 503");
            assertThat(result.at("/results/0/status").asText()).isEqualTo("failed");
            assertThat(result.at("/results/0/error_message").asText()).startsWith("outcome unknown");
            assertThat(replay).isEqualTo(result);
            assertThat(paidCalls()).hasSize(1);
            // VK is counted down now, but a replay calls nothing and waits for nothing
            assertThat(vkCalls("/company")).isEmpty();
        } finally {
            bridge.vk().faults().onPaths(".*");
        }
    }

    @Test
    void paidCommandsArrivingWhileVkIsDownWaitAndAreSentOnceWhenItAnswers() throws Exception {
        String highlight = "\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}";
        // VK answers (an outage counted by a test before is over)
        bridge.app().template().requestBody("direct:vk-get-company", (Object) null);
        bridge.vk().clearRequests();
        // VK down: every call fails (an answer of another flow's call would end the outage)
        bridge.vk().faults().onPaths(".*").serverErrors(1.0);
        CompletableFuture<JsonNode> second;
        CompletableFuture<JsonNode> third;
        LogCapture logs = new LogCapture();
        try {
            // the first goes into the outage, which nothing had seen yet: its outcome is unknown
            JsonNode first = vas("{\"request_id\":\"r-down-1\"," + highlight);
            assertThat(first.path("detail").asText()).startsWith("outcome unknown: VK POST /paid_actions -> 5");

            // two lanes of their own (the common pool has one thread on two cores)
            ExecutorService lanes = Executors.newFixedThreadPool(2);
            second = CompletableFuture.supplyAsync(() -> vas("{\"request_id\":\"r-down-2\"," + highlight), lanes);
            third = CompletableFuture.supplyAsync(() -> vas("{\"request_id\":\"r-down-3\"," + highlight), lanes);
            lanes.shutdown();
            // it waits on a free call, tried again and again, and sends nothing paid
            await().atMost(Duration.ofSeconds(20)).until(() -> vkCalls("/company").size() >= 3);
            assertThat(second).isNotDone();
            assertThat(paidCalls()).hasSize(1);
        } finally {
            bridge.vk().faults().reset();
        }

        JsonNode result = second.get(20, TimeUnit.SECONDS);
        assertThat(result.path("outcome").asText()).as("%s", result).isEqualTo("ok");
        assertThat(third.get(20, TimeUnit.SECONDS).path("outcome").asText()).isEqualTo("ok");
        assertThat(paidCalls()).extracting(RecordedRequest::status).satisfiesExactly(
                status -> assertThat(status).isBetween(500, 599), status -> assertThat(status).isEqualTo(200),
                status -> assertThat(status).isEqualTo(200));
        // one line for the commands that waited, one when they go on (before, a line per command)
        try (logs) {
            assertThat(logs.lines("INFO", "waits until VK Работа answers again")).isOne();
            assertThat(logs.lines("INFO", "Paid commands go on, VK Работа answers again (2 commands waited")).isOne();
        }
    }

    /**
     * A replay calls nothing and waits for nothing, also in an outage: before, it said that paid commands go on and
     * VK answers again while VK was still down and a command still waited.
     */
    @Test
    void aReplayDuringAnOutageDoesNotSayThatPaidCommandsGoOn() throws Exception {
        String highlight = "\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}";
        JsonNode handled = vas("{\"request_id\":\"r-replay-down-1\"," + highlight);
        bridge.vk().clearRequests();
        bridge.vk().faults().onPaths(".*").serverErrors(1.0);
        CompletableFuture<JsonNode> waiting;
        LogCapture logs = new LogCapture();
        try {
            // VK counted down by a paid call sent before anything saw the outage
            assertThat(vas("{\"request_id\":\"r-replay-down-0\"," + highlight).path("outcome").asText())
                    .isEqualTo("failed");
            ExecutorService lane = Executors.newSingleThreadExecutor();
            waiting = CompletableFuture.supplyAsync(() -> vas("{\"request_id\":\"r-replay-down-2\"," + highlight),
                    lane);
            lane.shutdown();
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines("INFO", "waits until VK Работа answers")
                    == 1);

            assertThat(vas("{\"request_id\":\"r-replay-down-1\"," + highlight)).isEqualTo(handled);
            assertThat(waiting).isNotDone();
            assertThat(logs.lines("INFO", "Paid commands go on")).isZero();
        } finally {
            bridge.vk().faults().reset();
        }
        try (logs) {
            assertThat(waiting.get(20, TimeUnit.SECONDS).path("outcome").asText()).isEqualTo("ok");
            assertThat(logs.lines("INFO", "Paid commands go on, VK Работа answers again (1 command waited")).isOne();
        }
    }

    @Test
    void aPaidCallWhoseTokenRenewalFailsForAWhileIsSentOnceATokenComes() {
        // a token first; then VK wants a new one (401) and POST /session answers 503 once: /paid_actions was not
        // sent again yet
        bridge.app().template().requestBody("direct:vk-get-company", (Object) null);
        bridge.vk().faults().onPaths(".*/(paid_actions|session)").failNext(1, 401).failNext(1, 503);
        try {
            JsonNode result = vas("{\"request_id\":\"r-session\",\"actions\":[{\"action\":\"job_highlight\","
                    + "\"job_id\":\"" + jobId + "\"}]}");

            // before, the session's 503 answered the command failed, VK may have charged, and counted the price
            assertThat(result.path("outcome").asText()).isEqualTo("ok");
            assertThat(paidCalls()).extracting(RecordedRequest::status).containsExactly(401, 200);
        } finally {
            bridge.vk().faults().onPaths(".*");
        }
    }

    @Test
    void externalIdsAreTurnedIntoJobIdsAndUnknownOnesRejected() {
        bridge.app().context().getRegistry().lookupByNameAndType("jobState", KafkaStateStore.class)
                .put("HR-VAS-1", "{\"job_id\":\"" + jobId + "\"}");

        JsonNode known = vas("{\"request_id\":\"r-ext\",\"actions\":[{\"action\":\"elevation_1d\",\"external_id\":\"HR-VAS-1\"}]}");
        JsonNode unknown = vas("{\"request_id\":\"r-ext-2\",\"actions\":[{\"action\":\"job_highlight\",\"external_id\":\"HR-NONE\"}]}");

        assertThat(known.path("outcome").asText()).isEqualTo("ok");
        assertThat(known.at("/results/0/job_id").asText()).isEqualTo(String.valueOf(jobId));
        assertThat(paidCalls()).singleElement().extracting(r -> r.body())
                .asString().contains("\"action\":\"elevation_1d\"").contains("\"job_id\":\"" + jobId + "\"");
        assertThat(unknown.path("outcome").asText()).isEqualTo("rejected");
        assertThat(unknown.path("detail").asText()).isEqualTo("actions[0].external_id: \"HR-NONE\" is no job the bundle published");
    }

    /** A customer's id in job_id went to VK, which refused it (Вакансия не найдена) on the paid route. */
    @Test
    void aJobIdThatIsNoVkJobIdIsRejectedWithoutACallNamingExternalId() {
        JsonNode result = vas("{\"request_id\":\"r-job-id\",\"actions\":[{\"action\":\"job_refresh\","
                + "\"job_id\":\"KAFKA-201\"}]}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).isEqualTo("actions[0].job_id: \"KAFKA-201\" is no VK Работа job id"
                + " (a number); name a job the bundle published by its external_id");
        assertThat(paidCalls()).isEmpty();
    }

    /**
     * A candidate's id is a number, as a contact purchase on rabota.candidates.commands checks: before, a contact_view
     * of {@code "user_id": "abc"} went to VK's paid actions, which refused it (Кандидат не найден).
     */
    @Test
    void aUserIdThatIsNoCandidateIdIsRejectedWithoutACall() {
        VasCommand command = VasCommand.parse(CommandJson.parse("{\"request_id\":\"r-user\",\"actions\":["
                + "{\"action\":\"contact_view\",\"user_id\":\"31136\"},{\"action\":\"contact_view\",\"user_id\":\"abc\"}]}"));

        assertThat(command.violations()).containsExactly("actions[1].user_id: \"abc\" is no candidate id (a number)");
    }

    /**
     * A misspelt {@code use_account} paid from the company's wallet (the default) without a word, where the customer
     * asked for bonuses: the field is told of, once per name, as a job command's are.
     */
    @Test
    void aFieldThePaidCommandsDoNotReadIsToldOfNamingTheClosestOne() {
        try (LogCapture logs = new LogCapture()) {
            vas("{\"request_id\":\"r-typo\",\"use_acount\":\"bonus\",\"actions\":[{\"action\":\"job_refresh\","
                    + "\"job_id\":\"KAFKA-201\"}]}");
            vas("{\"request_id\":\"r-typo-2\",\"use_acount\":\"bonus\",\"actions\":[{\"action\":\"job_refresh\","
                    + "\"job_id\":\"KAFKA-202\"}]}");
            bridge.result("candidates-command", "{\"command\":\"buy_contact\",\"request_id\":\"c-typo\","
                    + "\"user_id\":\"31136\",\"use_acount\":\"bonus\"}");

            assertThat(logs.lines("WARN", "VAS commands carry field \"use_acount\", which the bundle does not read: it"
                    + " is ignored; did you mean \"use_account\"?")).isOne();
            assertThat(logs.lines("WARN", "candidate commands carry field \"use_acount\", which the bundle does not"
                    + " read: it is ignored; did you mean \"use_account\"?")).isOne();
        }
    }

    @Test
    void unknownActionCodesAreRejectedWithoutACall() {
        JsonNode result = vas("{\"request_id\":\"r-bad\",\"actions\":[{\"action\":\"job_fly\",\"job_id\":\"1\"}]}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).startsWith("actions[0].action: \"job_fly\" is no paid action");
        assertThat(paidCalls()).isEmpty();
    }

    private JsonNode vas(String command) {
        return bridge.result("vas-command", command);
    }

    private List<RecordedRequest> paidCalls() {
        return vkCalls("/paid_actions");
    }

    private KafkaStateStore store() {
        return bridge.app().context().getRegistry().lookupByNameAndType("vasState", KafkaStateStore.class);
    }
}
