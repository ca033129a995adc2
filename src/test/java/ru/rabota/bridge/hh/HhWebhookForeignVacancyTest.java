package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;

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

    private PostedWebhooks webhooks;

    @BeforeEach
    void start() throws Exception {
        webhooks = PostedWebhooks.start(getClass(), LISTED, SECRET);
    }

    @AfterEach
    void stop() {
        webhooks.close();
    }

    @Test
    void aNotificationOfAVacancyNotPolledIsHandledWithoutACall() throws Exception {
        HhNegotiation other = webhooks.simulator().addResponse(OTHER,
                HhResume.of("r-1", "Иван", "Петров", "Кладовщик"));
        Configurator.setLevel(HhWebhook.class.getName(), Level.DEBUG);
        try (LogCapture log = new LogCapture()) {
            assertThat(webhooks.post(NOTIFICATION.formatted("n-1", other.id(), OTHER))).isEqualTo(204);

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("DEBUG", "negotiation " + other.id()
                    + " is of vacancy " + OTHER + ", neither in bridge.hh.vacancy-ids nor published by the bridge:"
                    + " no event") == 1);
        } finally {
            Configurator.setLevel(HhWebhook.class.getName(), Level.INFO);
        }
        // before: GET /negotiations/<id> first, for each notification of each vacancy of the employer
        assertThat(webhooks.simulator().requests()).noneMatch(r -> r.path().equals("/negotiations/" + other.id()));
    }
}
