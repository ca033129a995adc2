package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * An hh.ru outage as the poll meets it (README "Operations": check {@code hh-api}, gauge {@code bridge_api_up}): each
 * poll's calls give up after a poll interval and the next poll comes a poll interval later, with no call of hh.ru
 * waiting meanwhile.
 */
class HhOutageHealthTest {

    @Test
    void anOutageLastsThroughThePausesBetweenPollsAndIsOneWarnLineAndOneInfoLine() throws Exception {
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig()).start();
                LogCapture log = LogCapture.withDebugOf(HhNegotiationsPoll.class)) {
            simulator.faults().serverErrors(1.0);
            Map<String, String> properties = HhPollSupport.properties(simulator,
                    TestKafka.uniquePrefix(getClass()), "123456");
            // retries far shorter than the pause between polls: an outage forgotten after twice the longest retry
            // delay without a call waiting would be forgotten in each pause
            properties.putAll(Map.of("bridge.retry.initial-delay", "20ms", "bridge.retry.max-delay", "50ms"));
            try (TestApplication app = TestApplication.start(properties)) {
                // three polls skipped the vacancy: the first with its WARN line, the two after it at DEBUG
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> log.lines("DEBUG", "hh.ru vacancy 123456 skipped again") >= 2);
                ApiHealth health = app.context().getRegistry().lookupByNameAndType("hhApiHealth", ApiHealth.class);
                assertThat(health.up()).isFalse();

                simulator.faults().reset();
                await().atMost(Duration.ofSeconds(30)).until(() -> log.lines("INFO", "hh.ru API answers again") == 1);
                assertThat(health.up()).isTrue();
            }
            // before, each pause between polls ended the outage (an INFO line, bridge_api_up 1 meanwhile) and each
            // poll began a new one (a WARN line): the alert on bridge_api_up never saw it last its 10 minutes
            assertThat(log.lines("WARN", "hh.ru API is failing")).isOne();
            assertThat(log.lines("INFO", "no longer counted down")).isZero();
        }
    }
}
