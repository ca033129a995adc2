package ru.rabota.bridge.tail;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import ru.rabota.bridge.json.BridgeJson;

/**
 * {@code java -jar rabota-bridge.jar tail <topic> [--from-beginning] [--brokers host:port] [--max N]}: prints a
 * topic's records, one JSON line each ({@code partition}, {@code offset}, {@code timestamp}, {@code key},
 * {@code headers}, {@code value}: the value's JSON as it is, any other value as a string), and follows new ones until
 * Ctrl-C, or until N records. No Camel context and no route: a plain Kafka consumer outside any consumer group, so it
 * commits nothing and no instance of the bridge notices it. The brokers are the bridge's own
 * ({@code camel.component.kafka.brokers}, from the same property files, profile, system properties and environment),
 * unless {@code --brokers} names others. Records go to standard output, everything else to standard error.
 */
public final class TopicTail {

    public static final String COMMAND = "tail";

    private static final String USAGE = "usage: java [-Dcamel.main.profile=sandbox] -jar rabota-bridge.jar tail <topic>"
            + " [--from-beginning] [--brokers host:port] [--max N]";

    /** How long the brokers may take to name the topic's partitions. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Reads a value as one JSON document, or fails: {@code 42 rubles} is not the number 42. */
    private static final ObjectReader JSON = BridgeJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TopicTail() {
    }

    /** The command line after {@code tail}. */
    record Options(String topic, boolean fromBeginning, Optional<String> brokers, long max) {

        static Options parse(List<String> args) {
            String topic = null;
            boolean fromBeginning = false;
            Optional<String> brokers = Optional.empty();
            long max = Long.MAX_VALUE;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--from-beginning" -> fromBeginning = true;
                    case "--brokers" -> brokers = Optional.of(value(args, ++i, arg));
                    case "--max" -> max = number(value(args, ++i, arg), arg);
                    default -> {
                        if (arg.startsWith("-") || topic != null) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        topic = arg;
                    }
                }
            }
            if (topic == null || max < 1) {
                throw new IllegalArgumentException(topic == null ? "no topic" : "--max must be at least 1");
            }
            return new Options(topic, fromBeginning, brokers, max);
        }

        private static long number(String value, String option) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, not " + value);
            }
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }

    /**
     * Runs the command; its exit code: 0 after {@code --max} records, 1 when the brokers do not answer, 2 for a wrong
     * command line, a {@code camel.component.kafka.*} key camel-kafka does not know or a topic the brokers do not
     * have.
     *
     * @param propertyLocations where the bridge reads its properties ({@code Application.propertyLocations})
     */
    public static int run(List<String> args, String propertyLocations, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tail: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Map<String, Object> config;
        try {
            config = ConfiguredKafka.clientConfig(propertyLocations, ConsumerConfig.configNames());
        } catch (IllegalArgumentException e) {
            err.println("tail: " + e.getMessage());
            return 2;
        }
        options.brokers().ifPresent(brokers -> config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
        String brokers = config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG).toString();
        // what the bridge's transactions committed, as its consumers read it: not a fenced leader's aborted events
        config.putAll(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "rabota-bridge-tail",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(options.topic(), METADATA_TIMEOUT);
            if (partitions.isEmpty()) {
                err.println("tail: topic " + options.topic() + " does not exist on " + brokers);
                return 2;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            consumer.assign(assigned);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
            }
            // where reading starts, asked now: a record written after the next line is never missed
            assigned.forEach(partition -> consumer.position(partition, METADATA_TIMEOUT));
            err.println("tail: " + options.topic() + " on " + brokers + ", " + assigned.size() + " partitions, "
                    + (options.fromBeginning() ? "from the beginning" : "new records") + "; Ctrl-C to stop");
            long printed = 0;
            while (printed < options.max()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    out.println(line(record));
                    if (++printed == options.max()) {
                        break;
                    }
                }
                out.flush();
            }
            return 0;
        } catch (KafkaException e) {
            err.println("tail: no answer from " + brokers + " (" + e.getMessage() + "); --brokers names others");
            return 1;
        }
    }

    static String line(ConsumerRecord<String, byte[]> record) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key());
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        line.set("value", value(record.value()));
        return line.toString();
    }

    /** The value's JSON, or the value as a string when it is not JSON. */
    private static JsonNode value(byte[] value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            JsonNode json = JSON.readTree(value);
            if (json != null && !json.isMissingNode()) {
                return json;
            }
        } catch (IOException e) {
            // not JSON: written as a string below
        }
        return JsonNodeFactory.instance.textNode(new String(value, StandardCharsets.UTF_8));
    }
}
