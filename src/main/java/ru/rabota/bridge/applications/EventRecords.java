package ru.rabota.bridge.applications;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.Counter;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * An application event as the record {@link ApplicationPublisher} writes: on {@code rabota.applications}, its JSON
 * value with the event and correlation headers, counted once committed ({@code bridge_applications_total}, every
 * series made at start-up, at 0); or, when Kafka would refuse it for its size, its dead letter.
 */
final class EventRecords {

    /** An event's record, and what follows its commit. */
    record Event(ProducerRecord<String, byte[]> record, Runnable published) {
    }

    private static final ObjectWriter JSON = BridgeJson.MAPPER.writer();
    /** Bytes of a record besides its value: the key, the headers, the record batch's header; 1 KB is ample. */
    private static final int RECORD_ROOM = 1024;

    private final CamelContext context;
    private final BridgeMeters meters;
    private final DeadLetters deadLetters;
    /** The largest event value Kafka takes: {@code camel.component.kafka.max-request-size} less room for the rest. */
    private final int maxEventBytes;
    private String eventsTopic;

    /** See {@link ApplicationPublisher#ApplicationPublisher}. */
    EventRecords(CamelContext context, BridgeMeters meters, DeadLetters deadLetters, int maxRequestSize) {
        this.context = context;
        this.meters = meters;
        // every series from start-up, at 0
        StatusCommandTarget.SOURCES.forEach(source -> List.of(ApplicationEvent.CREATED, ApplicationEvent.STATUS_CHANGED)
                .forEach(event -> meters.applications(source, event)));
        this.deadLetters = deadLetters;
        // the key, the headers and the record batch's own bytes
        this.maxEventBytes = maxRequestSize - RECORD_ROOM;
    }

    /** Names the events topic, with the context's topic prefix. */
    void start() {
        eventsTopic = Topic.APPLICATIONS.topicName(context);
    }

    /**
     * @param correlationId the command's {@code request_id}, or null for a poll
     */
    Event event(ApplicationSnapshot snapshot, ApplicationState previous, String correlationId) {
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(ApplicationEvent.of(snapshot, previous));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
        // a poll answers no command: the event's own identity lets consumers correlate and deduplicate
        String correlation = correlationId != null ? correlationId : snapshot.key() + ":" + snapshot.status();
        if (value.length > maxEventBytes) {
            return deadLetter(snapshot.key(), value, correlation);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(eventsTopic, snapshot.key(), value);
        String event = previous == null ? ApplicationEvent.CREATED : ApplicationEvent.STATUS_CHANGED;
        header(record, BridgeHeaders.EVENT, event);
        Counter counter = meters.applications(snapshot.source(), event);
        header(record, BridgeHeaders.CORRELATION_ID, correlation);
        return new Event(record, counter::increment);
    }

    /**
     * An event Kafka would refuse for its size becomes its dead letter, in the same transaction as the
     * application's state record: the poll goes on, and the application is not read as new again.
     */
    private Event deadLetter(String key, byte[] value, String correlation) {
        OutputRecord letter = deadLetters.letter(eventsTopic, key, value, new RecordTooLargeException(
                "the event has " + value.length + " bytes, more than the " + maxEventBytes + " Kafka takes in one"
                        + " request (camel.component.kafka.max-request-size less " + RECORD_ROOM + ")"),
                0, "applications", correlation);
        ProducerRecord<String, String> text = letter.toProducerRecord(Topic.prefix(context));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(text.topic(), null, text.key(),
                text.value().getBytes(StandardCharsets.UTF_8), text.headers());
        return new Event(record, () -> letter.written(null));
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
