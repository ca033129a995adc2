package ru.rabota.bridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * A poll route stopped while its run waits for a slow answer, as {@code ActivePollerRoutes} stops the poll routes of an
 * instance that lost the lead: Camel waits for the run up to the stop's timeout, then forces the route down. The run
 * ends with no ERROR, WARN or stack trace: before, 20 s after the lead was lost in PaidRouteLeadLossTest, Camel's
 * ERROR "Failed delivery ... Exhausted after delivery attempt: 1" with some fifty lines of stack trace (the API
 * operation's error handler), pollRuns' WARN of a failed poll that the next poll repeats (on another instance), and
 * the scheduler's WARN of a RejectedExecutionException with its stack trace (the stopped route's error handler).
 */
class PollCutShortTest {

    private static final String HH_POLL = "hh-negotiations-poll";

    private final LogCapture logs = LogCapture.withDebugOf(PollRuns.class);

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    /** Camel's scheduler interrupts the run's thread: its call is answered, its next request finds no connection. */
    @Test
    void onAnIntervalTheRunEndsInOneDebugLine() throws Exception {
        stopDuringASlowCall(Map.of("bridge.hh.initial-delay", "0ms"));

        assertThat(logs.lines("DEBUG", "hh.ru negotiations poll ended by the stop: hh GET /negotiations/inbox could"
                + " not be sent")).isOne();
    }

    /** Quartz lets the run go on to its end; before, camel-quartz's ERROR "Error processing exchange" came after it. */
    @Test
    void onACronTheRunGoesOnAndEndsInNoLine() throws Exception {
        stopDuringASlowCall(Map.of("bridge.hh.poll-cron", "* * * * * ?"));
    }

    private void stopDuringASlowCall(Map<String, String> schedule) throws Exception {
        try (HhSimulator hh = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start()) {
            // each answer outlasts the stop's wait
            hh.faults().latency(3_000);
            Map<String, String> properties = new HashMap<>(Map.of(
                    "bridge.hh.enabled", "true",
                    "bridge.hh.base-url", hh.baseUrl(),
                    "bridge.hh.access-token", hh.accessToken(),
                    "bridge.hh.user-agent", "RabotaBridgeTest/1.0 (it@example.com)",
                    "bridge.hh.vacancy-ids", "123456",
                    "bridge.applications.enabled", "false",
                    "bridge.reference.enabled", "false",
                    Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(getClass())));
            properties.putAll(schedule);
            try (TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.context().getInflightRepository().size(HH_POLL) > 0);

                app.context().getRouteController().stopRoute(HH_POLL, 1, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> app.context().getInflightRepository().size() == 0);

                assertThat(logs.lines("WARN", "Forcing the routes to be shutdown now")).isOne();
                assertThat(logs.lines("ERROR", "")).as(logs.text()).isZero();
                assertThat(logs.text()).doesNotContain("\tat ");
                assertThat(logs.lines("WARN", "hh.ru negotiations poll failed")).isZero();
            }
        }
    }
}
