package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/** VK Работа down at start: the profession list arrives soon after it answers again, not after the refresh period. */
class ReferenceDataOutageTest {

    @Test
    void aListNeverReadIsTriedAgainUntilItArrives() throws Exception {
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start(); LogCapture logs = new LogCapture()) {
            vk.faults().onPaths("/professions").failNext(1_000, 503);
            try (TestApplication app = TestApplication.start(Map.of(
                    "bridge.vk.base-url", vk.baseUrl(),
                    "bridge.vk.login", vk.config().login(),
                    "bridge.vk.password", vk.config().password(),
                    "bridge.retry.max-attempts", "2",
                    "bridge.retry.initial-delay", "10ms",
                    "bridge.reference.missing-retry-interval", "1s"))) {
                ReferenceData data = app.context().getRegistry().lookupByNameAndType("referenceData",
                        ReferenceData.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines("INFO", "professions failed") >= 2);
                assertThat(data.isLoaded()).isFalse();

                vk.faults().reset();

                await().atMost(Duration.ofSeconds(30)).until(data::isLoaded);
                assertThat(data.incomplete()).isFalse();
            }
        }
    }
}
