package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.MovableClock;

class ApiHealthTest {

    private static final ApiException UNAVAILABLE = new ApiException("vk", "GET", "/applications", 503, "down",
            null, null);
    private static final ApiException LIMITED = new ApiException("vk", "POST", "/jobs", 429, "too many requests",
            null, null);

    /** Stands still but where a test moves it: an outage's length in the log is what the test made it. */
    private final MovableClock clock = MovableClock.stopped();
    private final ApiHealth health = new ApiHealth("vk", "VK Работа API", clock, Duration.ofMinutes(1),
            Duration.ofSeconds(10), () -> false);

    @Test
    void anOutageLastsWhileACallWaitsHoweverLong() {
        health.failed(UNAVAILABLE);
        health.callWaits();
        clock.advance(Duration.ofHours(1));

        assertThat(health.up()).isFalse();
        health.answered();
        assertThat(health.up()).isTrue();
    }

    @Test
    void anInstanceThatNoLongerCallsTheApiForgetsItsOutage() {
        // the poll that waited stopped on this instance (another leads now): nothing here meets the API any more
        health.failed(UNAVAILABLE);
        health.callWaits();
        health.callDone();
        clock.advance(Duration.ofSeconds(30));
        assertThat(health.up()).isFalse();

        // before, bridge_api_up stayed 0 on it for ever, and the alert with it
        clock.advance(Duration.ofSeconds(31));
        assertThat(health.up()).isTrue();
        health.failed(UNAVAILABLE);
        assertThat(health.up()).isFalse();
    }

    @Test
    void anInstanceThatPollsTheApiKeepsItsOutageBetweenPolls() {
        // the poll's call gave up, and the next poll comes a poll interval later (HhOutageHealthTest end to end)
        ApiHealth polling = new ApiHealth("hh", "hh.ru API", clock, Duration.ofMinutes(1), Duration.ofSeconds(10),
                () -> true);
        polling.failed(UNAVAILABLE);
        polling.callWaits();
        polling.callDone();
        clock.advance(Duration.ofMinutes(5));

        assertThat(polling.up()).isFalse();
    }

    @Test
    void failuresOnAndOffAreOneOutageInTheLogWhileTheGaugeFollowsEachAnswer() {
        try (LogCapture logs = new LogCapture()) {
            // a large feed at the API's rate limit: a 429 now and then between answers
            for (int i = 0; i < 50; i++) {
                health.failed(LIMITED);
                assertThat(health.up()).isFalse();
                health.answered();
                assertThat(health.up()).isTrue();
                clock.advance(Duration.ofSeconds(1));
            }
            health.answered();
            // before, 50 WARN lines and 50 INFO lines
            assertThat(logs.lines("WARN", "VK Работа API is failing (VK POST /jobs -> 429")).isOne();
            assertThat(logs.lines("INFO", "answers again")).isZero();

            clock.advance(Duration.ofSeconds(10));
            health.answered();
            assertThat(logs.lines("INFO", "VK Работа API answers again, after an outage of PT49S")).isOne();
            assertThat(logs.text()).contains("50 failed calls");

            health.failed(UNAVAILABLE);
            assertThat(logs.lines("WARN", "VK Работа API is failing")).isEqualTo(2);
        }
    }

    @Test
    void theEndOfAnOutageIsLoggedWhenNoCallComesAfterTheAnswerThatEndedIt() {
        // its settling is timed on the system's clock: this one runs with it
        ApiHealth quick = new ApiHealth("hh", "hh.ru API", new MovableClock(), Duration.ofMinutes(1),
                Duration.ofMillis(200), () -> false);
        try (LogCapture logs = new LogCapture()) {
            quick.failed(UNAVAILABLE);
            quick.answered();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> logs.lines("INFO", "hh.ru API answers again, after an outage of") == 1);
            assertThat(logs.text()).contains("(since ", "1 failed call)");
        }
    }
}
