package ru.rabota.sandbox.hh;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhook subscriptions, and the delivery of notifications with hh.ru's retry rules. */
class HhWebhooksTest extends HhSimulatorTestSupport {

    private static final String VACANCY = "123456";
    private static final String SUBSCRIPTIONS = "/webhook/subscriptions";
    private static final String ALL_NEGOTIATION_EVENTS = "[{\"type\":\"NEW_NEGOTIATION_VACANCY\"},"
            + "{\"type\":\"NEW_RESPONSE_OR_INVITATION_VACANCY\",\"settings\":{\"vacancies_only_mine\":false}},"
            + "{\"type\":\"NEGOTIATION_EMPLOYER_STATE_CHANGE\"}]";

    private WebhookReceiver receiver;

    @Override
    HhSimulatorConfig config() {
        return new HhSimulatorConfig().webhookTimeout(Duration.ofMillis(300))
                .webhookRetryDelay(Duration.ofMillis(50)).webhookMaxAttempts(3);
    }

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void oneSubscriptionPerUserToCreateListChangeAndCancel() throws Exception {
        HttpResponse<String> created = subscribe(ALL_NEGOTIATION_EVENTS);
        String id = HhTestClient.json(created).get("id").asText();
        HttpResponse<String> second = subscribe("[{\"type\":\"VACANCY_CHANGE\"}]");
        HttpResponse<String> changed = client.json("PUT", SUBSCRIPTIONS + "/" + id,
                "{\"url\":\"https://example.com/other\"}");
        JsonNode listed = client.getJson(SUBSCRIPTIONS).get("items");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo("{\"errors\":[{\"type\":\"notifications\",\"value\":\"already_exist\"}]}");
        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("url").asText()).isEqualTo("https://example.com/other");
        assertThat(listed.get(0).get("actions").toString()).isEqualTo(ALL_NEGOTIATION_EVENTS);
        assertThat(client.json("PUT", SUBSCRIPTIONS + "/999", "{\"actions\":[]}").statusCode()).isEqualTo(400);
        assertThat(client.json("PUT", SUBSCRIPTIONS + "/999", "{}").statusCode()).isEqualTo(404);
        assertThat(client.delete(SUBSCRIPTIONS + "/" + id).statusCode()).isEqualTo(204);
        assertThat(client.delete(SUBSCRIPTIONS + "/" + id).statusCode()).isEqualTo(404);
        assertThat(client.getJson(SUBSCRIPTIONS).get("items")).isEmpty();
        assertThat(subscribe("[{\"type\":\"VACANCY_CHANGE\"}]").statusCode()).isEqualTo(201);
    }

    @Test
    void theSchemaIsEnforced() throws Exception {
        assertInvalid("{\"actions\":" + ALL_NEGOTIATION_EVENTS + "}", "url", "required");
        assertInvalid("{\"url\":\"not a url\",\"actions\":" + ALL_NEGOTIATION_EVENTS + "}", "url", "invalid");
        assertInvalid("{\"url\":\"https://example.com\",\"actions\":[]}", "actions", "size_less_than_min");
        assertInvalid("{\"url\":\"https://example.com\",\"actions\":[{\"type\":\"EVERYTHING\"}]}", "actions",
                "invalid");
        assertInvalid("{\"url\":\"https://example.com\",\"actions\":" + ALL_NEGOTIATION_EVENTS
                + ",\"secret\":\"x\"}", "secret", "unexpected");
        assertThat(client.getJson(SUBSCRIPTIONS).get("items")).isEmpty();
    }

    @Test
    void aResponseAndAnEmployerStateChangeAreDelivered() throws Exception {
        subscribe(ALL_NEGOTIATION_EVENTS);

        HhNegotiation negotiation = simulator.addResponse(VACANCY, HhResume.of("abc", "Иван", "Петров", "Кладовщик"));
        client.putForm("/negotiations/consider/" + negotiation.id(), "");
        await().until(() -> receiver.bodies().size() == 3);

        List<JsonNode> bodies = receiver.bodies().stream().map(HhWebhooksTest::json).toList();
        JsonNode change = bodies.stream()
                .filter(b -> b.get("action_type").asText().equals("NEGOTIATION_EMPLOYER_STATE_CHANGE"))
                .findFirst().orElseThrow();
        JsonNode arrival = bodies.stream()
                .filter(b -> b.get("action_type").asText().equals("NEW_NEGOTIATION_VACANCY"))
                .findFirst().orElseThrow();
        assertThat(bodies).extracting(b -> b.get("action_type").asText()).containsExactlyInAnyOrder(
                "NEW_NEGOTIATION_VACANCY", "NEW_RESPONSE_OR_INVITATION_VACANCY", "NEGOTIATION_EMPLOYER_STATE_CHANGE");
        assertThat(bodies).extracting(b -> b.get("id").asText()).doesNotHaveDuplicates();
        assertThat(arrival.get("user_id").asText()).isEqualTo("12345678");
        assertThat(arrival.get("subscription_id").asText()).isEqualTo("1");
        assertThat(arrival.get("payload").get("topic_id").asText()).isEqualTo(negotiation.id());
        assertThat(arrival.get("payload").get("resume_id").asText()).isEqualTo("abc");
        assertThat(arrival.get("payload").get("employer_id").asText()).isEqualTo("1455");
        assertThat(arrival.get("payload").get("negotiation_date").asText()).endsWith("+0300");
        assertThat(change.get("payload").get("from_state").asText()).isEqualTo("response");
        assertThat(change.get("payload").get("to_state").asText()).isEqualTo("consider");
        assertThat(change.get("payload").get("employer_manager_id").asText()).isEqualTo("4062820");
        assertThat(simulator.webhookDeliveries()).allMatch(d -> d.status() == 204 && d.attempt() == 1)
                .allMatch(d -> d.url().equals(receiver.url()));
    }

    @Test
    void onlyTheSubscribedTypesAreSent() throws Exception {
        subscribe("[{\"type\":\"NEGOTIATION_EMPLOYER_STATE_CHANGE\"}]");

        HhNegotiation negotiation = simulator.addResponse(VACANCY, null);
        simulator.changeEmployerState(negotiation.id(), "interview");
        await().until(() -> simulator.webhookDeliveries().size() == 1);

        assertThat(simulator.webhookDeliveries().get(0).actionType()).isEqualTo("NEGOTIATION_EMPLOYER_STATE_CHANGE");
    }

    @Test
    void aServerErrorIsRetriedWithTheSameId() throws Exception {
        subscribe("[{\"type\":\"NEW_NEGOTIATION_VACANCY\"}]");
        receiver.thenAnswer(500, 0);

        simulator.addResponse(VACANCY, null);
        await().until(() -> simulator.webhookDeliveries().size() == 2);

        List<HhWebhookDelivery> deliveries = simulator.webhookDeliveries();
        assertThat(deliveries).extracting(HhWebhookDelivery::status).containsExactly(500, 204);
        assertThat(deliveries).extracting(HhWebhookDelivery::attempt).containsExactly(1, 2);
        assertThat(deliveries.get(1).notificationId()).isEqualTo(deliveries.get(0).notificationId());
        assertThat(receiver.bodies().get(1)).isEqualTo(receiver.bodies().get(0));
    }

    @Test
    void aSlowAnswerIsRetriedAConflictIsSuccessAndAttemptsAreLimited() throws Exception {
        subscribe("[{\"type\":\"NEW_NEGOTIATION_VACANCY\"}]");
        receiver.thenAnswer(204, 600).thenAnswer(409, 0);

        simulator.addResponse(VACANCY, null);
        await().until(() -> simulator.webhookDeliveries().size() == 2);
        assertThat(simulator.webhookDeliveries()).extracting(HhWebhookDelivery::status).containsExactly(0, 409);

        receiver.thenAnswer(503, 0).thenAnswer(503, 0).thenAnswer(503, 0);
        simulator.addResponse(VACANCY, null);
        await().until(() -> simulator.webhookDeliveries().size() == 5);
        Thread.sleep(300);
        assertThat(simulator.webhookDeliveries()).hasSize(5);
    }

    @Test
    void aDeliveredNotificationCanBeSentAgainAndDeliveryPaused() throws Exception {
        subscribe("[{\"type\":\"NEW_NEGOTIATION_VACANCY\"}]");
        simulator.deliverWebhooks(false);

        simulator.addResponse(VACANCY, null);
        Thread.sleep(200);
        assertThat(simulator.webhookDeliveries()).isEmpty();
        simulator.deliverWebhooks(true);
        await().until(() -> simulator.webhookDeliveries().size() == 1);
        simulator.redeliver(simulator.webhookDeliveries().get(0).notificationId());
        await().until(() -> simulator.webhookDeliveries().size() == 2);

        assertThat(receiver.bodies()).hasSize(2).allMatch(b -> b.equals(receiver.bodies().get(0)));
        assertThat(simulator.webhookDeliveries().get(1).attempt()).isEqualTo(2);
    }

    @Test
    void activityBringsNotifications() throws Exception {
        subscribe(ALL_NEGOTIATION_EVENTS);

        for (int i = 0; i < 10; i++) {
            simulator.activityStep();
        }

        await().until(() -> simulator.webhookDeliveries().stream()
                .anyMatch(d -> d.actionType().equals("NEGOTIATION_EMPLOYER_STATE_CHANGE")));
        assertThat(simulator.negotiations()).anyMatch(n -> !n.employerStateId().equals("response"));
    }

    private HttpResponse<String> subscribe(String actions) throws Exception {
        return client.json("POST", SUBSCRIPTIONS, "{\"url\":\"" + receiver.url() + "\",\"actions\":" + actions + "}");
    }

    private void assertInvalid(String body, String field, String reason) throws Exception {
        HttpResponse<String> answer = client.json("POST", SUBSCRIPTIONS, body);
        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = HhTestClient.json(answer).get("errors").get(0);
        assertThat(error.get("type").asText()).isEqualTo("bad_json_data");
        assertThat(error.get("value").asText()).isEqualTo(field);
        assertThat(error.get("reason").asText()).isEqualTo(reason);
    }

    private static JsonNode json(String body) {
        try {
            return HhJson.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }
}
