package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * hh.ru's notification {@code id} is unique "для пары пользователь + приложение в рамках одного типа события в
 * подписке" (post-webhook-subscription): a new subscription, as the bundle makes one when hh.ru dropped the old
 * (access revoked and given back), may send an id the old one sent. Its notification is new, and is handled.
 * No poll runs here (the first in an hour): what is emitted came by webhook.
 */
class HhWebhookResubscribedTest {

    private static final String SALES = "123456";
    private static final String SECRET = "resubscribed-secret";
    private static final String NOTIFICATION = "{\"id\":\"%s\",\"subscription_id\":\"%s\",\"user_id\":\"12345678\","
            + "\"action_type\":\"NEW_RESPONSE_OR_INVITATION_VACANCY\",\"payload\":{\"topic_id\":\"%s\","
            + "\"vacancy_id\":\"" + SALES + "\"}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private HhSimulator simulator;
    private TestApplication app;
    private String prefix;
    private int port;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig()).start();
        prefix = TestKafka.uniquePrefix(getClass());
        port = FreePort.next();
        app = TestApplication.start(HhPollSupport.postedWebhookProperties(simulator, prefix, SALES, port, SECRET));
    }

    @AfterEach
    void stop() {
        app.close();
        simulator.close();
    }

    @Test
    void theSameIdFromANewSubscriptionIsANewNotification() throws Exception {
        HhNegotiation first = simulator.addResponse(SALES, HhResume.of("r-1", "Анна", "Сидорова", "Кассир"));
        assertThat(post(NOTIFICATION.formatted("1", "1", first.id()))).isEqualTo(204);
        assertThat(HhPollSupport.events(prefix, 1)).extracting(ConsumerRecord::key).containsExactly("hh:" + first.id());

        // hh.ru dropped subscription 1, the bundle made subscription 2, whose first notification has id 1 too
        HhNegotiation second = simulator.addResponse(SALES, HhResume.of("r-2", "Олег", "Иванов", "Кассир"));
        assertThat(post(NOTIFICATION.formatted("1", "2", second.id()))).isEqualTo(204);

        // before: taken for subscription 1's notification, never read, and no line above DEBUG said so
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.path().equals("/negotiations/" + second.id())));
        assertThat(HhPollSupport.events(prefix, 2)).extracting(ConsumerRecord::key)
                .containsExactly("hh:" + first.id(), "hh:" + second.id());
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hh/webhook/" + SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
