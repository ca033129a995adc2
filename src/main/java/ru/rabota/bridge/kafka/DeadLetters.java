package ru.rabota.bridge.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.DeadLetter;
import ru.rabota.bridge.api.DeadLetterPayload;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * The one sender of dead letters ({@code rabota.dlq}, CONTRACT.md section 3), bound as {@code deadLetters}: the
 * letter is keyed by the original record's key, carries {@code bridge-event: dead_letter}, and is sent before the
 * caller goes on (Kafka acknowledged it). Its payload is cut to {@code bridge.dlq.max-payload}
 * ({@link DeadLetterPayload}), so that it fits the topic. Every letter logs one WARN line, without the payload,
 * once Kafka holds it.
 * <p>
 * From Java: {@link #send}, or {@link #letter} for a record consumed from Kafka. From a route, in a {@code doCatch}
 * or {@code onException}: {@code process: {ref: deadLetters}}, which builds the letter with
 * {@link DeadLetter#of(Exchange, Throwable)} from the caught exception, the record's {@code kafka.TOPIC}/
 * {@code kafka.KEY} headers and {@code bridgeApiAttempts}, and takes the correlation id from the
 * {@code bridge-correlation-id} header if set; the body becomes the letter.
 * <p>
 * Counted once written in {@code bridge_dead_letters_total{topic}}: the contract's name of the record's topic, or the
 * kind of its origin ({@code csv} for a feed row), so that the label stays bounded. The series of every command topic
 * and of feeds exist from start-up, at 0.
 */
public final class DeadLetters implements Processor {

    public static final String EVENT = "dead_letter";
    /** The origin of a feed row, {@code csv:<file name>#<row>}, up to its colon. */
    private static final String FEED = "csv";
    /** An application the VK Работа poll cannot read: its origin {@code vkrabota:GET /applications}, to the colon. */
    private static final String VK_POLL = "vkrabota";
    /** The label of a dead letter from anywhere else. */
    private static final String OTHER = "other";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaOutput output;
    private final int maxPayload;
    private final BridgeMeters meters;

    /** @param maxPayload {@code bridge.dlq.max-payload}: the most bytes a letter's payload takes */
    public DeadLetters(KafkaOutput output, int maxPayload, BridgeMeters meters) {
        this.output = output;
        this.maxPayload = maxPayload;
        this.meters = meters;
        // every label there is, at 0 from the start: increase() over a series that starts at 1 sees no increase, and
        // the first dead letter of its kind would raise no alert
        Arrays.stream(Topic.values()).filter(Topic::commands).forEach(topic -> meters.deadLetters(topic.baseName()));
        meters.deadLetters(Topic.APPLICATIONS.baseName());
        meters.deadLetters(FEED);
        meters.deadLetters(VK_POLL);
        meters.deadLetters(OTHER);
    }

    /**
     * @param topic         the topic the record came from, or for a record from elsewhere its origin
     *                      ({@code csv:jobs.csv#12})
     * @param key           the record's key, also the dead letter's key
     * @param payload       the record as it arrived (null for a tombstone)
     * @param attempts      API calls made for it, retries included (0: none, it could not be understood)
     * @param route         the route (or flow) that gave up
     * @param correlationId the command's request_id, or null
     * @throws IllegalStateException when Kafka did not take the letter
     */
    public void send(String topic, String key, byte[] payload, Throwable error, int attempts, String route,
            String correlationId) {
        output.send(letter(topic, key, payload, error, attempts, route, correlationId));
    }

    /** The dead letter {@link #send} writes, for a writer of its own (a transaction); logged as {@link #send} does. */
    public OutputRecord letter(String topic, String key, byte[] payload, Throwable error, int attempts, String route,
            String correlationId) {
        return letter(DeadLetter.of(topic, key, null, error, attempts, route), payload, correlationId);
    }

    /** {@link #send} of a payload that is text. */
    public void send(String topic, String key, String payload, Throwable error, int attempts, String route,
            String correlationId) {
        send(topic, key, payload.getBytes(StandardCharsets.UTF_8), error, attempts, route, correlationId);
    }

    /**
     * The dead letter of a record consumed from Kafka (its topic and key from the record's headers), for the
     * consumer to write with the record's offset ({@code CommandAnswers}); logged as {@link #send} does.
     */
    public OutputRecord letter(Message record, byte[] payload, Throwable error, int attempts, String route,
            String correlationId) {
        return letter(DeadLetter.of(record.getHeader(KafkaConstants.TOPIC, String.class),
                record.getHeader(KafkaConstants.KEY, String.class), null, error, attempts, route), payload,
                correlationId);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        ObjectNode letter = DeadLetter.of(exchange, error != null ? error : exchange.getException());
        String payload = letter.path("payload").textValue();
        send(letter, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8),
                exchange.getMessage().getHeader(BridgeHeaders.CORRELATION_ID, String.class));
        exchange.getMessage().setBody(letter.toString());
    }

    /** {@link #send} of a text payload without waiting, for a caller on Kafka's I/O thread. */
    public CompletableFuture<Void> sendAsync(String topic, String key, String payload, Throwable error, int attempts,
            String route, String correlationId) {
        return output.sendAsync(letter(topic, key, payload.getBytes(StandardCharsets.UTF_8), error, attempts, route,
                correlationId));
    }

    private void send(ObjectNode letter, byte[] payload, String correlationId) {
        output.send(letter(letter, payload, correlationId));
    }

    private OutputRecord letter(ObjectNode letter, byte[] payload, String correlationId) {
        DeadLetterPayload.put(letter, payload, maxPayload);
        String key = letter.path("key").asText(null);
        Counter counter = meters.deadLetters(label(letter.path("topic").asText(null)));
        // told of once Kafka holds it: a letter in a transaction that aborts is built again when its record is
        // read again, and would be told of twice, once for a letter nobody can read
        return new OutputRecord(Topic.DLQ, key, letter.toString(), EVENT, correlationId, where -> {
            counter.increment();
            LOG.warn("Dead letter for {} key {} from {} after {} attempts: {} {}", letter.path("topic").asText(),
                    LogText.cut(key), letter.path("route").asText(), letter.path("attempts").asInt(),
                    letter.at("/error/type").asText(), LogText.cut(letter.at("/error/detail").asText()));
        });
    }

    /** A topic of the bundle by its contract name, the kind of another origin (up to its colon), else "other". */
    private String label(String topic) {
        if (topic == null) {
            return OTHER;
        }
        int colon = topic.indexOf(':');
        return Topic.of(topic, output.prefix()).map(Topic::baseName)
                .orElse(colon > 0 ? topic.substring(0, colon) : OTHER);
    }
}
