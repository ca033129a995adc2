package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/** A route's doCatch hands a record it gave up on to the shared sender: process ref deadLetters. */
class DeadLettersTest {

    @Test
    void aRouteSendsTheRecordItGaveUpOnToTheDeadLetterTopic() throws Exception {
        try (TestApplication app = TestApplication.start(
                Map.of("camel.main.routes-include-pattern", "classpath:test-routes/dead-letter.camel.yaml"))) {
            String command = "{\"request_id\":\"r-77\",\"actions\":[{\"action\":\"job_shine\",\"job_id\":\"1\"}]}";
            TestKafka.send(app.topic(Topic.VAS_COMMANDS), "r-77", command);

            ConsumerRecord<String, String> record = TestKafka.consume(app.topic(Topic.DLQ), 1, Duration.ofSeconds(30))
                    .get(0);
            JsonNode letter = new ObjectMapper().readTree(record.value());

            assertThat(record.key()).isEqualTo("r-77");
            assertThat(TestKafka.header(record, BridgeHeaders.EVENT)).isEqualTo("dead_letter");
            assertThat(TestKafka.header(record, BridgeHeaders.CORRELATION_ID)).isEqualTo("r-77");
            assertThat(letter.get("topic").asText()).isEqualTo(app.topic(Topic.VAS_COMMANDS));
            assertThat(letter.get("key").asText()).isEqualTo("r-77");
            assertThat(letter.get("payload").asText()).isEqualTo(command);
            assertThat(letter.get("error").toString()).isEqualTo(
                    "{\"type\":\"IllegalArgumentException\",\"http_status\":null,\"detail\":\"unknown action: job_shine\"}");
            assertThat(letter.get("route").asText()).isEqualTo("test-dead-letter");
        }
    }
}
