package ru.rabota.bridge.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.vk.VkApi;
import ru.rabota.bridge.vk.VkTestSupport;

/**
 * The api-retry policy against WireMock. Note: camel.component.http.automatic-retries-disabled is deliberately
 * NOT set here, so these tests also prove that HttpClient never retries (or sleeps on Retry-After) by itself.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiRetryPolicyTest extends VkTestSupport {

    private static final Map<String, Object> JOB = Map.of(VkApi.JOB_ID, "651");
    private static final String JOB_URL = "/jobs/651";

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.retry.max-attempts", "4", "bridge.retry.retry-after-cap", "2s");
    }

    @Override
    protected String extraRoutes() {
        return "classpath:test-routes/vk-caller.camel.yaml";
    }

    @BeforeEach
    void session() {
        VK.stubFor(session(freshJwt()));
    }

    @Test
    void serverErrorsAreRetriedUntilTheCallSucceeds() {
        answerInTurn(serviceUnavailable(), serviceUnavailable(), okJson("{\"data\":[{\"id\":\"651\"}]}"));

        Exchange done = call("vk-get-job", JOB, null);

        assertThat(done.getException()).isNull();
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(3);
        assertThat(VK.findAll(getRequestedFor(urlEqualTo(JOB_URL)))).hasSize(3);
        assertThat(context.getComponent("http", HttpComponent.class).isAutomaticRetriesDisabled()).isTrue();
    }

    @Test
    void retryAfterSecondsAreHonoured() {
        answerInTurn(aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson("{\"data\":[]}"));

        Exchange done = call("vk-get-job", JOB, null);

        assertThat(done.getException()).isNull();
        assertThat(gapMillis(VK.findAll(getRequestedFor(urlEqualTo(JOB_URL))))).isGreaterThanOrEqualTo(950);
    }

    @Test
    void anHourOfRetryAfterIsCappedAndHttpClientDoesNotWaitItself() {
        answerInTurn(aResponse().withStatus(429).withHeader("Retry-After", "3600"), okJson("{\"data\":[]}"));

        Exchange done = call("vk-get-job", JOB, null);

        assertThat(done.getException()).isNull();
        List<LoggedRequest> requests = VK.findAll(getRequestedFor(urlEqualTo(JOB_URL)));
        assertThat(requests).hasSize(2);
        assertThat(gapMillis(requests)).isGreaterThanOrEqualTo(1950);
    }

    @Test
    void rejectionsAreNotRetried() {
        VK.stubFor(post(urlEqualTo("/jobs")).willReturn(aResponse().withStatus(422)
                .withBody("{\"errors\":[{\"detail\":\"Возникли ошибки: Поле 'Адрес' не может быть пустым\"}]}")));
        try (LogCapture logs = new LogCapture()) {
            Exchange done = call("vk-create-job", Map.of(), Map.of("job", Map.of()));

            assertThat(done.getException(ApiException.class).httpStatus()).isEqualTo(422);
            assertThat(logs.bridgeLines("WARN", "retrying")).isZero();
        }
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/jobs")))).hasSize(1);
    }

    @Test
    void exhaustedRetriesReachTheCallerWithTheAttemptsCounted() {
        VK.stubFor(get(urlEqualTo(JOB_URL)).willReturn(serviceUnavailable().withBody("<html><h1>503 Service Unavailable</h1></html>")));
        try (LogCapture logs = new LogCapture()) {
            Exchange done = call("vk-get-job", JOB, null);

            ApiException failure = done.getException(ApiException.class);
            assertThat(failure.getMessage()).isEqualTo("VK GET /jobs/651 -> 503 503 Service Unavailable");
            assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(4);
            // one line per outage, none per retry
            assertThat(logs.bridgeLines("WARN", "retrying")).isZero();
            assertThat(logs.lines("WARN", "VK Работа API is failing")).isLessThanOrEqualTo(1);
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
        assertThat(VK.findAll(getRequestedFor(urlEqualTo(JOB_URL)))).hasSize(4);
        HealthCheck.Result health = context.getRegistry().lookupByNameAndType("vkApiHealth", ApiHealth.class).call();
        assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("VK Работа API failing since", "503"));
        assertThat(health.getDetails()).containsEntry("waiting_calls", 0);

        VK.stubFor(get(urlEqualTo(JOB_URL)).willReturn(okJson("{\"data\":[{\"id\":\"651\"}]}")));
        try (LogCapture logs = new LogCapture()) {
            assertThat(call("vk-get-job", JOB, null).getException()).isNull();
            assertThat(logs.lines("INFO", "VK Работа API answers again, after an outage of")).isOne();
        }
        assertThat(context.getRegistry().lookupByNameAndType("vkApiHealth", ApiHealth.class).call().getState())
                .isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void droppedConnectionIsRetried() {
        answerInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson("{\"data\":[]}"));

        Exchange done = call("vk-get-job", JOB, null);

        assertThat(done.getException()).isNull();
        assertThat(VK.findAll(getRequestedFor(urlEqualTo(JOB_URL)))).hasSize(2);
    }

    @Test
    void callerRouteCatchesTheFinalFailureWithoutRetryingAgain() {
        VK.stubFor(get(urlEqualTo(JOB_URL)).willReturn(serviceUnavailable()));

        Exchange done = call("test-vk-caller", JOB, null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("failed 503 Service Unavailable after 4 attempts");
        assertThat(VK.findAll(getRequestedFor(urlEqualTo(JOB_URL)))).hasSize(4);
    }

    @Test
    void callerRouteSeesTheAnswerAfterARetry() {
        answerInTurn(serviceUnavailable(), okJson("{\"data\":[{\"id\":\"651\"}]}"));

        assertThat(call("test-vk-caller", JOB, null).getMessage().getBody(String.class)).isEqualTo("found 651");
    }

    @Test
    void consecutiveCallsOnOneExchangeCountTheirOwnAttempts() {
        answerInTurn(serviceUnavailable(), serviceUnavailable(), okJson("{\"data\":[]}"));
        VK.stubFor(get(urlEqualTo("/company")).willReturn(serviceUnavailable()));

        Exchange done = call("test-vk-two-calls", JOB, null);

        assertThat(done.getException(ApiException.class).path()).isEqualTo("/company");
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(4);
        assertThat(VK.findAll(getRequestedFor(urlEqualTo(JOB_URL)))).hasSize(3);
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/company")))).hasSize(4);
    }

    @Test
    void aPaidCallIsNotRepeatedAfterAServerErrorOrAReset() {
        VK.stubFor(post(urlEqualTo("/paid_actions")).willReturn(serviceUnavailable()));
        VK.stubFor(get(urlEqualTo("/candidates/5/phone")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Exchange paid = call("vk-apply-paid-actions", Map.of(), Map.of("actions", List.of()));
        Exchange phone = call("vk-get-candidate-phone", Map.of(VkApi.CANDIDATE_ID, "5"), null);

        assertThat(paid.getException(ApiException.class).httpStatus()).isEqualTo(503);
        assertThat(phone.getException(ApiException.class).httpStatus()).isZero();
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/paid_actions")))).hasSize(1);
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/candidates/5/phone")))).hasSize(1);
    }

    @Test
    void aPaidCallTurnedAwayUnreadIsRepeated() {
        inTurn(post(urlEqualTo("/paid_actions")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")),
                post(urlEqualTo("/paid_actions")).willReturn(okJson("{\"data\":[]}")));

        Exchange paid = call("vk-apply-paid-actions", Map.of(), Map.of("actions", List.of()));

        assertThat(paid.getException()).isNull();
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/paid_actions")))).hasSize(2);
    }

    /** The job URL answers these, one after the other; the last one stays. */
    private static void answerInTurn(ResponseDefinitionBuilder... answers) {
        inTurn(Arrays.stream(answers).map(answer -> get(urlEqualTo(JOB_URL)).willReturn(answer)).toArray(MappingBuilder[]::new));
    }

    private static long gapMillis(List<LoggedRequest> requests) {
        return requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
    }
}
