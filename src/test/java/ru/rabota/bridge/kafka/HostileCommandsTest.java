package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.jobs.JobsTestSupport;
import ru.rabota.bridge.testing.TestKafka;

/**
 * Hostile records on the command topics, as an attacker or a broken upstream system writes them: random bytes,
 * bytes that are not UTF-8, tombstones, values above the dead-letter limit and above the largest command value,
 * deep nesting, a wrong type in every field, huge arrays, values that are no JSON object. Each input record must
 * end as exactly one output keyed by its own key (a job event, a command result or a dead letter), valid commands
 * sent after them must still succeed, and no log line may carry a payload.
 * <p>
 * "Exactly one" is checked once every input has an output: a batch replayed because of one record answers the
 * records before that record again before it gets past it, so its repeats are there by then.
 */
class HostileCommandsTest extends JobsTestSupport {

    /** Bound for the longest log line of the run: a value cut to 1 KB plus its line's own words. */
    private static final int LONGEST_LINE = 4096;
    private static final int MB = 1024 * 1024;
    /** Keys its result, as an application_id does. */
    private static final String LONG_APPLICATION_ID = "hh:" + "1".repeat(5_000);

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3 * MB), new StringSerializer(), new ByteArraySerializer());
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);
    /** What each key was sent to, so that its outputs can be found. */
    private final Map<String, Topic> sentTo = new HashMap<>();
    private int keyless;

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    void everyHostileRecordEndsAsExactlyOneOutputAndValidCommandsAfterThemSucceed() throws Exception {
        // a customer's command topic may take values larger than the bundle reads
        topicConfig(Topic.JOBS_COMMANDS, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(3 * MB));
        sentTo.clear();
        keyless = 0;
        try (LogCapture logs = new LogCapture()) {
            sendHostileJobCommands();
            sendHostileOtherCommands();
            for (int i = 1; i <= 10; i++) {
                send(Topic.JOBS_COMMANDS, "valid-" + i, upsert("valid-" + i, "r-" + i, "Курьер " + i));
            }
            send(Topic.CANDIDATES_COMMANDS, "valid-search",
                    "{\"command\":\"search\",\"request_id\":\"valid-search\",\"filters\":{\"address\":\"Москва\"}}");

            Map<String, List<ConsumerRecord<String, String>>> outputs = awaitOneOutputPerInput();

            System.out.printf("hostile commands (seed %d): %d records, %d keyless; longest log line %,d characters%n",
                    seed, sentTo.size() + keyless, keyless, longestLine(logs));
            assertThat(sentTo.keySet()).allSatisfy(key -> assertThat(outputs.get(key)).as("outputs of %s", key)
                    .hasSize(1));
            for (int i = 1; i <= 10; i++) {
                assertThat(json(outputs.get("valid-" + i).get(0)).path("event").asText()).isEqualTo("created");
            }
            assertThat(json(outputs.get("valid-search").get(0)).path("outcome").asText()).isEqualTo("ok");
            assertThat(longestLine(logs)).isLessThan(LONGEST_LINE);
            assertDeadLetters(outputs);
        }
    }

    @Test
    void aRecordWhoseDeadLetterTheTopicRefusesIsLoggedOnceAndSkipped() throws Exception {
        // a DLQ topic that takes less than the bundle's letters, as an existing customer topic might
        topicConfig(Topic.DLQ, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(64 * 1024));
        try (LogCapture logs = new LogCapture()) {
            RecordMetadata refused = send(Topic.JOBS_COMMANDS, "too-big", "x".repeat(200_000));
            send(Topic.JOBS_COMMANDS, "after-too-big", upsert("after-too-big", "r-1", "Повар"));

            assertThat(events("after-too-big", 1).get(0).path("event").asText()).isEqualTo("created");
            assertThat(logs.lines("ERROR", "Record " + refused.topic() + "-" + refused.partition() + " at offset "
                    + refused.offset() + " skipped: even its dead letter was refused")).isEqualTo(1);
        } finally {
            topicConfig(Topic.DLQ, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MB));
        }
    }

    private void sendHostileJobCommands() {
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            send(Topic.JOBS_COMMANDS, i % 5 == 0 ? null : "noise-" + i, noise);
        }
        send(Topic.JOBS_COMMANDS, "tombstone", (byte[]) null);
        send(Topic.JOBS_COMMANDS, null, (byte[]) null);
        List<byte[]> notUtf8 = List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, '('},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF0, (byte) 0x9F});
        for (int i = 0; i < notUtf8.size(); i++) {
            // in the title, where a lenient decoder would publish replacement characters
            String[] command = upsert("utf8-" + i, "r", "Кур|ьер").split("\\|");
            send(Topic.JOBS_COMMANDS, "utf8-" + i, concat(concat(command[0].getBytes(StandardCharsets.UTF_8),
                    notUtf8.get(i)), command[1].getBytes(StandardCharsets.UTF_8)));
        }
        send(Topic.JOBS_COMMANDS, "above-max-value", "{\"a\":\"" + "я".repeat(MB) + "\"}");
        send(Topic.JOBS_COMMANDS, "long-title", upsert("long-title", "r", "т".repeat(300_000)));
        send(Topic.JOBS_COMMANDS, "control-chars", "\u0001".repeat(300_000));
        send(Topic.JOBS_COMMANDS, "deep-array", "[".repeat(100_000));
        send(Topic.JOBS_COMMANDS, "deep-object", "{\"a\":".repeat(200) + "1" + "}".repeat(200));
        send(Topic.JOBS_COMMANDS, "huge-array", "{\"command\":\"upsert\",\"external_id\":\"huge-array\","
                + "\"job\":{\"title\":[" + "1,".repeat(200_000) + "1]}}");
        send(Topic.JOBS_COMMANDS, "top-array", "[" + "{},".repeat(100_000) + "{}]");
        for (String notObject : List.of("\"text\"", "42", "null", "[]", "")) {
            send(Topic.JOBS_COMMANDS, "not-object-" + sentTo.size(), notObject);
        }
        // a billion digits in 11 characters: before, the validator's text took the heap, a valid salary hours
        send(Topic.JOBS_COMMANDS, "huge-lat", upsert("huge-lat", "r", "Курьер").replace("55.75", "1e999999999"));
        send(Topic.JOBS_COMMANDS, "huge-salary", upsert("huge-salary", "r", "Курьер")
                .replace("50000", "1e9999999").replace("70000", "1e9999999"));
        wrongTypeInEveryField();
    }

    /** Each field of a valid upsert replaced by values of other types; the record's key stays its external_id. */
    private void wrongTypeInEveryField() {
        List<String> fields = List.of("command", "request_id", "profession_id", "profession", "publication_type",
                "reason", "job", "job.title", "job.description", "job.lat", "job.long", "job.address",
                "job.salary_from", "job.salary_to", "job.salary_period", "job.contact_phone", "job.remote",
                "job.auto_renew");
        List<String> wrong = List.of("{}", "[]", "true", "\"abc\"", "1.5");
        for (String field : fields) {
            for (String value : wrong) {
                String key = "wrong-" + sentTo.size();
                JsonNode command = json(upsert(key, "r", "Курьер"));
                String[] path = field.split("\\.");
                ((ObjectNode) (path.length == 1 ? command : command.get(path[0]))).set(path[path.length - 1],
                        json(value));
                send(Topic.JOBS_COMMANDS, key, command.toString());
            }
        }
        for (String value : List.of("{}", "[]")) {
            String key = "wrong-" + sentTo.size();
            send(Topic.JOBS_COMMANDS, key, upsert(key, "r", "Курьер").replace("\"external_id\":\"" + key + "\"",
                    "\"external_id\":" + value));
        }
    }

    private void sendHostileOtherCommands() {
        for (Topic topic : List.of(Topic.APPLICATIONS_COMMANDS, Topic.VAS_COMMANDS, Topic.CANDIDATES_COMMANDS,
                Topic.BACKGROUNDS_COMMANDS)) {
            String key = topic.baseName();
            send(topic, key + "-tombstone", (byte[]) null);
            send(topic, key + "-utf8", new byte[] {'{', '"', (byte) 0xC3, '(', '"', ':', '1', '}'});
            send(topic, key + "-deep", "{\"a\":".repeat(100) + "1" + "}".repeat(100));
            send(topic, key + "-array", "[1,2,3]");
            send(topic, key + "-noise", new byte[] {0, 1, 2, (byte) 0xFE});
        }
        // a value a rejection names whole (a source that contradicts it): the detail is cut all the same
        send(Topic.APPLICATIONS_COMMANDS, LONG_APPLICATION_ID, "{\"application_id\": \"" + LONG_APPLICATION_ID
                + "\", \"source\": \"vkrabota\", \"status\": \"invited\", \"request_id\": \"long-id\"}");
    }

    /** Outputs per input key (null: the keyless inputs together), once every input has one. */
    private Map<String, List<ConsumerRecord<String, String>>> awaitOneOutputPerInput() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            for (Topic topic : List.of(Topic.JOBS_EVENTS, Topic.DLQ, Topic.CANDIDATES_RESULTS,
                    Topic.APPLICATIONS_RESULTS, Topic.VAS_RESULTS, Topic.BACKGROUNDS_RESULTS)) {
                all.addAll(TestKafka.consume(app.topic(topic), Integer.MAX_VALUE, Duration.ofMillis(300)));
            }
            return all.stream().collect(Collectors.groupingBy(record -> String.valueOf(record.key())));
        }, outputs -> outputs.keySet().containsAll(sentTo.keySet())
                && outputs.getOrDefault("null", List.of()).size() >= keyless);
    }

    private void assertDeadLetters(Map<String, List<ConsumerRecord<String, String>>> outputs) {
        Function<String, JsonNode> letter = key -> json(outputs.get(key).get(0));
        assertThat(outputs.get("null")).hasSize(keyless);
        assertThat(letter.apply("utf8-0").path("payload_encoding").asText()).isEqualTo("base64");
        assertThat(letter.apply("utf8-0").at("/error/detail").asText())
                .startsWith("not UTF-8: malformed bytes at byte");
        assertThat(letter.apply("tombstone").at("/error/detail").asText())
                .isEqualTo("a tombstone (a record without value) is not a command");
        JsonNode tooBig = letter.apply("above-max-value");
        assertThat(tooBig.at("/error/detail").asText())
                .isEqualTo("the value has 2,097,160 bytes, more than the 1,048,576 of bridge.commands.max-value");
        assertThat(tooBig.path("payload_truncated").asBoolean()).isTrue();
        assertThat(tooBig.path("payload_bytes").asInt()).isEqualTo(2_097_160);
        assertThat(tooBig.path("payload").asText().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(256 * 1024);
        assertThat(letter.apply("long-title").at("/error/detail").asText()).startsWith(
                "job.title: 300,000 characters is longer than the 65,536 characters of bridge.commands.max-field");
        assertThat(letter.apply("deep-array").at("/error/detail").asText()).startsWith(
                "JSON nested deeper than the 64 levels of bridge.commands.max-depth");
        assertThat(letter.apply("huge-lat").at("/error/detail").asText()).startsWith(
                "job.lat: 1E+999999999 has more than 30 digits before or after the decimal point");
        assertThat(letter.apply("huge-salary").at("/error/detail").asText()).startsWith(
                "job.salary_from: 1E+9999999 has more than 30 digits");
        assertThat(letter.apply(LONG_APPLICATION_ID).path("detail").asText()).startsWith("source: \"vkrabota\"")
                .endsWith("... (5,051 characters)").hasSizeLessThan(4_200);
        // 300,000 characters that JSON writes in six bytes each: cut so that the letter stays small
        assertThat(letter.apply("control-chars").path("payload_truncated").asBoolean()).isTrue();
        assertThat(outputs.get("control-chars").get(0).value().length()).isLessThan(256 * 1024 + 4096);
    }

    private int longestLine(LogCapture logs) {
        return Arrays.stream(logs.text().split("\n")).mapToInt(String::length).max().orElse(0);
    }

    private RecordMetadata send(Topic topic, String key, String value) {
        return send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private RecordMetadata send(Topic topic, String key, byte[] value) {
        if (key == null) {
            keyless++;
        } else {
            sentTo.put(key, topic);
        }
        try {
            return producer.send(new ProducerRecord<>(app.topic(topic), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    private void topicConfig(Topic topic, String name, String value) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, app.topic(topic)),
                    List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        return json(record.value());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
