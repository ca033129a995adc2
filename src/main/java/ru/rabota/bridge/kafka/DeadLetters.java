package ru.rabota.bridge.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.DeadLetter;

/**
 * The one sender of dead letters ({@code rabota.dlq}, CONTRACT.md section 3), bound as {@code deadLetters}: the
 * letter is keyed by the original record's key, carries {@code bridge-event: dead_letter}, and is sent before the
 * caller goes on (Kafka acknowledged it). Every send logs one WARN line, without the payload.
 * <p>
 * From Java: {@link #send}. From a route, in a {@code doCatch} or {@code onException}: {@code process: {ref:
 * deadLetters}}, which builds the letter with {@link DeadLetter#of(Exchange, Throwable)} from the caught exception,
 * the record's {@code kafka.TOPIC}/{@code kafka.KEY} headers and {@code bridgeApiAttempts}, and takes the
 * correlation id from the {@code bridge-correlation-id} header if set; the body becomes the letter.
 */
public final class DeadLetters implements Processor {

    public static final String EVENT = "dead_letter";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaOutput output;

    public DeadLetters(KafkaOutput output) {
        this.output = output;
    }

    /**
     * @param topic         the topic the record came from, or for a record from elsewhere its origin
     *                      ({@code csv:jobs.csv#12})
     * @param key           the record's key, also the dead letter's key
     * @param payload       the record as it arrived, as text
     * @param attempts      API calls made for it, retries included (0: none, it could not be understood)
     * @param route         the route (or flow) that gave up
     * @param correlationId the command's request_id, or null
     */
    public void send(String topic, String key, String payload, Throwable error, int attempts, String route,
            String correlationId) {
        send(DeadLetter.of(topic, key, payload, error, attempts, route), correlationId);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        ObjectNode letter = DeadLetter.of(exchange, error != null ? error : exchange.getException());
        send(letter, exchange.getMessage().getHeader(KafkaOutput.CORRELATION_ID, String.class));
        exchange.getMessage().setBody(letter.toString());
    }

    private void send(ObjectNode letter, String correlationId) {
        String key = letter.path("key").asText(null);
        LOG.warn("Dead letter for {} key {} from {} after {} attempts: {} {}", letter.path("topic").asText(), key,
                letter.path("route").asText(), letter.path("attempts").asInt(), letter.at("/error/type").asText(),
                letter.at("/error/detail").asText());
        output.send(Topic.DLQ, key, letter.toString(), EVENT, correlationId);
    }
}
