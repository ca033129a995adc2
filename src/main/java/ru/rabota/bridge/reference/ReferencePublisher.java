package ru.rabota.bridge.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Publishes a type's list to the compacted topic {@code rabota.reference} (bean {@code referencePublisher}): only the
 * records that differ from what the topic holds (key {@code <type>:<id>}, header {@code bridge-event}
 * {@code reference.<type>}, the record's JSON as value), and a tombstone (null value) for each key of the type that
 * the list no longer has. What the topic holds is read at the refresh's first publication (a refresh every few hours
 * reads it in a moment), not remembered: a restart, or another instance that published meanwhile, changes nothing.
 * Only a list read whole comes here: a type whose read failed publishes nothing, so no tombstone.
 */
public final class ReferencePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReferencePublisher.class);

    private final KafkaOutput output;
    /** A reader of {@code rabota.reference}, not started. */
    private final Supplier<KafkaStateStore> reader;

    /** @param reader makes a reader of {@code rabota.reference}, not started */
    public ReferencePublisher(KafkaOutput output, Supplier<KafkaStateStore> reader) {
        this.output = output;
        this.reader = reader;
    }

    /**
     * Sends the type's changes and returns once Kafka took them all.
     *
     * @throws IllegalStateException when Kafka did not take one: the type is due again, and its next read sends what
     *                               the topic still lacks
     */
    public void publish(@Header(ReferenceRefreshes.TYPE) ReferenceType type, @Body List<ObjectNode> records,
            @ExchangeProperty(ReferenceRefreshes.RUN) ReferenceRun run) {
        List<OutputRecord> changes = changes(type, records, run.held(this::held));
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (OutputRecord change : changes) {
            CompletableFuture<Void> one = output.sendAsync(change);
            sent.add(one);
            if (one.isCompletedExceptionally()) {
                break; // Kafka unreachable: not a wait for it per record
            }
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
        LOG.debug("reference data: {} changes of {} published", changes.size(), type.plural());
    }

    /** The records of the type that differ from the topic's, and a tombstone for each key the list lacks. */
    static List<OutputRecord> changes(ReferenceType type, List<ObjectNode> records, Map<String, String> held) {
        Map<String, ObjectNode> listed = new LinkedHashMap<>();
        records.forEach(record -> listed.put(type.key(record), record));
        List<OutputRecord> changes = new ArrayList<>();
        listed.forEach((key, record) -> {
            if (!same(held.get(key), record)) {
                changes.add(record(type, key, record.toString()));
            }
        });
        held.keySet().stream().filter(key -> key.startsWith(type.type() + ":") && !listed.containsKey(key))
                .sorted().forEach(key -> changes.add(record(type, key, null)));
        return changes;
    }

    /** As JSON, not as text: the same record with its fields in another order is no change. */
    private static boolean same(String held, JsonNode record) {
        try {
            return held != null && BridgeJson.MAPPER.readTree(held).equals(record);
        } catch (JsonProcessingException e) {
            return false; // not what the bridge writes: replaced
        }
    }

    private static OutputRecord record(ReferenceType type, String key, String value) {
        return new OutputRecord(Topic.REFERENCE, key, value, type.event(), null, where -> { });
    }

    /** Every key {@code rabota.reference} holds, with its value. */
    private Map<String, String> held() {
        Map<String, String> held = new HashMap<>();
        KafkaStateStore topic = reader.get();
        topic.start();
        try {
            topic.forEach(held::put);
        } finally {
            topic.stop();
        }
        return held;
    }
}
