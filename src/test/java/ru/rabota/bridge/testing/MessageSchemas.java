package ru.rabota.bridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import ru.rabota.bridge.log.LogText;

/**
 * The Kafka messages of {@code docs/asyncapi.yaml}, one per channel, with the JSON Schemas of their value, headers and
 * key ({@code docs/schemas/}). {@link TestKafka} checks every record it reads here, so every test that reads what the
 * bridge wrote checks it against the contract too. A record's topic is found by the end of its name (tests give their
 * topics prefixes of their own); records of topics the bridge only reads (commands, which tests write malformed on
 * purpose), of internal topics (no message) and of other topics are not checked.
 */
public final class MessageSchemas {

    /** Where the document lies, from the project's root (the tests' working folder). */
    public static final Path DOCUMENT = Path.of("docs", "asyncapi.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Message> MESSAGES = load();

    private MessageSchemas() {
    }

    /**
     * One channel's message.
     *
     * @param produced whether the bridge writes it (an operation {@code send} on its channel)
     * @param headers  null for a message without headers (the commands the bridge reads)
     */
    public record Message(String address, String pointer, boolean produced, Schema payload, Schema headers,
            Schema key) {

        /** What in the value does not match the payload's schema, one line each. */
        public List<String> payloadProblems(JsonNode value) {
            return lines(payload.validate(value));
        }

        /** What in the record does not match the message: value, headers, key, and the value's event in bridge-event. */
        List<String> problems(ConsumerRecord<String, String> record) {
            JsonNode value;
            if (record.value() == null) {
                // a tombstone, where the payload allows one (null): a key of a compacted topic whose item is gone
                if (!payloadProblems(NullNode.instance).isEmpty()) {
                    return List.of("no value (a tombstone)");
                }
                value = NullNode.instance;
            } else {
                try {
                    value = JSON.readTree(record.value());
                } catch (JsonProcessingException e) {
                    return List.of("not JSON: " + e.getOriginalMessage());
                }
            }
            List<String> problems = new ArrayList<>(payloadProblems(value));
            ObjectNode headers = JsonNodeFactory.instance.objectNode();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            lines(this.headers.validate(headers)).forEach(line -> problems.add("header " + line + " in " + headers));
            lines(key.validate(record.key() == null ? NullNode.instance : TextNode.valueOf(record.key())))
                    .forEach(line -> problems.add("key " + line));
            String event = value.path("event").asText(null);
            if (event != null && !event.equals(headers.path("bridge-event").asText(null))) {
                problems.add("header bridge-event " + headers.path("bridge-event") + " is not the value's event "
                        + value.path("event"));
            }
            return problems;
        }
    }

    /** Every message, by its channel's address ({@code rabota.jobs.events}). */
    public static Map<String, Message> all() {
        return MESSAGES;
    }

    /** The message of a topic, by the longest address its name ends with. */
    private static Optional<Message> ofTopic(String topicName) {
        return MESSAGES.values().stream().filter(message -> topicName.endsWith(message.address()))
                .max(Comparator.comparingInt(message -> message.address().length()));
    }

    /**
     * @throws AssertionError naming the topic, the record and every mismatch, when a record on a topic the bridge
     *                        writes does not match that topic's message
     */
    public static void check(ConsumerRecord<String, String> record) {
        ofTopic(record.topic()).filter(Message::produced).ifPresent(message -> {
            List<String> problems = message.problems(record);
            if (!problems.isEmpty()) {
                throw new AssertionError("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " (key " + record.key() + ") does not match " + DOCUMENT + "#"
                        + message.pointer() + ":\n  " + String.join("\n  ", problems) + "\nvalue: "
                        + LogText.cut(record.value()));
            }
        });
    }

    private static Map<String, Message> load() {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(DOCUMENT.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the schemas are parts of the AsyncAPI document, whose own keys (asyncapi, info, channels) the validator
        // would name in a WARN each as unknown schema keywords
        Configurator.setLevel("com.networknt.schema.keyword.UnknownKeywordFactory", Level.ERROR);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        // a date-time that is none is a mismatch, not a note; messages in English whatever the machine
                        .formatAssertionsEnabled(true).locale(Locale.ROOT).build())
                        // the document and its schemas are files; nothing is fetched from the network
                        .schemaLoader(loader -> loader.fetchRemoteResources()
                                .allow(iri -> iri.toString().startsWith("file:"))));
        String uri = DOCUMENT.toAbsolutePath().toUri().toString();
        Set<String> sent = new HashSet<>();
        document.path("operations").forEach(operation -> {
            if (operation.path("action").asText().equals("send")) {
                sent.add(operation.at("/channel/$ref").asText());
            }
        });
        Map<String, Message> messages = new LinkedHashMap<>();
        document.path("channels").properties().forEach(channel -> {
            JsonNode refs = channel.getValue().path("messages");
            if (refs.size() > 1) {
                throw new IllegalStateException(DOCUMENT + ": channel " + channel.getKey() + " has " + refs.size()
                        + " messages; a record is checked against its channel's one message");
            }
            refs.forEach(ref -> {
                String pointer = ref.path("$ref").asText().substring(1);
                String address = channel.getValue().path("address").asText();
                Optional<Schema> headers = Optional.of(pointer + "/headers")
                        .filter(path -> !document.at(path).isMissingNode())
                        .map(path -> registry.getSchema(SchemaLocation.of(uri + "#" + path)));
                messages.put(address, new Message(address, pointer, sent.contains("#/channels/" + channel.getKey()),
                        registry.getSchema(SchemaLocation.of(uri + "#" + pointer + "/payload/schema")),
                        headers.orElse(null),
                        registry.getSchema(SchemaLocation.of(uri + "#" + pointer + "/bindings/kafka/key"))));
            });
        });
        return messages;
    }

    private static List<String> lines(List<Error> errors) {
        return errors.stream().map(error -> where(error) + ": " + error.getMessage() + found(error.getInstanceNode())
                + " (" + error.getSchemaLocation().toString().replaceFirst("^.*/docs/", "") + ")").toList();
    }

    /** The JSON pointer of what did not match; {@code /} for the whole. */
    private static String where(Error error) {
        String pointer = error.getInstanceLocation().toString();
        return pointer.isEmpty() ? "/" : pointer;
    }

    /** The value that did not match, when it is one (not an object or array, which the message describes). */
    private static String found(JsonNode instance) {
        return instance != null && instance.isValueNode() ? ", found " + instance : "";
    }
}
