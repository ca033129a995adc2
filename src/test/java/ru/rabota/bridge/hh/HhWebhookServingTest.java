package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.hh.HhWebhookDelivery;

/**
 * The webhook's path and server against what may reach it: a secret of any characters (base64 has {@code /}). One
 * application for the class, subscribed at start; its one poll comes a second after start, the next in an hour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HhWebhookServingTest {

    private static final String SALES = "123456";
    /** A slash, a percent sign and a plus: sent as they are, the first two made every notification a 404. */
    private static final String SECRET = "a+b.c%41d/e";
    private static final String ENCODED = "a+b.c%2541d%2Fe";
    private static final String NOTIFICATION = "{\"id\":\"%s\",\"action_type\":\"NEGOTIATION_EMPLOYER_STATE_CHANGE\","
            + "\"payload\":{\"topic_id\":\"%s\"}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private HhSimulator simulator;
    private TestApplication app;
    private String prefix;
    private int port;

    @BeforeAll
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig().webhookRetryDelay(Duration.ofMillis(200))).start();
        prefix = TestKafka.uniquePrefix(getClass());
        port = FreePort.next();
        Map<String, String> properties = HhPollSupport.webhookProperties(simulator, prefix, SALES, port, SECRET);
        app = TestApplication.start(properties);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.is("POST", "/webhook/subscriptions")));
    }

    @AfterAll
    void stop() {
        app.close();
        simulator.close();
    }

    @Test
    void aSecretWithASlashAndAPercentSignIsSubscribedEncodedAndItsNotificationsAreHandled() throws Exception {
        String subscribed = simulator.requests().stream().filter(r -> r.is("POST", "/webhook/subscriptions"))
                .findFirst().map(r -> HhPollSupport.json(r.body()).path("url").asText()).orElseThrow();
        assertThat(subscribed).isEqualTo("http://127.0.0.1:" + port + "/hh/webhook/" + ENCODED);

        HhNegotiation arrived = simulator.addResponse(SALES, HhResume.of("r-9", "Анна", "Сидорова", "Кассир"));

        // before, hh.ru's every delivery to the URL as registered was a 404
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhookDeliveries().stream()
                .filter(d -> d.body().contains(arrived.id())).anyMatch(HhWebhookDelivery::succeeded));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.path().equals("/negotiations/" + arrived.id())));
        assertThat(post("/hh/webhook/" + SECRET, NOTIFICATION.formatted("raw-1", arrived.id()))).isEqualTo(404);
    }

    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
