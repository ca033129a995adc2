package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.vk.VkApi;
import ru.rabota.bridge.vk.VkTestSupport;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * The api-retry policy against the VK Работа simulator's faults. Note: camel.component.http.automatic-retries-disabled
 * is deliberately NOT set here, so these tests also prove that HttpClient never retries (or sleeps on Retry-After) by
 * itself.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiRetryPolicyTest extends VkTestSupport {

    private String job;

    @Override
    protected Map<String, String> properties() {
        // the cap of 2 s keeps an outage counted for 4 s after its last failure (ApiHealth forgets it after twice the
        // cap), long enough for a test to read the health on a loaded machine (50 ms was not)
        return Map.of("bridge.retry.max-attempts", "4", "bridge.retry.retry-after-cap", "2s",
                "bridge.retry.max-delay", "2s");
    }

    @Override
    protected String extraRoutes() {
        return "classpath:test-routes/vk-caller.camel.yaml";
    }

    @BeforeEach
    void aJob() {
        job = job("HR-" + System.nanoTime());
    }

    @Test
    void serverErrorsAreRetriedUntilTheCallSucceeds() {
        jobFaults().failNext(2, 503);

        Exchange done = call("vk-get-job", jobHeader(), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(3);
        assertThat(jobRequests()).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
        assertThat(context.getComponent("http", HttpComponent.class).isAutomaticRetriesDisabled()).isTrue();
    }

    @Test
    void retryAfterSecondsAreHonoured() {
        jobFaults().throttleNext(1, 1);

        Exchange done = call("vk-get-job", jobHeader(), null);

        assertThat(done.getException()).isNull();
        assertThat(gap(jobRequests())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void anHourOfRetryAfterIsCappedAndHttpClientDoesNotWaitItself() {
        jobFaults().throttleNext(1, 3600);

        Exchange done = call("vk-get-job", jobHeader(), null);

        assertThat(done.getException()).isNull();
        List<RecordedRequest> requests = jobRequests();
        assertThat(requests).extracting(RecordedRequest::status).containsExactly(429, 200);
        assertThat(gap(requests)).isGreaterThanOrEqualTo(Duration.ofMillis(1950));
    }

    @Test
    void rejectionsAreNotRetried() {
        try (LogCapture logs = new LogCapture()) {
            Exchange done = call("vk-create-job", Map.of(), Map.of("job", Map.of()));

            assertThat(done.getException(ApiException.class).httpStatus()).isEqualTo(422);
            assertThat(logs.bridgeLines("WARN", "retrying")).isZero();
        }
        assertThat(requests("POST", "/jobs")).hasSize(1);
    }

    @Test
    void exhaustedRetriesReachTheCallerWithTheAttemptsCounted() {
        jobFaults().failNext(4, 503);
        try (LogCapture logs = new LogCapture()) {
            Exchange done = call("vk-get-job", jobHeader(), null);

            ApiException failure = done.getException(ApiException.class);
            assertThat(failure.getMessage()).isEqualTo("VK GET /jobs/" + job + " -> 503 Simulated failure 503");
            assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(4);
            // one line per outage, none per retry
            assertThat(logs.bridgeLines("WARN", "retrying")).isZero();
            assertThat(logs.lines("WARN", "VK Работа API is failing")).isLessThanOrEqualTo(1);
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
        assertThat(jobRequests()).hasSize(4);
        HealthCheck.Result health = context.getRegistry().lookupByNameAndType("vkApiHealth", ApiHealth.class).call();
        assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("VK Работа API failing since", "503"));
        assertThat(health.getDetails()).containsEntry("waiting_calls", 0);

        try (LogCapture logs = new LogCapture()) {
            assertThat(call("vk-get-job", jobHeader(), null).getException()).isNull();
            // once it answered for the longest retry delay (2 s here)
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines("INFO", "VK Работа API answers again, after an outage of") == 1);
        }
        assertThat(context.getRegistry().lookupByNameAndType("vkApiHealth", ApiHealth.class).call().getState())
                .isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void droppedConnectionIsRetried() {
        jobFaults().dropNext(1);

        Exchange done = call("vk-get-job", jobHeader(), null);

        assertThat(done.getException()).isNull();
        assertThat(jobRequests()).extracting(RecordedRequest::status).containsExactly(-1, 200);
    }

    @Test
    void callerRouteCatchesTheFinalFailureWithoutRetryingAgain() {
        jobFaults().failNext(4, 503);

        Exchange done = call("test-vk-caller", jobHeader(), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("failed 503 Simulated failure 503 after 4 attempts");
        assertThat(jobRequests()).hasSize(4);
    }

    @Test
    void callerRouteSeesTheAnswerAfterARetry() {
        jobFaults().failNext(1, 503);

        assertThat(call("test-vk-caller", jobHeader(), null).getMessage().getBody(String.class)).isEqualTo("found " + job);
    }

    @Test
    void consecutiveCallsOnOneExchangeCountTheirOwnAttempts() {
        // the job twice, then every answer of /company: a server error
        vk.faults().onPaths("/jobs/\\d+|/company").failNext(2, 503).beforeEach(path -> {
            if (path.equals("/company")) {
                vk.faults().failNext(1, 503);
            }
        });

        Exchange done = call("test-vk-two-calls", jobHeader(), null);

        assertThat(done.getException(ApiException.class).path()).isEqualTo("/company");
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(4);
        assertThat(jobRequests()).hasSize(3);
        assertThat(requests("GET", "/company")).hasSize(4);
    }

    @Test
    void aPaidActionIsNotRepeatedAfterAServerErrorOrAResetButAPhoneReadIs() {
        vk.faults().onPaths("/paid_actions|/candidates/\\d+/phone").failNext(1, 503).dropNext(1);

        Exchange paid = call("vk-apply-paid-actions", Map.of(), Map.of("actions", List.of()));
        Exchange phone = call("vk-get-candidate-phone", Map.of(VkApi.CANDIDATE_ID, "5"), null);

        assertThat(paid.getException(ApiException.class).httpStatus()).isEqualTo(503);
        assertThat(requests("POST", "/paid_actions")).hasSize(1);
        // VK buys a contact once: its phone read again after a reset costs nothing more (no candidate 5 here: 404)
        assertThat(ApiException.in(phone.getException()).httpStatus()).isEqualTo(404);
        assertThat(phone.getProperty(ApiHeaders.ACTED_MAYBE)).isEqualTo(true);
        assertThat(requests("GET", "/candidates/5/phone")).hasSize(2);
    }

    /** Camel adds the first attempt's failure to the second as suppressed: the second decides. */
    @Test
    void aRefusalAfterAResetEndsTheCall() {
        jobFaults().dropNext(1).failNext(1, 422);

        Exchange done = call("vk-get-job", jobHeader(), null);

        assertThat(ApiException.in(done.getException()).httpStatus()).isEqualTo(422);
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(2);
        assertThat(jobRequests()).extracting(RecordedRequest::status).containsExactly(-1, 422);
    }

    @Test
    void aPaidCallTurnedAwayUnreadIsRepeated() {
        vk.faults().onPaths("/paid_actions").throttleNext(1, 0);

        Exchange paid = call("vk-apply-paid-actions", Map.of(),
                Map.of("actions", List.of(Map.of("action", "job_refresh", "job_id", job))));

        assertThat(paid.getException()).isNull();
        assertThat(requests("POST", "/paid_actions")).extracting(RecordedRequest::status).containsExactly(429, 200);
    }

    private ru.rabota.sandbox.http.Faults jobFaults() {
        return vk.faults().onPaths("/jobs/" + job);
    }

    private Map<String, Object> jobHeader() {
        return Map.of(VkApi.JOB_ID, job);
    }

    private List<RecordedRequest> jobRequests() {
        return requests("GET", "/jobs/" + job);
    }

    private static Duration gap(List<RecordedRequest> requests) {
        return Duration.between(requests.get(0).at(), requests.get(1).at());
    }
}
