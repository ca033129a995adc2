package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * With an explicit {@code bridge.hh.vacancy-ids}, hh.ru still notifies of every vacancy the token's user can see, and
 * each notification names its vacancy ({@code payload.vacancy_id}, required in every negotiation payload). One of a
 * vacancy the bundle does not poll makes no event, so it is not worth a call with the employer's token: those calls
 * share hh.ru's limits (and the calls in flight) with the polls and the status commands, and while hh.ru is slow they
 * hold the webhooks' few threads. No poll runs here (the first in an hour).
 */
class HhWebhookForeignVacancyTest {

    private static final String LISTED = "123456";
    private static final String OTHER = "123457";
    private static final String SECRET = "foreign-vacancy-secret";
    private static final String NOTIFICATION = "{\"id\":\"%s\",\"subscription_id\":\"1\",\"user_id\":\"12345678\","
            + "\"action_type\":\"NEW_RESPONSE_OR_INVITATION_VACANCY\",\"payload\":{\"topic_id\":\"%s\","
            + "\"vacancy_id\":\"%s\"}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private HhSimulator simulator;
    private TestApplication app;
    private int port;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig()).start();
        port = FreePort.next();
        app = TestApplication.start(HhPollSupport.postedWebhookProperties(simulator,
                TestKafka.uniquePrefix(getClass()), LISTED, port, SECRET));
    }

    @AfterEach
    void stop() {
        app.close();
        simulator.close();
    }

    @Test
    void aNotificationOfAVacancyNotPolledIsHandledWithoutACall() throws Exception {
        HhNegotiation other = simulator.addResponse(OTHER, HhResume.of("r-1", "Иван", "Петров", "Кладовщик"));
        Configurator.setLevel(HhWebhook.class.getName(), Level.DEBUG);
        try (LogCapture log = new LogCapture()) {
            assertThat(post(NOTIFICATION.formatted("n-1", other.id(), OTHER))).isEqualTo(204);

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("DEBUG", "negotiation " + other.id()
                    + " is of vacancy " + OTHER + ", neither in bridge.hh.vacancy-ids nor published by the bridge:"
                    + " no event") == 1);
        } finally {
            Configurator.setLevel(HhWebhook.class.getName(), Level.INFO);
        }
        // before: GET /negotiations/<id> first, for each notification of each vacancy of the employer
        assertThat(simulator.requests()).noneMatch(r -> r.path().equals("/negotiations/" + other.id()));
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hh/webhook/" + SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
