package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;

/** hh.ru's OAuth rules and the User-Agent: what the poller does when hh.ru says no. */
class HhAccessTest {

    private static final String VACANCY = "123456";
    private static final String POLL = "hh-negotiations-poll";

    private HhSimulator simulator;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).accessToken("ACCESS-1").refreshToken("REFRESH-1")
                .client("bridge-client", "bridge-secret")).start();
        prefix = TestKafka.uniquePrefix(getClass());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheNewPairOutlivesARestart() {
        Map<String, String> properties = refreshing("bridge-secret");
        negotiation(1);
        String refreshed;
        try (LogCapture log = new LogCapture()) {
            try (TestApplication app = TestApplication.start(properties)) {
                HhPollSupport.events(prefix, 1);
                simulator.expireAccessToken();
                negotiation(2);
                assertThat(HhPollSupport.events(prefix, 2)).hasSize(2);
            }
            refreshed = simulator.accessToken();
            assertThat(refreshed).isNotEqualTo("ACCESS-1");
            assertThat(storedPair()).contains("\"access_token\":\"" + refreshed + "\"",
                    "\"refresh_token\":\"" + simulator.refreshToken() + "\"");
            assertThat(simulator.requests()).filteredOn(request -> request.path().equals("/token"))
                    .singleElement().satisfies(refresh -> assertThat(refresh.body()).contains(
                            "grant_type=refresh_token", "refresh_token=REFRESH-1", "client_id=bridge-client"));
            simulator.clearRequests();

            // the same (now dead) pair configured: the stored one is used
            try (TestApplication app = TestApplication.start(properties)) {
                negotiation(3);
                assertThat(HhPollSupport.events(prefix, 3)).hasSize(3);
            }
            assertThat(log.text()).doesNotContain("ACCESS-1", "REFRESH-1", refreshed, simulator.refreshToken(),
                    "bridge-secret");
        }

        assertThat(simulator.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + refreshed);
            assertThat(request.status()).isEqualTo(200);
        });
        assertThat(simulator.accessToken()).isEqualTo(refreshed);
        assertThat(HhPollSupport.events(prefix)).hasSize(3);
    }

    @Test
    void anExpiredTokenThatCannotBeRefreshedStopsThePollWithOneError() {
        negotiation(1);
        try (LogCapture log = new LogCapture();
                TestApplication app = TestApplication.start(HhPollSupport.properties(simulator, prefix, VACANCY))) {
            HhPollSupport.events(prefix, 1);
            simulator.expireAccessToken();

            await().atMost(Duration.ofSeconds(30)).until(() -> app.context().getRouteController()
                    .getRouteStatus(POLL) == ServiceStatus.Stopped);
            HealthCheck.Result health = health(app);

            assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health.getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .contains("cannot be refreshed", "bridge.hh.refresh-token"));
            // what an alert can see: hh.ru answers, so bridge_api_up stays 1 (before, nothing else said it)
            MeterRegistry meters = app.context().getRegistry().findSingleByType(MeterRegistry.class);
            assertThat(meters.get("bridge.api.access").tag("api", "hh").gauge().value()).isZero();
            assertThat(meters.get("bridge.api.up").tag("api", "hh").gauge().value()).isOne();
            assertThat(log.errorsExceptKafkaClientShutdown()).isEqualTo(1);
            assertThat(log.lines("ERROR", "hh.ru says the access token expired, and it cannot be refreshed")).isOne();
        }
        assertThat(simulator.requests()).noneMatch(request -> request.path().equals("/token"));
        assertThat(simulator.requests()).filteredOn(request -> request.status() == 403).hasSize(1);
    }

    @Test
    void aRefusedRefreshStopsThePoll() {
        Map<String, String> properties = refreshing("wrong-secret");
        simulator.expireAccessToken();
        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.context().getRouteController()
                    .getRouteStatus(POLL) == ServiceStatus.Stopped);

            assertThat(health(app).getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .contains("hh.ru refused to refresh the access token (invalid_client"));
            assertThat(log.errorsExceptKafkaClientShutdown()).isEqualTo(1);
        }
        List<RecordedRequest> refreshes = simulator.requests().stream()
                .filter(request -> request.path().equals("/token")).toList();
        assertThat(refreshes).singleElement().satisfies(refresh -> {
            assertThat(refresh.body()).contains("grant_type=refresh_token", "refresh_token=REFRESH-1",
                    "client_id=bridge-client");
            assertThat(refresh.header("User-Agent")).isEqualTo(HhPollSupport.AGENT);
        });
    }

    @Test
    void aRefreshSendsTheRefreshTokenAloneWhenNoClientIsConfigured() {
        Map<String, String> properties = refreshing("unused");
        properties.remove("bridge.hh.client-id");
        properties.remove("bridge.hh.client-secret");
        negotiation(1);
        try (TestApplication app = TestApplication.start(properties)) {
            HhPollSupport.events(prefix, 1);
            simulator.expireAccessToken();
            negotiation(2);
            assertThat(HhPollSupport.events(prefix, 2)).hasSize(2);
        }
        assertThat(simulator.requests()).filteredOn(request -> request.path().equals("/token"))
                .singleElement().satisfies(refresh -> assertThat(refresh.body())
                        .isEqualTo("grant_type=refresh_token&refresh_token=REFRESH-1"));
    }

    @Test
    void aSpentRefreshTokenIsInvalidGrantWithOneErrorAndHhCallsStop() throws Exception {
        Map<String, String> properties = refreshing("bridge-secret");
        // another client spends REFRESH-1 first; the new pair expires in turn
        simulator.expireAccessToken();
        HttpResponse<String> spent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/token")).header("User-Agent", HhPollSupport.AGENT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=REFRESH-1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spent.statusCode()).isEqualTo(200);
        simulator.expireAccessToken();
        simulator.clearRequests();
        // refused as spent, the refresh waits for another instance's pair as long as that one's refresh may take
        // (the HTTP response timeout and a state write's): shortened here
        properties.put("camel.component.http.response-timeout", "5000");
        properties.put("bridge.state.timeout", "10s");
        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.context().getRouteController()
                    .getRouteStatus(POLL) == ServiceStatus.Stopped);

            assertThat(health(app).getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .contains("hh.ru refused to refresh the access token (invalid_grant"));
            assertThat(log.errorsExceptKafkaClientShutdown()).isEqualTo(1);
            assertThat(log.text()).doesNotContain("REFRESH-1", "ACCESS-1");
        }
        assertThat(simulator.requests()).filteredOn(request -> request.path().equals("/token")).hasSize(1);
    }

    @Test
    void withoutPaidApiAccessHhCallsStopWithOneErrorNamingTheFixAndTheRestGoesOn() {
        simulator.setPaidAccess(false);
        negotiation(1);
        try (LogCapture log = new LogCapture();
                TestApplication app = TestApplication.start(HhPollSupport.properties(simulator, prefix, VACANCY))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.context().getRouteController()
                    .getRouteStatus(POLL) == ServiceStatus.Stopped);

            assertThat(health(app).getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health(app).getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .contains("api_access_payment", "buy API access"));
            assertThat(log.lines("ERROR", "paid API access")).isOne();
            assertThat(log.errorsExceptKafkaClientShutdown()).isEqualTo(1);
            assertThat(app.context().getRouteController().getRouteStatus("jobs-from-kafka"))
                    .isEqualTo(ServiceStatus.Started);
        }
        assertThat(simulator.requests()).filteredOn(request -> request.status() == 403).hasSize(1);
    }

    @Test
    void withoutUserAgentThePollDoesNotStart() {
        Map<String, String> properties = new HashMap<>(HhPollSupport.properties(simulator, prefix, VACANCY));
        properties.remove("bridge.hh.user-agent");
        try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            assertThat(app.context().getRouteController().getRouteStatus(POLL)).isEqualTo(ServiceStatus.Stopped);
            assertThat(health(app).getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(log.lines("ERROR", "bridge.hh.user-agent is not set")).isOne();

            // a status command is answered without a call (it made one, which hh.ru refused)
            TestKafka.send(Topic.APPLICATIONS_COMMANDS.topicName(prefix), "hh:1000000001",
                    "{\"application_id\": \"hh:1000000001\", \"status\": \"invitation\", \"request_id\": \"ua-1\"}");
            JsonNode result = HhPollSupport.json(TestKafka.consume(Topic.APPLICATIONS_RESULTS.topicName(prefix), 1,
                    Duration.ofSeconds(30)).get(0).value());
            assertThat(result.path("request_id").asText()).isEqualTo("ua-1");
            assertThat(result.path("detail").asText()).contains("bridge.hh.user-agent is not set");
            assertThat(log.lines("ERROR", "")).isOne();
        }
        assertThat(simulator.requests()).isEmpty();
    }

    /** Settings that allow a refresh, as client bridge-client with this secret. */
    private Map<String, String> refreshing(String clientSecret) {
        Map<String, String> properties = new HashMap<>(HhPollSupport.properties(simulator, prefix, VACANCY));
        properties.putAll(Map.of("bridge.hh.refresh-token", "REFRESH-1",
                "bridge.hh.client-id", "bridge-client",
                "bridge.hh.client-secret", clientSecret,
                "bridge.hh.token-url", simulator.baseUrl() + "/token"));
        return properties;
    }

    private void negotiation(int i) {
        simulator.addNegotiation(VACANCY, "inbox", "response", HhResume.of("r" + i, "Имя", "Фамилия", "Грузчик"));
    }

    private String storedPair() {
        return TestKafka.consume(Topic.STATE_WATERMARKS.topicName(prefix), 1, Duration.ofSeconds(30)).stream()
                .filter(record -> record.key().equals("hh:oauth-tokens")).map(ConsumerRecord::value)
                .reduce((first, last) -> last).orElseThrow();
    }

    private static HealthCheck.Result health(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("hhHealth", HealthCheck.class).call();
    }
}
