package ru.rabota.bridge.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.MovableClock;
import ru.rabota.bridge.testing.SimulatedVk;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/** The company poll against the VK simulator: what reaches rabota.company, alerts raised once and cleared. */
class CompanyPollTest {

    @Test
    void companyTransactionsOfEveryPagePacketsAndBalanceArePublishedAndThresholdsAlertOnce() throws Exception {
        // the simulator dates its packets and balance from its clock: stopped, nothing changes between two polls
        MovableClock clock = MovableClock.stopped();
        try (LogCapture logs = new LogCapture();
                SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig().clock(clock), Map.of(
                        "bridge.company.poll-interval", "1s",
                        "bridge.company.poll-delay", "3s",
                        // the simulator's company: 100000 RUB, otvas_jobs_limit 0, otvas_elevations_3d_limit 0,
                        // otvas_refreshes_limit 1
                        "bridge.company.alert.balance", "200000",
                        "bridge.company.alert.otvas_jobs_limit", "0",
                        "bridge.company.alert.otvas_elevation_3d_limit", "0",
                        "bridge.company.alert.otvas_refreshes_limit", "0"))) {
            payFiftyOneHighlights(bridge.vk());
            String topic = bridge.app().topic(Topic.COMPANY);

            // a third read of the balance: two polls are over
            await().atMost(Duration.ofSeconds(60)).until(() -> balanceReads(bridge) >= 3);
            Map<String, List<JsonNode>> sent = sent(topic);
            Map<String, JsonNode> first = sent.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> entry.getValue().get(0)));
            // what did not change was sent once, packets and balance too; an alert still crossed is not raised again
            sent.forEach((key, values) -> assertThat(values.size()).as(key).isOne());
            assertThat(first.keySet()).contains("company", "packets", "balance", "alert:balance",
                    "alert:otvas_jobs_limit", "alert:otvas_elevation_3d_limit")
                    .doesNotContain("alert:otvas_refreshes_limit");
            assertThat(first.keySet().stream().filter(key -> key.startsWith("transactions:"))).hasSize(51);
            assertThat(first.get("company").path("balance_rub").asText()).isEqualTo("84700");
            assertThat(first.get("company").at("/company/balance").asText()).isEqualTo("8470000.0");
            assertThat(first.get("alert:balance").path("detail").asText())
                    .isEqualTo("balance 84700 RUB is at or below the threshold 200000 RUB");
            assertThat(first.get("packets").path("packets").isArray()).isTrue();
            assertThat(first.get("balance").path("items").isArray()).isTrue();
            assertThat(TestKafka.consume(topic, Integer.MAX_VALUE, Duration.ofSeconds(1)))
                    .allSatisfy(record -> assertThat(TestKafka.header(record, BridgeHeaders.EVENT))
                            .isEqualTo(json(record.value()).path("event").asText()));
            assertThat(logs.lines("WARN", "Company alert: balance 84700 RUB")).isEqualTo(1);
            assertThat(logs.lines("WARN", "Company alert: otvas_elevation_3d_limit 0")).isEqualTo(1);
            assertThat(bridge.app().context().getRegistry().lookupByNameAndType("vasState", KafkaStateStore.class)
                    .get("prices")).hasValueSatisfying(prices -> assertThat(prices).contains("\"job_highlight\":\"300\""));

            // a minute later the packets and the balance (their dates) changed, nothing else: those two are sent again
            clock.advance(Duration.ofMinutes(1));
            Map<String, List<JsonNode>> later = await().atMost(Duration.ofSeconds(30)).until(
                    () -> sent(topic),
                    records -> records.get("packets").size() >= 2 && records.get("balance").size() >= 2);
            later.forEach((key, values) -> assertThat(values.size()).as(key)
                    .isEqualTo(List.of("packets", "balance").contains(key) ? 2 : 1));

            // a restart, the balance still crossed: polled again, not raised again
            long balanceReads = balanceReads(bridge);
            bridge.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> balanceReads(bridge) > balanceReads);
            bridge.vk().state().setBalance("50000000.0");

            // before, the restart raised it again, and never cleared it: its memory was the process's
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alerts(topic))
                    .containsExactly("company.alert", "company.alert_cleared"));
        }
    }

    /**
     * A read that fails (GET /vas_transactions answering 403) stops no other part: the company with its balance alert,
     * the packets and the balance are published meanwhile, and the failing part costs one WARN line when it starts
     * failing and one INFO line when it is read again. Before, the poll published nothing at all: no balance alert.
     */
    @Test
    void aPartThatFailsCostsOneWarnLineAndStopsNoOtherPart() throws Exception {
        try (LogCapture logs = new LogCapture();
                SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                        "bridge.company.poll-interval", "1s",
                        "bridge.company.poll-delay", "1s",
                        "bridge.company.alert.balance", "200000"))) {
            payFiftyOneHighlights(bridge.vk());
            bridge.vk().faults().onPaths("/vas_transactions").failNext(1000, 403);
            String topic = bridge.app().topic(Topic.COMPANY);

            await().atMost(Duration.ofSeconds(60)).until(() -> reads(bridge, "/vas_transactions") >= 3);
            assertThat(sent(topic).keySet()).contains("company", "alert:balance", "packets", "balance")
                    .noneMatch(key -> key.startsWith("transactions:"));
            assertThat(logs.lines("WARN", "Company poll: part transactions failed, the other parts go on")).isOne();
            assertThat(logs.lines("WARN", "Company poll")).isOne();
            // the balance of the first poll, which may come before the highlights above were all paid
            assertThat(logs.lines("WARN", "Company alert: balance ")).isOne();

            bridge.vk().faults().reset();
            await().atMost(Duration.ofSeconds(30)).until(() -> sent(topic).keySet().stream()
                    .filter(key -> key.startsWith("transactions:")).count() == 51);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines("INFO", "Company poll: part transactions succeeds again, after ") == 1);
            assertThat(logs.lines("WARN", "Company poll")).isOne();
        }
    }

    /** The values the topic holds under each key, in the order sent. */
    private static Map<String, List<JsonNode>> sent(String topic) {
        return TestKafka.consume(topic, Integer.MAX_VALUE, Duration.ofSeconds(1)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(record -> json(record.value()), Collectors.toList())));
    }

    private static long balanceReads(SimulatedVk bridge) {
        return reads(bridge, "/packets/categories_balance");
    }

    private static long reads(SimulatedVk bridge, String path) {
        return bridge.vk().requests().stream().filter(request -> request.is("GET", path)).count();
    }

    private static List<String> alerts(String topic) {
        return TestKafka.consumeUntilQuiet(topic, Duration.ofSeconds(1), Duration.ofSeconds(10)).stream()
                .filter(record -> record.key().equals("alert:balance"))
                .map(record -> json(record.value()).path("event").asText()).toList();
    }

    /**
     * With {@code bridge.company.poll-cron} the poll runs on the cron, every second here, although its interval and
     * first delay are an hour: the API is asked twice within seconds, and the company reaches Kafka.
     */
    @Test
    void aCronExpressionRunsThePollInsteadOfItsInterval() {
        try (SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                "bridge.company.poll-interval", "1h",
                "bridge.company.poll-delay", "1h",
                "bridge.company.poll-cron", "0/1 * * * * ?"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.vk().requests().stream()
                    .filter(request -> request.is("GET", "/company")).count() >= 2);

            assertThat(TestKafka.consume(bridge.app().topic(Topic.COMPANY), 1, Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::key).contains("company");
        }
    }

    /**
     * A threshold that is no number stops the start with the property and its value, which the application's one
     * ERROR line shows ({@code Not started: ...}); it was a bare NumberFormatException inside the route's failure.
     */
    @Test
    void aThresholdThatIsNoNumberStopsTheStartNamingItsPropertyAndValue() {
        assertThatThrownBy(() -> TestApplication.start(Map.of("bridge.company.alert.balance", "1 000")).close())
                .hasRootCauseInstanceOf(InvalidPropertyException.class).rootCause()
                .hasMessage("bridge.company.alert.balance = '1 000' is not a number such as 1000 or 1.5");
    }

    /** 51 VAS transactions, one more than a page: job_highlight is paid from the wallet, 300 RUB each. */
    private static void payFiftyOneHighlights(VkSimulator vk) throws Exception {
        long job = vk.state().addJob("Курьер", "HR-1").id();
        String actions = IntStream.range(0, 51).mapToObj(i -> "{\"action\":\"job_highlight\",\"job_id\":\"" + job + "\"}")
                .collect(Collectors.joining(",", "{\"actions\":[", "]}"));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(vk.baseUrl() + "/paid_actions"))
                .header("Authorization", "Worki " + vk.issueToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(actions)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(vk.state().transactions()).hasSize(51);
    }

    private static JsonNode json(String text) {
        return CommandJson.parse(text).tree();
    }
}
