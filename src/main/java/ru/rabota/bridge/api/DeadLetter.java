package ru.rabota.bridge.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.support.ExchangeHelper;

/**
 * Builds the contract's dead letter ({@code rabota.dlq}) for a record whose processing failed; {@code deadLetters}
 * (kafka.DeadLetters) sends it.
 */
public final class DeadLetter {

    /** Kafka's own header names (camel-kafka's KafkaConstants.TOPIC and KEY). */
    static final String KAFKA_TOPIC = "kafka.TOPIC";
    static final String KAFKA_KEY = "kafka.KEY";

    private DeadLetter() {
    }

    /**
     * {@code {"topic","key","payload","error":{"type","http_status","detail"},"attempts","route","failed_at"}}.
     * The payload is the record as it arrived when Camel keeps the original message
     * ({@code camel.main.allow-use-original-message=true}), else the current body, as text.
     */
    public static ObjectNode of(Exchange exchange, Throwable error) {
        Message message = exchange.getMessage();
        // asking for the original message when Camel does not keep it throws
        Message original = Boolean.TRUE.equals(exchange.getContext().isAllowUseOriginalMessage())
                ? ExchangeHelper.getOriginalInMessage(exchange) : null;
        Object payload = (original != null ? original : message).getBody();
        String route = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        return of(message.getHeader(KAFKA_TOPIC, String.class), message.getHeader(KAFKA_KEY, String.class),
                payload == null ? null : exchange.getContext().getTypeConverter().convertTo(String.class, exchange, payload),
                error, exchange.getProperty(ApiHeaders.ATTEMPTS, 1, Integer.class),
                route != null ? route : exchange.getFromRouteId());
    }

    /**
     * The dead letter of a record that Java code failed to process.
     *
     * @param topic    where the record came from (or what it was, e.g. a feed row's origin)
     * @param attempts how many API calls were made for it (0: none, the record could not be understood)
     */
    public static ObjectNode of(String topic, String key, String payload, Throwable error, int attempts,
            String route) {
        ObjectNode letter = JsonNodeFactory.instance.objectNode();
        letter.put("topic", topic);
        letter.put("key", key);
        letter.put("payload", payload);
        ObjectNode cause = letter.putObject("error");
        cause.put("type", error == null ? null : error.getClass().getSimpleName());
        if (error instanceof ApiException failure) {
            cause.put("http_status", failure.httpStatus() == 0 ? null : failure.httpStatus());
            cause.put("detail", failure.detail());
        } else {
            cause.putNull("http_status");
            cause.put("detail", error == null ? null : error.getMessage());
        }
        letter.put("attempts", attempts);
        letter.put("route", route);
        // whole seconds, as the contract writes it: Instant.toString gives 0, 3, 6 or 9 digits of fraction, which
        // some readers (JavaScript's Date, Python's fromisoformat before 3.11) take badly
        letter.put("failed_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return letter;
    }
}
