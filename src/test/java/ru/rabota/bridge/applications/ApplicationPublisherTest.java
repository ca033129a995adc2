package ru.rabota.bridge.applications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
import ru.rabota.bridge.applications.vk.VkApplications;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** The emitter every application flow shares: what it writes, and what it refuses to write twice. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationPublisherTest {

    private PollHarness harness;
    private ApplicationPublisher publisher;

    @BeforeAll
    void start() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        publisher = harness.app().context().getRegistry().lookupByNameAndType("applicationPublisher",
                ApplicationPublisher.class);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void anotherSourceGetsItsKeyItsExtraMembersTheCommandsCorrelationIdAndADocumentedStateRecord() {
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("candidate_state", "response")
                .put("collection", "response");
        extra.putArray("actions").add("invitation");
        ObjectNode resume = JsonNodeFactory.instance.objectNode().put("first_name", "Анна");

        Publication publication = publisher.publish(List.of(new ApplicationSnapshot("hh", "55", "123", null,
                "response", "2024-01-02T10:00:00+03:00", resume, extra)), "r-7", Map.of());

        assertThat(publication).isEqualTo(new Publication(1, 0, 0));
        ConsumerRecord<String, String> record = only("hh:55");
        assertThat(TestKafka.header(record, BridgeHeaders.EVENT)).isEqualTo("application.created");
        assertThat(TestKafka.header(record, BridgeHeaders.CORRELATION_ID)).isEqualTo("r-7");
        JsonNode event = PollHarness.json(record);
        assertThat(event.path("source").asText()).isEqualTo("hh");
        assertThat(event.path("collection").asText()).isEqualTo("response");
        assertThat(event.at("/candidate/first_name").asText()).isEqualTo("Анна");
        assertThat(event.has("external_job_id") && event.path("external_job_id").isNull()).isTrue();
        assertThat(harness.store("applicationState").get("hh:55")).hasValueSatisfying(state -> assertThat(state)
                .matches("\\{\"status\":\"response\",\"job_id\":\"123\",\"created_at\":\"2024-01-02T10:00:00\\+03:00\","
                        + "\"seen_at\":\"20\\d\\d-[^\"]+Z\"}"));
    }

    @Test
    void theSameStatusIsNeverSentTwiceAndAChangeNamesTheStatusBefore() {
        ApplicationSnapshot invited = snapshot("10", "invited");
        ApplicationSnapshot reserved = snapshot("10", "reserved");

        assertThat(publisher.publish(List.of(invited), null, Map.of())).isEqualTo(new Publication(1, 0, 0));
        assertThat(publisher.publish(List.of(invited, invited), null, Map.of())).isEqualTo(new Publication(0, 0, 2));
        // one batch may carry two states of an application: compared with each other, in order
        assertThat(publisher.publish(List.of(reserved, invited), null, Map.of())).isEqualTo(new Publication(0, 2, 0));

        assertThat(harness.events()).filteredOn(e -> e.key().equals("vkrabota:10"))
                .extracting(e -> PollHarness.json(e).path("previous_status").asText("-") + " -> "
                        + PollHarness.json(e).path("status").asText())
                .containsExactly("- -> invited", "invited -> reserved", "reserved -> invited");
    }

    @Test
    void aStatusTheCommandFlowAlreadyEmittedIsNotEmittedAgainByThePoll() {
        VkApplication application = harness.vk.seedApplications(1).get(0);
        harness.poll();
        // the status command flow proceeds the application and emits the change with its request_id
        JsonNode answer = harness.app().template().requestBodyAndHeader("direct:vk-proceed-application",
                "{\"application\":{\"status\":\"missed\"}}", "bridgeApplicationId", application.id(), JsonNode.class);
        VkApplications vkApplications = harness.app().context().getRegistry().lookupByNameAndType("vkApplications",
                VkApplications.class);
        assertThat(vkApplications.publish(answer, "r-8")).isEqualTo(new Publication(0, 1, 0));

        harness.poll();
        harness.rescan();

        List<ConsumerRecord<String, String>> events = harness.events().stream()
                .filter(e -> e.key().equals("vkrabota:" + application.id())).toList();
        assertThat(events).extracting(e -> TestKafka.header(e, BridgeHeaders.CORRELATION_ID))
                .containsExactly("vkrabota:" + application.id() + ":" + application.status(), "r-8");
        assertThat(PollHarness.json(events.get(1)).path("previous_status").asText()).isEqualTo(application.status());
        assertThat(PollHarness.json(events.get(1)).at("/candidate/first_name").isTextual()).isTrue();
    }

    @Test
    void aPollPageReadBeforeACommandsAnswerWasEmittedDoesNotTurnTheStatusBack() {
        publisher.publish(List.of(snapshot("20", "unread", Instant.now().minusSeconds(60))), null, Map.of());
        // the poll's page is asked for; the status command's answer is emitted while the page is on its way
        Instant pageAsked = Instant.now();
        publisher.publish(List.of(snapshot("20", "selected", Instant.now())), "st-20", Map.of());

        assertThat(publisher.publishPolled(List.of(snapshot("20", "unread", pageAsked)), Map.of()))
                .isEqualTo(new Publication(0, 0, 1));
        // a later poll, its page asked for after that, sees another status and emits it
        assertThat(publisher.publishPolled(List.of(snapshot("20", "invited", Instant.now())), Map.of()))
                .isEqualTo(new Publication(0, 1, 0));
        assertThat(harness.events()).filteredOn(e -> e.key().equals("vkrabota:20"))
                .extracting(e -> PollHarness.json(e).path("status").asText())
                .containsExactly("unread", "selected", "invited");
    }

    @Test
    void aWatermarkAloneIsWrittenAndAnUnchangedOneIsNot() {
        assertThat(publisher.publish(List.of(), null, Map.of("test:watermark", "{\"created_at\":\"x\"}")))
                .isEqualTo(new Publication(0, 0, 0));
        assertThat(harness.store("watermarkState").get("test:watermark")).contains("{\"created_at\":\"x\"}");

        publisher.publish(List.of(), null, Map.of("test:watermark", "{\"created_at\":\"x\"}"));

        assertThat(TestKafka.consumeUntilQuiet(harness.topic(Topic.STATE_WATERMARKS), Duration.ofMillis(400),
                Duration.ofSeconds(10))).filteredOn(r -> r.key().equals("test:watermark")).hasSize(1);
    }

    private ConsumerRecord<String, String> only(String key) {
        List<ConsumerRecord<String, String>> records = harness.events().stream().filter(e -> e.key().equals(key)).toList();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static ApplicationSnapshot snapshot(String id, String status) {
        return snapshot(id, status, null);
    }

    private static ApplicationSnapshot snapshot(String id, String status, Instant seenAt) {
        return new ApplicationSnapshot("vkrabota", id, "1", null, status, "2024-01-02T10:00:00+03:00", null, null, seenAt);
    }
}
