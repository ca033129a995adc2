package ru.rabota.bridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.SimulatedVk;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * A stop while a poll's call retries through an outage ends that run: not a failure the next poll repeats (there is
 * none), so no WARN line saying so; the walkthrough of the sandbox saw one per poll at each stop during an outage.
 */
class PollStoppedDuringOutageTest {

    @Test
    void aPollEndedByTheStopIsNoWarnLine() {
        try (LogCapture logs = new LogCapture()) {
            SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                    "bridge.applications.initial-delay", "0s",
                    "bridge.retry.initial-delay", "10ms",
                    "bridge.retry.max-delay", "50ms"));
            try {
                bridge.vk().faults().onPaths("/applications").serverErrors(1.0);
                await().atMost(Duration.ofSeconds(30)).until(() -> bridge.vk().requests().stream()
                        .filter(request -> request.path().equals("/applications")).count() >= 5);
            } finally {
                bridge.close();
            }

            assertThat(logs.lines("WARN", "VK Работа applications poll failed")).as(logs.text()).isZero();
        }
    }
}
