package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.node.NullNode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.json.BridgeJson;

/**
 * An attempt's steps around an answer played by the test: one without a body, which VK Работа's document never shows
 * (hh.ru's negotiation actions answer 204, through the bundle in HhTodayTest).
 */
class ApiAnswerMapperTest {

    @Test
    void anEmptyAnswerBecomesNullNode() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeaders(Map.of(ApiHeaders.METHOD, "DELETE", ApiHeaders.PATH, "/background",
                ApiHeaders.ANONYMOUS, true));
        exchange.getMessage().setBody("{\"job_ids\":[\"39085\"]}");
        ApiRequestEncoder requests = new ApiRequestEncoder(Map.of(), null, BridgeJson.MAPPER);
        requests.encode(exchange);
        requests.authorize(exchange);
        requests.request(exchange);
        // what camel-http leaves after a 204
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);

        new ApiAnswerMapper("vk", null, new ApiHealth("vk", "VK Работа API", Clock.systemUTC(), Duration.ofMinutes(1),
                Duration.ofSeconds(10), () -> false), BridgeJson.MAPPER)
                .answer(exchange);

        assertThat(exchange.getMessage().getBody()).isSameAs(NullNode.instance);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(204);
        assertThat(exchange.getMessage().getHeader(ApiHeaders.PATH)).isEqualTo("/background");
    }
}
