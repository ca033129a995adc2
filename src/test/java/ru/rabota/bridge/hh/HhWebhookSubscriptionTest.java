package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ru.rabota.bridge.LogCapture;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * The webhook subscription at start, tried again every bridge.hh.webhook.subscribe-interval until hh.ru takes it, and
 * read again every interval after.
 */
class HhWebhookSubscriptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://bridge.example", "https://bridge.example/", "https://bridge.example/hh/webhook/s",
        "https://bridge.example/hh/webhook/s/", " https://bridge.example/hh/webhook/s/ "})
    void thePublicUrlWithOrWithoutTheWebhooksPathAndASlashSubscribesTheWebhooksUrl(String publicUrl) {
        // before, ".../hh/webhook/s/" subscribed ".../hh/webhook/s/hh/webhook/s": every notification a 404
        assertThat(subscribedUrl(publicUrl, "s")).isEqualTo("https://bridge.example/hh/webhook/s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bridge.example", "https://bridge.example/hh/webhook/a+b.c%41d/e",
        "https://bridge.example/hh/webhook/a+b.c%2541d%2Fe/"})
    void theSecretIsEncodedAsOnePathSegmentAndAPlusStaysAPlus(String publicUrl) {
        // before, the secret as it is: Vert.x decodes the path, so "%41" reached the route as "A", and "/" made two
        // segments: every notification a 404
        assertThat(subscribedUrl(publicUrl, "a+b.c%41d/e"))
                .isEqualTo("https://bridge.example/hh/webhook/a+b.c%2541d%2Fe");
    }

    @Test
    void aSecretOutsideAsciiIsEncodedAsUtf8() {
        assertThat(HhWebhookSubscription.pathSegment("ключ~_ 1")).isEqualTo("%D0%BA%D0%BB%D1%8E%D1%87~_%201");
    }

    @Test
    void attemptsRefusedOneAfterAnotherAreOneWarningAndTheSubscriptionSaysAfterHowMany() throws Exception {
        int port = FreePort.next();
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig()).start()) {
            // hh.ru refuses the first four attempts (their list of subscriptions), then takes one
            simulator.faults().onPaths("/webhook/subscriptions").failNext(4, 400);
            Map<String, String> properties = subscribing(simulator, port);

            try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru webhook subscription 1"
                        + " created") == 1);

                assertThat(simulator.requests()).filteredOn(r -> r.path().equals("/webhook/subscriptions"))
                        .extracting(r -> r.method() + " " + r.status())
                        .startsWith("GET 400", "GET 400", "GET 400", "GET 400", "GET 200", "POST 201");
                // before, a WARN line per attempt
                assertThat(log.lines("WARN", "hh.ru webhook subscription")).isOne();
                assertThat(log.lines("WARN", "hh.ru webhook subscription to http://127.0.0.1:" + port
                        + "/hh/webhook/*** failed (HH GET /webhook/subscriptions -> 400")).as(log.text()).isOne();
                assertThat(log.lines("INFO", "after 4 failed attempts since ")).isOne();
            }
        }
    }

    /**
     * A subscription hh.ru deleted (as it deletes every one when the user revokes the application's access) is made
     * again at the next look, with one INFO line; looks that find it as made say nothing. Before, the route stopped
     * once subscribed, and webhooks stopped until a restart.
     */
    @Test
    void aSubscriptionHhRuDroppedIsMadeAgainAndOneAsMadeSaysNothing() throws Exception {
        int port = FreePort.next();
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig()).start()) {
            Map<String, String> properties = subscribing(simulator, port);

            try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru webhook subscription 1"
                        + " created:") == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> simulator.requests().stream()
                        .filter(r -> r.method().equals("GET") && r.path().equals("/webhook/subscriptions")).count() >= 4);

                simulator.cancelWebhookSubscriptions();

                await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("INFO", "hh.ru webhook subscription 2"
                        + " created again (hh.ru no longer held it") == 1);
                assertThat(simulator.webhookSubscriptionUrls()).containsExactly("http://127.0.0.1:" + port
                        + "/hh/webhook/subscription-secret");
                assertThat(log.lines("INFO", "hh.ru webhook subscription")).as(log.text()).isEqualTo(2);
                assertThat(log.lines("WARN", "hh.ru webhook subscription")).isZero();
            }
        }
    }

    /**
     * Instances started together each find no subscription and make one: hh.ru keeps one per user and application,
     * and answers the later ones 400 {@code already_exist}. That is no failure: no WARN line, and the next look finds
     * the subscription the other made (before, a WARN line per instance but the first at every start of several).
     */
    @Test
    void aSubscriptionAnotherInstanceMadeMeanwhileIsNoFailure() throws Exception {
        int port = FreePort.next();
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig()).start()) {
            String url = "http://127.0.0.1:" + port + "/hh/webhook/subscription-secret";
            // the other instance subscribes between this one's look (answered) and its create
            AtomicBoolean made = new AtomicBoolean();
            simulator.faults().onPaths("/webhook/subscriptions").beforeEach(path -> {
                if (simulator.requests().stream().anyMatch(r -> r.path().equals("/webhook/subscriptions"))
                        && made.compareAndSet(false, true)) {
                    simulator.subscribeWebhooks(url, List.copyOf(HhWebhook.NEGOTIATION_TYPES));
                }
            });
            Map<String, String> properties = subscribing(simulator, port);

            try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("INFO", "hh.ru webhook subscription 1"
                        + " unchanged") == 1);

                assertThat(simulator.requests()).filteredOn(r -> r.path().equals("/webhook/subscriptions"))
                        .extracting(r -> r.method() + " " + r.status()).startsWith("GET 200", "POST 400", "GET 200");
                assertThat(log.lines("WARN", "hh.ru webhook subscription")).as(log.text()).isZero();
                assertThat(simulator.webhookSubscriptionUrls()).containsExactly(url);
            }
        }
    }

    /**
     * A token hh.ru says expired, which cannot be refreshed, stops every hh.ru call with one ERROR line that names the
     * fix; the subscription's failure adds no WARN line (before, one: "hh.ru webhook subscription to ... failed").
     */
    @Test
    void aRefusedAccessIsTheOneErrorAndNoSubscriptionWarning() throws Exception {
        int port = FreePort.next();
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig()).start()) {
            simulator.expireAccessToken();
            Map<String, String> properties = subscribing(simulator, port);

            try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> log.lines("ERROR", "hh.ru says the access token"
                        + " expired, and it cannot be refreshed") == 1);
                // a few more periods of the subscription's route
                Thread.sleep(1_000);

                assertThat(log.lines("WARN", "hh.ru webhook subscription")).as(log.text()).isZero();
                assertThat(simulator.webhookSubscriptionUrls()).isEmpty();
            }
        }
    }

    /** A bridge serving webhooks on the port, subscribing to them every 200 ms; the poll hourly. */
    private Map<String, String> subscribing(HhSimulator simulator, int port) {
        Map<String, String> properties = HhPollSupport.properties(simulator,
                TestKafka.uniquePrefix(getClass()), "123456");
        properties.putAll(Map.of("bridge.hh.poll-interval", "1h",
                "camel.server.port", String.valueOf(port),
                "bridge.hh.webhook.enabled", "true",
                "bridge.hh.webhook.secret", "subscription-secret",
                "bridge.hh.webhook.public-url", "http://127.0.0.1:" + port,
                "bridge.hh.webhook.subscribe-interval", "200ms"));
        return properties;
    }

    /** The URL the subscription asks hh.ru to send to, with hh.ru having none yet. */
    private static String subscribedUrl(String publicUrl, String secret) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(JsonNodeFactory.instance.objectNode());
        new HhWebhookSubscription(publicUrl, secret).request(exchange);
        return exchange.getMessage().getBody(JsonNode.class).path("url").asText();
    }
}
