package ru.rabota.bridge.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.schedule.PollRuns;
import ru.rabota.bridge.testing.SimulatedVk;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The company poll's route stopped while a part waits for a slow answer, as {@code ActivePollerRoutes} stops it at the
 * loss of the lead: Camel forces the route down after a second and interrupts the run. The poll ends there, in one
 * DEBUG line, as every poll cut off (PollCutShortTest); before, each part after the cut logged its WARN ("Company poll:
 * part transactions failed ...: Request aborted", and so on for packets and balance).
 */
class CompanyPollCutShortTest {

    @Test
    void aPollCutOffEndsInOneDebugLineAndNoPartWarns() throws Exception {
        try (LogCapture logs = LogCapture.withDebugOf(PollRuns.class);
                SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                        "bridge.company.poll-interval", "1h",
                        "bridge.company.poll-delay", "0ms",
                        "bridge.applications.enabled", "false",
                        "bridge.reference.enabled", "false"))) {
            bridge.vk().faults().latency(3_000);
            CamelContext context = bridge.app().context();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> context.getInflightRepository().size("company-poll") > 0);

            context.getRouteController().stopRoute("company-poll", 1, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size() == 0);

            assertThat(logs.lines("WARN", "Forcing the routes to be shutdown now")).isOne();
            assertThat(logs.lines("WARN", "Company poll")).as(logs.text()).isZero();
            assertThat(logs.lines("ERROR", "")).as(logs.text()).isZero();
            assertThat(logs.lines("DEBUG", "Company poll ended by the stop")).as(logs.text()).isOne();
        }
    }
}
