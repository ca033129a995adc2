package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.bridge.hh.HhPollSupport.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.hh.HhWebhookDelivery;

/** What a restart must not repeat on the hh.ru side: a negotiation moved by command, a webhook handled. */
class HhRestartTest {

    private static final String SALES = "123456";

    private HhSimulator simulator;
    private String prefix;
    private Map<String, String> properties;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig().webhookRetryDelay(Duration.ofMillis(200))).start();
        prefix = TestKafka.uniquePrefix(getClass());
        int port = FreePort.next();
        properties = HhPollSupport.properties(simulator, prefix, SALES);
        properties.putAll(Map.of("camel.server.port", String.valueOf(port),
                "bridge.hh.webhook.enabled", "true",
                "bridge.hh.webhook.secret", "restart-secret",
                "bridge.hh.webhook.public-url", "http://127.0.0.1:" + port));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aMovedNegotiationAndAHandledWebhookAreNotRepeatedAfterARestart() {
        HhNegotiation polled = simulator.addNegotiation(SALES, "response", "response", null);
        HhWebhookDelivery delivered;
        String arrived;
        try (TestApplication app = TestApplication.start(properties)) {
            HhPollSupport.events(prefix, 1);
            TestKafka.send(Topic.APPLICATIONS_COMMANDS.topicName(prefix), "hh:" + polled.id(),
                    "{\"application_id\":\"hh:" + polled.id() + "\",\"status\":\"consider\"}");
            assertThat(json(TestKafka.consume(Topic.APPLICATIONS_RESULTS.topicName(prefix), 1,
                    Duration.ofSeconds(30)).get(0)).path("outcome").asText()).isEqualTo("ok");

            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                    .anyMatch(r -> r.path().startsWith("/webhook/subscriptions") && r.status() / 100 == 2));
            arrived = simulator.addResponse(SALES, HhResume.of("r-3", "Ольга", "Иванова", "Повар")).id();
            assertThat(HhPollSupport.events(prefix, 3)).extracting(ConsumerRecord::key).contains("hh:" + arrived);
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhookDeliveries().stream()
                    .anyMatch(d -> d.body().contains(arrived) && d.succeeded()));
            delivered = simulator.webhookDeliveries().stream().filter(d -> d.body().contains(arrived))
                    .findFirst().orElseThrow();
        }
        simulator.clearRequests();

        try (TestApplication app = TestApplication.start(properties)) {
            simulator.redeliver(delivered.notificationId());
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.webhookDeliveries().stream()
                    .filter(d -> d.notificationId().equals(delivered.notificationId()) && d.status() == 204)
                    .count() >= 2);
            // the first poll after the restart read every collection
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                    .filter(r -> r.path().matches("/negotiations/[a-z_]+")).count() >= 7);
            // the webhook answers 204 before it handles the notification: a read of it would come after
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> simulator.requests()
                    .stream().noneMatch(r -> r.path().equals("/negotiations/" + arrived)));
        }

        List<ConsumerRecord<String, String>> events = HhPollSupport.events(prefix);
        assertThat(events).extracting(e -> e.key() + " " + json(e).path("status").asText())
                .containsExactlyInAnyOrder("hh:" + polled.id() + " response", "hh:" + polled.id() + " consider",
                        "hh:" + arrived + " response");
        assertThat(simulator.executedActions()).hasSize(1);
        assertThat(simulator.requests()).noneMatch(r -> r.path().matches("/negotiations/\\d+"));
    }
}
