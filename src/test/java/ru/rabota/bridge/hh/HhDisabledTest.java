package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.rabota.bridge.hh.HhPollSupport.json;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * With {@code bridge.hh.enabled=false} (the default) nothing calls hh.ru, status commands included, although an
 * hh.ru is there to be called (the simulator).
 */
class HhDisabledTest {

    private HhSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig()).start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aStatusCommandIsRejectedWithoutACall() {
        // before: the command called hh.ru, which carried it out
        JsonNode result = command(simulator.accessToken(), simulator.addNegotiation("123456", "response", "response",
                null).id());

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).isEqualTo("hh.ru is not enabled (bridge.hh.enabled=false)");
        assertThat(result.path("request_id").asText()).isEqualTo("off-1");
        assertThat(simulator.requests()).isEmpty();
        assertThat(simulator.executedActions()).isEmpty();
    }

    @Test
    void aStatusCommandWithoutATokenIsRejectedWithoutAnError() {
        try (LogCapture log = new LogCapture()) {
            JsonNode result = command("", "1000000001");

            // before: an ERROR line, and the command rejected "bridge.hh.access-token is not set: ..."
            assertThat(result.path("detail").asText()).isEqualTo("hh.ru is not enabled (bridge.hh.enabled=false)");
            assertThat(log.errorsExceptKafkaClientShutdown()).as(log.text()).isZero();
        }
    }

    /** The result of a status command for the negotiation, sent through Kafka to the bundle with this token. */
    private JsonNode command(String accessToken, String negotiationId) {
        String prefix = TestKafka.uniquePrefix(getClass());
        try (TestApplication app = TestApplication.start(Map.of(
                "bridge.hh.base-url", simulator.baseUrl(),
                "bridge.hh.access-token", accessToken,
                "bridge.hh.user-agent", HhPollSupport.AGENT,
                "bridge.applications.enabled", "false",
                "bridge.reference.enabled", "false",
                "bridge.company.poll-delay", "1h",
                Topic.PREFIX_PROPERTY, prefix))) {
            TestKafka.send(Topic.APPLICATIONS_COMMANDS.topicName(prefix), "hh:" + negotiationId,
                    "{\"application_id\":\"hh:" + negotiationId + "\",\"status\":\"consider\",\"request_id\":\"off-1\"}");
            return json(TestKafka.consume(Topic.APPLICATIONS_RESULTS.topicName(prefix), 1, Duration.ofSeconds(30))
                    .get(0));
        }
    }
}
