package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.hh.HhWebhookDelivery;

/**
 * The webhook's path and server against what may reach it: a secret of any characters (base64 has {@code /}), a
 * burst of notifications while hh.ru fails, a large body from anyone. One application for the class, subscribed at
 * start; its one poll comes a second after start, the next in an hour.
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
        properties.put("bridge.hh.webhook.give-up-after", "1s");
        // a short queue, so that the notifications it took are soon handled
        properties.put("camel.threadpool.config[hh-webhook].max-queue-size", "10");
        app = TestApplication.start(properties);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.is("POST", "/webhook/subscriptions")));
    }

    @AfterAll
    void stop() {
        simulator.faults().reset();
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

    @Test
    void aBurstWhileHhRuFailsIsAnsweredAtOnceAndItsHandlingGivesUpWithOneLine() throws Exception {
        simulator.faults().onPaths("/negotiations/\\d+").serverErrors(1);
        try (LogCapture log = new LogCapture()) {
            // more than Camel's default pool takes (20 threads, 1,000 waiting): before, the next one was handled
            // on the server's thread before its answer, retrying without end, and hh.ru heard nothing
            for (int i = 0; i < 1_030; i++) {
                assertThat(post("/hh/webhook/" + ENCODED, NOTIFICATION.formatted("burst-" + i, "88888" + i)))
                        .as("answer to notification %d", i).isEqualTo(204);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("WARN", "not handled (") == 1);
            simulator.faults().reset();
            // once the notifications taken are handled (hh.ru answers again: 404, no such negotiation), one is
            // taken again
            AtomicInteger next = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                post("/hh/webhook/" + ENCODED, NOTIFICATION.formatted("after-" + next.incrementAndGet(), "777"));
                return log.lines("INFO", "hh.ru webhooks are handled again as they come, after ") == 1;
            });

            assertThat(log.lines("WARN", "hh.ru webhook")).as(log.text()).isEqualTo(2);
            assertThat(log.lines("WARN", "hh.ru webhook burst-")).isEqualTo(2);
            assertThat(log.lines("WARN", "dropped: its handling is busy and ")).isOne();
            assertThat(log.lines("ERROR", "")).isZero();
        } finally {
            simulator.faults().reset();
        }
    }

    @Test
    void aLargeBodyIs413WithoutAnErrorLine() throws Exception {
        String large = NOTIFICATION.formatted("large-1", "1") + " ".repeat(100_000);
        try (LogCapture log = new LogCapture()) {
            // before: read whole (up to Vert.x's 10 MB), and an ERROR line for each one above that
            assertThat(post("/hh/webhook/" + ENCODED, large)).isEqualTo(413);
            assertThat(post("/hh/webhook/wrong", large)).isEqualTo(413);

            assertThat(log.lines("ERROR", "")).as(log.text()).isZero();
        }
    }

    @Test
    void aTopicIdThatIsNoNegotiationIdIsIgnoredWithoutACall() throws Exception {
        try (LogCapture log = new LogCapture()) {
            // before, each was read with the employer's token: GET /negotiations/me, /negotiations/1/messages (and a
            // metric series of its own for every word)
            assertThat(post("/hh/webhook/" + ENCODED, NOTIFICATION.formatted("odd-1", "me"))).isEqualTo(204);
            assertThat(post("/hh/webhook/" + ENCODED, NOTIFICATION.formatted("odd-2", "1/messages"))).isEqualTo(204);

            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines("WARN",
                    "hh.ru webhook ignored, payload.topic_id is no negotiation id") == 2);
            assertThat(simulator.requests()).noneMatch(r -> r.path().equals("/negotiations/me")
                    || r.path().startsWith("/negotiations/1/"));
        }
    }

    /** Before, dropped without a line, where every other malformed notification is a WARN line. */
    @Test
    void aNotificationWithoutActionTypeIsIgnoredWithOneLine() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertThat(post("/hh/webhook/" + ENCODED, "{\"id\":\"typeless-1\",\"payload\":{\"topic_id\":\"77\"}}"))
                    .isEqualTo(204);

            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines("WARN",
                    "hh.ru webhook ignored, no action_type") == 1);
            assertThat(simulator.requests()).noneMatch(r -> r.path().equals("/negotiations/77"));
        }
    }

    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
