package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.MovableClock;

class ApiHealthTest {

    private static final ApiException UNAVAILABLE = new ApiException("vk", "GET", "/applications", 503, "down",
            null, null);

    private final MovableClock clock = new MovableClock();
    private final ApiHealth health = new ApiHealth("vk", "VK Работа API", clock, Duration.ofMinutes(1));

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
}
