package ru.rabota.bridge.applications;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
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
    void theSameStatusIsNeverSentTwiceEvenWhenItComesBackAndAChangeNamesTheStatusBefore() {
        ApplicationSnapshot invited = snapshot("10", "invited");
        ApplicationSnapshot reserved = snapshot("10", "reserved");

        assertThat(publisher.publish(List.of(invited), null, Map.of())).isEqualTo(new Publication(1, 0, 0));
        assertThat(publisher.publish(List.of(invited, invited), null, Map.of())).isEqualTo(new Publication(0, 0, 2));
        // one batch may carry two states of an application: compared with each other, in order; invited came
        // back: one event per (source, application, status), the state follows it
        assertThat(publisher.publish(List.of(reserved, invited), null, Map.of())).isEqualTo(new Publication(0, 1, 1));
        assertThat(harness.store("applicationState").get("vkrabota:10")).hasValueSatisfying(state ->
                assertThat(state).contains("\"status\":\"invited\"").contains("\"earlier\":[\"reserved\"]"));
        assertThat(publisher.publish(List.of(snapshot("10", "missed")), null, Map.of()))
                .isEqualTo(new Publication(0, 1, 0));

        assertThat(harness.events()).filteredOn(e -> e.key().equals("vkrabota:10"))
                .extracting(e -> PollHarness.json(e).path("previous_status").asText("-") + " -> "
                        + PollHarness.json(e).path("status").asText())
                .containsExactly("- -> invited", "invited -> reserved", "invited -> missed");
    }

    @Test
    void aStatusTheCommandFlowAlreadyEmittedIsNotEmittedAgainByThePoll() {
        VkApplication application = harness.vk.seedApplications(1).get(0);
        harness.poll();
        // the status command flow proceeds the application and emits the change with its request_id
        assertThat(statusCommand(application, "missed", "r-8").path("outcome").asText()).isEqualTo("ok");

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
    void aCommandsAnswerOvertakenByAPollThatReadTheApplicationAfterwardsDoesNotTurnTheStatusBack() {
        VkApplication application = harness.vk.seedApplications(1).get(0);
        harness.poll();
        String key = "vkrabota:" + application.id();
        AtomicBoolean once = new AtomicBoolean();
        harness.vk.faults().beforeEach(path -> {
            if (path.endsWith("/proceed") && once.compareAndSet(false, true)) {
                // VK carries out the proceed, a person moves the application on, a poll emits that ...
                harness.vk.state().setApplicationStatus(application.id(), "invited");
                harness.vk.state().setApplicationStatus(application.id(), "read");
                harness.poll();
            }
        });
        // ... and only then does the answer VK gave when it carried out the proceed reach the bundle
        harness.vk.faults().onPaths(".*/proceed").answerNext(1, "{\"data\":{\"id\":\"" + application.id()
                + "\",\"type\":\"application\",\"attributes\":{\"id\":" + application.id() + ",\"job_id\":"
                + application.jobId() + ",\"status\":\"invited\",\"created_at\":\""
                + application.createdAt().atOffset(ZoneOffset.ofHours(3)) + "\"},"
                + "\"relationships\":{\"candidate\":{\"data\":null}}}}");
        try {
            assertThat(statusCommand(application, "invited", "s-1").path("outcome").asText()).isEqualTo("ok");
        } finally {
            harness.vk.faults().reset();
        }
        harness.poll();

        assertThat(harness.events()).filteredOn(e -> e.key().equals(key))
                .extracting(e -> PollHarness.json(e).path("status").asText())
                .containsExactly(application.status(), "read");
        assertThat(harness.store("applicationState").get(key)).hasValueSatisfying(state -> assertThat(state)
                .contains("\"status\":\"read\""));
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

    private JsonNode statusCommand(VkApplication application, String status, String requestId) {
        return harness.app().template().requestBody("direct:application-status-command", "{\"application_id\":\""
                + application.id() + "\",\"status\":\"" + status + "\",\"request_id\":\"" + requestId + "\"}",
                JsonNode.class);
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
