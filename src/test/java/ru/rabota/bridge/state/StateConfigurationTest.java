package ru.rabota.bridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;

/** The stores as the application binds them: on the brokers Camel Main gives the kafka component. */
class StateConfigurationTest {

    @Test
    void storesOfTheApplicationReachTheConfiguredBrokers() {
        try (TestApplication app = TestApplication.start(Map.of())) {
            KafkaStateStore store = app.context().getRegistry().lookupByNameAndType("applicationState",
                    KafkaStateStore.class);

            store.put("hh:1", "{\"status\":\"response\"}");

            assertThat(store.isLoaded()).isTrue();
            assertThat(store.get("hh:1")).contains("{\"status\":\"response\"}");
        }
    }
}
