package ru.rabota.bridge.hh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;

/** What the hh.ru poller tests share: the bundle's settings against a simulator, and reading what it emitted. */
final class HhPollSupport {

    static final String AGENT = "RabotaBridgeTest/1.0 (it@example.com)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HhPollSupport() {
    }

    /**
     * hh.ru polling every 500 ms of the given vacancies on the simulator, the first poll at start (not a second
     * after it, as by default), with its initial token; VK Работа's polls off (no VK Работа here: they would only
     * retry, and hold up each stop while in flight).
     */
    static Map<String, String> properties(HhSimulator simulator, String prefix, String vacancyIds) {
        return new HashMap<>(Map.ofEntries(
                Map.entry("bridge.hh.enabled", "true"),
                Map.entry("bridge.hh.base-url", simulator.baseUrl()),
                Map.entry("bridge.hh.access-token", simulator.accessToken()),
                Map.entry("bridge.hh.user-agent", AGENT),
                Map.entry("bridge.hh.vacancy-ids", vacancyIds),
                Map.entry("bridge.hh.poll-interval", "500ms"),
                Map.entry("bridge.hh.initial-delay", "0ms"),
                Map.entry("bridge.applications.enabled", "false"),
                Map.entry("bridge.reference.enabled", "false"),
                Map.entry("bridge.company.poll-delay", "1h"),
                Map.entry(Topic.PREFIX_PROPERTY, prefix)));
    }

    /**
     * {@link #properties} with webhooks served on the port under the secret, without a public URL (no subscription:
     * the notifications are the test's) and without a poll while the test runs (its first an hour after start).
     */
    static Map<String, String> postedWebhookProperties(HhSimulator simulator, String prefix, String vacancyIds,
            int port, String secret) {
        Map<String, String> properties = properties(simulator, prefix, vacancyIds);
        properties.putAll(Map.of("camel.server.port", String.valueOf(port),
                "bridge.hh.initial-delay", "1h",
                "bridge.hh.poll-interval", "1h",
                "bridge.hh.webhook.enabled", "true",
                "bridge.hh.webhook.secret", secret));
        return properties;
    }

    /**
     * {@link #properties} with webhooks served on the port under the secret and subscribed at start, and one poll a
     * second after start (as by default: one at start may come while routes still start), the next an hour later:
     * what arrives after the first poll came by webhook.
     */
    static Map<String, String> webhookProperties(HhSimulator simulator, String prefix, String vacancyIds, int port,
            String secret) {
        Map<String, String> properties = properties(simulator, prefix, vacancyIds);
        properties.putAll(Map.of("bridge.hh.initial-delay", "1s",
                "bridge.hh.poll-interval", "1h",
                "camel.server.port", String.valueOf(port),
                "bridge.hh.webhook.enabled", "true",
                "bridge.hh.webhook.secret", secret,
                "bridge.hh.webhook.public-url", "http://127.0.0.1:" + port));
        return properties;
    }

    /** Every application event on the topic, once it was quiet for a second (at most 60 s). */
    static List<ConsumerRecord<String, String>> events(String prefix) {
        return TestKafka.consumeUntilQuiet(Topic.APPLICATIONS.topicName(prefix), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
    }

    /** The first {@code count} application events, waiting for them up to 60 s. */
    static List<ConsumerRecord<String, String>> events(String prefix, int count) {
        return TestKafka.consume(Topic.APPLICATIONS.topicName(prefix), count, Duration.ofSeconds(60));
    }

    static JsonNode json(ConsumerRecord<String, String> record) {
        return json(record.value());
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The simulator's list requests (one page of one collection each). */
    static List<String> listedCollections(HhSimulator simulator) {
        return simulator.requests().stream().filter(r -> r.path().matches("/negotiations/\\D[^/]*"))
                .map(r -> r.path().substring("/negotiations/".length())).toList();
    }
}
