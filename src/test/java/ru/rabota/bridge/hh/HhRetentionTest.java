package ru.rabota.bridge.hh;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The application state forgets the negotiations of a vacancy the poll no longer reads, and only those. */
class HhRetentionTest {

    private static final String SALES = "123456";
    private static final String STORE = "123457";

    private HhSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theNegotiationsOfAVacancyNoLongerPolledAreForgottenAndNotEmittedAgainWhenItIsPolledAgain() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig()).start();
        String prefix = TestKafka.uniquePrefix(getClass());
        HhNegotiation sales = simulator.addNegotiation(SALES, "response", "response", null);
        HhNegotiation store = simulator.addNegotiation(STORE, "response", "response", null);
        try (TestApplication app = TestApplication.start(HhPollSupport.properties(simulator, prefix,
                SALES + "," + STORE))) {
            HhPollSupport.events(prefix, 2);
        }

        // the sales vacancy is no longer polled: its negotiation goes once its status is older than the retention
        Map<String, String> storeOnly = HhPollSupport.properties(simulator, prefix, STORE);
        storeOnly.putAll(Map.of("bridge.applications.retention", "2s",
                "bridge.applications.retention-interval", "500ms"));
        try (TestApplication app = TestApplication.start(storeOnly)) {
            KafkaStateStore state = app.context().getRegistry().lookupByNameAndType("applicationState",
                    KafkaStateStore.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> state.get("hh:" + sales.id()).isEmpty());
            assertThat(state.get("hh:" + store.id())).as("its vacancy is polled").isPresent();
        }

        // polled again: the forgotten negotiation is no new one, one that arrived since is
        Thread.sleep(1_100);
        String arrived = simulator.addResponse(SALES, HhResume.of("r-9", "Ольга", "Иванова", "Продавец")).id();
        try (TestApplication app = TestApplication.start(HhPollSupport.properties(simulator, prefix,
                SALES + "," + STORE))) {
            HhPollSupport.events(prefix, 3);
            assertThat(HhPollSupport.events(prefix)).extracting(ConsumerRecord::key)
                    .containsExactly("hh:" + sales.id(), "hh:" + store.id(), "hh:" + arrived);
        }
    }
}
