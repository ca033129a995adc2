package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.MessageSchemas;

/**
 * docs/asyncapi.yaml against the bundle and the README: every topic is a channel, every example of the README matches
 * its topic's message, and a record that does not match fails its reader with what is wrong.
 */
class MessageSchemasTest {

    /** A README example: a fenced block whose info string names the topic, {@code ```json rabota.jobs.commands}. */
    private static final Pattern FENCE = Pattern.compile("^```json(?:\\s+(\\S+))?\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTopicOfTheBundleIsAChannelAndTheBridgeWritesTheOutputTopics() throws IOException {
        List<String> addresses = new ArrayList<>();
        new YAMLMapper().readTree(MessageSchemas.DOCUMENT.toFile()).path("channels")
                .forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Arrays.stream(Topic.values()).map(Topic::baseName)
                .toList());
        assertThat(MessageSchemas.all().values()).filteredOn(MessageSchemas.Message::produced)
                .extracting(MessageSchemas.Message::address).containsExactlyInAnyOrder("rabota.jobs.events",
                        "rabota.applications", "rabota.applications.results", "rabota.vas.results",
                        "rabota.candidates.results", "rabota.backgrounds.results", "rabota.dlq", "rabota.reference",
                        "rabota.company");
    }

    @Test
    void everyJsonExampleOfTheReadmeMatchesItsTopicsMessage() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (int start = 0; start < lines.size(); start++) {
            Matcher fence = FENCE.matcher(lines.get(start));
            if (!fence.matches()) {
                continue;
            }
            int end = start + 1;
            while (!lines.get(end).startsWith("```")) {
                end++;
            }
            String where = "README.md line " + (start + 1) + ": ";
            Optional<MessageSchemas.Message> message = Optional.ofNullable(fence.group(1))
                    .map(topic -> MessageSchemas.all().get(topic));
            if (message.isEmpty()) {
                problems.add(where + "```json names no topic of docs/asyncapi.yaml: " + lines.get(start));
            } else {
                examples++;
                problems.addAll(problems(where, message.get(), String.join("\n", lines.subList(start + 1, end))));
            }
            start = end;
        }
        assertThat(problems).isEmpty();
        assertThat(examples).as("README examples").isPositive();
    }

    @Test
    void aRecordThatDoesNotMatchItsMessageFailsItsReaderNamingTopicRecordAndError() {
        String event = """
                {"event":"%s","board":"vkrabota","external_id":"HR-1","job_id":"651","request_id":null,
                 "origin":"kafka","job":{"title":"Курьер"},"error":null}""";
        ConsumerRecord<String, String> created = record(event.formatted("created"), "created");
        ConsumerRecord<String, String> posted = record(event.formatted("posted"), "posted");

        MessageSchemas.check(created);
        assertThatThrownBy(() -> MessageSchemas.check(posted)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("record t1-test.rabota.jobs.events-2@17 (key HR-1)")
                .hasMessageContaining("\n  /event: ").hasMessageContaining(", found \"posted\" (schemas/job-event")
                .hasMessageContaining("\n  header /bridge-event: ");
    }

    private static List<String> problems(String where, MessageSchemas.Message message, String block) {
        List<String> problems = new ArrayList<>();
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(block)) {
            while (values.hasNextValue()) {
                message.payloadProblems(values.nextValue()).forEach(problem -> problems.add(where + problem));
            }
        } catch (JsonProcessingException e) {
            problems.add(where + "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return problems;
    }

    private static ConsumerRecord<String, String> record(String value, String event) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("t1-test.rabota.jobs.events", 2, 17, "HR-1",
                value);
        record.headers().add(BridgeHeaders.EVENT, event.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
