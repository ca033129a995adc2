package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void exhaustedApiCallBecomesTheContractsDeadLetter() {
        Exchange exchange = kafkaRecord("{\"command\":\"upsert\",\"external_id\":\"HR-1001\"}");
        exchange.setProperty(ApiHeaders.ATTEMPTS, 6);
        exchange.setProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, "vk-create-job");

        JsonNode letter = DeadLetter.of(exchange,
                new ApiException("vk", "POST", "/jobs", 503, "Service Unavailable", null, null));

        assertThat(letter.get("topic").asText()).isEqualTo("rabota.jobs.commands");
        assertThat(letter.get("key").asText()).isEqualTo("HR-1001");
        assertThat(letter.get("payload").asText()).isEqualTo("{\"command\":\"upsert\",\"external_id\":\"HR-1001\"}");
        assertThat(letter.get("error").toString())
                .isEqualTo("{\"type\":\"ApiException\",\"http_status\":503,\"detail\":\"Service Unavailable\"}");
        assertThat(letter.get("attempts").asInt()).isEqualTo(6);
        assertThat(letter.get("route").asText()).isEqualTo("vk-create-job");
        // as the contract writes it (before, 0 to 9 digits of fraction)
        assertThat(letter.get("failed_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void unreadableRecordAndLostConnectionHaveNoHttpStatus() {
        Exchange exchange = kafkaRecord("{not json");

        JsonNode malformed = DeadLetter.of(exchange, new IllegalArgumentException("Unexpected character 'n'"));
        JsonNode noAnswer = DeadLetter.of(exchange, new ApiException("vk", "GET", "/jobs", 0, "Connection reset", null, null));

        assertThat(malformed.get("error").toString())
                .isEqualTo("{\"type\":\"IllegalArgumentException\",\"http_status\":null,\"detail\":\"Unexpected character 'n'\"}");
        assertThat(malformed.get("attempts").asInt()).isEqualTo(1);
        assertThat(noAnswer.at("/error/http_status").isNull()).isTrue();
        assertThat(noAnswer.at("/error/detail").asText()).isEqualTo("Connection reset");
    }

    private Exchange kafkaRecord(String value) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(DeadLetter.KAFKA_TOPIC, "rabota.jobs.commands");
        exchange.getIn().setHeader(DeadLetter.KAFKA_KEY, "HR-1001");
        exchange.getIn().setBody(value);
        return exchange;
    }
}
