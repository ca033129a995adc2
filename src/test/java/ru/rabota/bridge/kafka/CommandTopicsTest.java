package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkApplication;

/**
 * The command topics end to end: records in, results (or dead letters) out, with keys and headers; the status
 * command's event emitted once across the command and the poller.
 */
class CommandTopicsTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        // polls only when a test asks: a timed poll between the command's call and its publication would emit the
        // (single) event in the command's stead
        return Map.of("bridge.applications.poll-interval", "1h", "bridge.applications.initial-delay", "1s",
                "bridge.retry.max-attempts", "2", "bridge.company.poll-delay", "1h");
    }

    @Test
    void aStatusCommandEmitsItsEventOnceAcrossTheCommandAndTheFollowingPolls() {
        VkApplication application = bridge.vk().seedApplications(1).get(0);
        String key = "vkrabota:" + application.id();
        bridge.app().template().sendBody("direct:applications-poll-once", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> events(key).size() == 1);

        send(Topic.APPLICATIONS_COMMANDS, String.valueOf(application.id()),
                "{\"application_id\":\"" + application.id() + "\",\"status\":\"invited\",\"request_id\":\"a-77\"}");
        ConsumerRecord<String, String> result = single(Topic.APPLICATIONS_RESULTS, String.valueOf(application.id()));
        bridge.app().template().sendBody("direct:applications-rescan-once", null);
        bridge.app().template().sendBody("direct:applications-poll-once", null);

        assertThat(json(result).path("outcome").asText()).isEqualTo("ok");
        assertThat(TestKafka.header(result, BridgeHeaders.EVENT)).isEqualTo("application.status_result");
        assertThat(TestKafka.header(result, BridgeHeaders.CORRELATION_ID)).isEqualTo("a-77");
        List<ConsumerRecord<String, String>> events = events(key);
        assertThat(events).extracting(event -> json(event).path("event").asText())
                .containsExactly("application.created", "application.status_changed");
        assertThat(json(events.get(1)).path("status").asText()).isEqualTo("invited");
        assertThat(json(events.get(1)).path("previous_status").asText()).isEqualTo(application.status());
        assertThat(TestKafka.header(events.get(1), BridgeHeaders.CORRELATION_ID)).isEqualTo("a-77");
    }

    @Test
    void aReplayedVasRecordIsAnsweredTwiceAndPaidOnce() {
        long job = bridge.vk().state().addJob("Курьер", "HR-K-1").id();
        String command = "{\"request_id\":\"r-k1\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + job + "\"}]}";

        send(Topic.VAS_COMMANDS, "r-k1", command);
        send(Topic.VAS_COMMANDS, "r-k1", command);

        List<ConsumerRecord<String, String>> results = await().atMost(Duration.ofSeconds(30)).until(
                () -> TestKafka.consume(bridge.app().topic(Topic.VAS_RESULTS), 2, Duration.ofSeconds(5)),
                records -> records.size() == 2);
        assertThat(results).extracting(ConsumerRecord::key).containsExactly("r-k1", "r-k1");
        assertThat(results.get(1).value()).isEqualTo(results.get(0).value());
        assertThat(json(results.get(0)).path("outcome").asText()).isEqualTo("ok");
        assertThat(TestKafka.header(results.get(0), BridgeHeaders.EVENT)).isEqualTo("vas.result");
        assertThat(vkCalls("/paid_actions")).hasSize(1);
    }

    @Test
    void aRecordThatIsNoCommandBecomesADeadLetterAtOnce() {
        send(Topic.VAS_COMMANDS, "r-bad", "{\"request_id\":\"r-bad\",\"actions\":\"all of them\"}");

        JsonNode letter = json(single(Topic.DLQ, "r-bad"));
        assertThat(letter.path("topic").asText()).isEqualTo(bridge.app().topic(Topic.VAS_COMMANDS));
        assertThat(letter.path("attempts").asInt()).isZero();
        assertThat(letter.at("/error/detail").asText()).isEqualTo("actions: \"all of them\" is not an array");
        assertThat(letter.path("route").asText()).isEqualTo("paid-commands-from-kafka");
        assertThat(vkCalls("/paid_actions")).isEmpty();
    }

    @Test
    void aCommandWhoseRetriesRanOutBecomesADeadLetterWithItsAttempts() {
        VkApplication application = bridge.vk().seedApplications(1).get(0);
        bridge.vk().faults().onPaths(".*/proceed").failNext(2, 503);
        try {
            send(Topic.APPLICATIONS_COMMANDS, String.valueOf(application.id()),
                    "{\"application_id\":\"" + application.id() + "\",\"status\":\"read\",\"request_id\":\"a-503\"}");

            ConsumerRecord<String, String> dead = single(Topic.DLQ, String.valueOf(application.id()));
            assertThat(json(dead).path("attempts").asInt()).isEqualTo(2);
            assertThat(json(dead).at("/error/http_status").asInt()).isEqualTo(503);
            assertThat(TestKafka.header(dead, BridgeHeaders.CORRELATION_ID)).isEqualTo("a-503");
        } finally {
            bridge.vk().faults().onPaths(".*");
        }
    }

    @Test
    void candidateAndBackgroundCommandsAnswerOnTheirResultTopics() {
        long job = bridge.vk().state().addJob("Кладовщик", "HR-K-2").id();

        send(Topic.CANDIDATES_COMMANDS, "s-k1", "{\"command\":\"search\",\"request_id\":\"s-k1\",\"filters\":{\"address\":\"Москва\"}}");
        send(Topic.BACKGROUNDS_COMMANDS, "d-k1", "{\"command\":\"delete_background\",\"request_id\":\"d-k1\",\"job_ids\":[\"" + job + "\"]}");

        assertThat(json(single(Topic.CANDIDATES_RESULTS, "s-k1")).path("outcome").asText()).isEqualTo("ok");
        ConsumerRecord<String, String> deleted = single(Topic.BACKGROUNDS_RESULTS, String.valueOf(job));
        assertThat(json(deleted).path("event").asText()).isEqualTo("background.delete_result");
        assertThat(TestKafka.header(deleted, BridgeHeaders.CORRELATION_ID)).isEqualTo("d-k1");
    }

    @Test
    void theUsersOwnBackgroundIsKeyedUserAsUploadsAreAndACommandNamingNothingByItsRecordKey() {
        send(Topic.BACKGROUNDS_COMMANDS, "d-u1", "{\"command\":\"delete_background\",\"request_id\":\"d-u1\","
                + "\"user\":true}");
        send(Topic.BACKGROUNDS_COMMANDS, "d-none", "{\"command\":\"delete_background\",\"request_id\":\"d-none\"}");

        // before, both were keyed by the record's key and alike: neither said whether it was the user's background
        JsonNode user = json(single(Topic.BACKGROUNDS_RESULTS, "user"));
        assertThat(user.path("request_id").asText()).isEqualTo("d-u1");
        assertThat(user.path("user").asBoolean()).isTrue();
        JsonNode unnamed = json(single(Topic.BACKGROUNDS_RESULTS, "d-none"));
        assertThat(unnamed.path("outcome").asText()).isEqualTo("rejected");
        assertThat(unnamed.has("user")).isFalse();
    }

    @Test
    void aCommandWithoutRequestIdIsAnsweredUnderItsRecordKeyWithNoCorrelationId() {
        send(Topic.CANDIDATES_COMMANDS, "s-key-only", "{\"command\":\"search\",\"filters\":{\"address\":\"Москва\"}}");
        send(Topic.BACKGROUNDS_COMMANDS, "d-key-only", "{\"command\":\"delete_background\"}");

        for (ConsumerRecord<String, String> result : List.of(single(Topic.CANDIDATES_RESULTS, "s-key-only"),
                single(Topic.BACKGROUNDS_RESULTS, "d-key-only"))) {
            assertThat(json(result).path("request_id").isNull()).as(result.value()).isTrue();
            assertThat(TestKafka.header(result, BridgeHeaders.CORRELATION_ID)).isNull();
        }
    }

    /** A status given as null is missing: the rejected result says so, with a null status, not the text "null". */
    @Test
    void aStatusGivenAsNullIsRejectedAsMissingWithANullStatus() {
        send(Topic.APPLICATIONS_COMMANDS, "7", "{\"application_id\":\"7\",\"status\":null,\"request_id\":\"a-null\"}");

        JsonNode result = json(single(Topic.APPLICATIONS_RESULTS, "7"));
        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).startsWith("status: missing");
        assertThat(result.path("status").isNull()).as(result.toString()).isTrue();
    }

    private void send(Topic topic, String key, String value) {
        TestKafka.send(bridge.app().topic(topic), key, value);
    }

    private ConsumerRecord<String, String> single(Topic topic, String key) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> TestKafka.consume(bridge.app().topic(topic), Integer.MAX_VALUE, Duration.ofSeconds(1)).stream()
                        .filter(record -> key.equals(record.key())).toList(),
                records -> !records.isEmpty()).get(0);
    }

    private List<ConsumerRecord<String, String>> events(String key) {
        return TestKafka.consume(bridge.app().topic(Topic.APPLICATIONS), Integer.MAX_VALUE, Duration.ofSeconds(1))
                .stream().filter(record -> key.equals(record.key())).toList();
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        return CommandJson.parse(record.value()).tree();
    }
}
