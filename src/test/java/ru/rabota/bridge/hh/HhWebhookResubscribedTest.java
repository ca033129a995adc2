package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;

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

    private PostedWebhooks webhooks;

    @BeforeEach
    void start() throws Exception {
        webhooks = PostedWebhooks.start(getClass(), SALES, SECRET);
    }

    @AfterEach
    void stop() {
        webhooks.close();
    }

    @Test
    void theSameIdFromANewSubscriptionIsANewNotification() throws Exception {
        HhNegotiation first = webhooks.simulator().addResponse(SALES,
                HhResume.of("r-1", "Анна", "Сидорова", "Кассир"));
        assertThat(webhooks.post(NOTIFICATION.formatted("1", "1", first.id()))).isEqualTo(204);
        assertThat(HhPollSupport.events(webhooks.prefix(), 1)).extracting(ConsumerRecord::key)
                .containsExactly("hh:" + first.id());

        // hh.ru dropped subscription 1, the bundle made subscription 2, whose first notification has id 1 too
        HhNegotiation second = webhooks.simulator().addResponse(SALES,
                HhResume.of("r-2", "Олег", "Иванов", "Кассир"));
        assertThat(webhooks.post(NOTIFICATION.formatted("1", "2", second.id()))).isEqualTo(204);

        // before: taken for subscription 1's notification, never read, and no line above DEBUG said so
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.simulator().requests().stream()
                .anyMatch(r -> r.path().equals("/negotiations/" + second.id())));
        assertThat(HhPollSupport.events(webhooks.prefix(), 2)).extracting(ConsumerRecord::key)
                .containsExactly("hh:" + first.id(), "hh:" + second.id());
    }
}
