package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.health.HealthCheck;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkApplication;

/**
 * VK Работа answering nothing but 503 for far more attempts than the old retry budget (six) and for longer than the
 * consumers' max poll interval, with job and status commands arriving meanwhile: nothing is dead-lettered, everything
 * is done once when the API heals, the outage is one WARN and one INFO line, and the consumers never leave their
 * groups (paused, still polling).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageTest extends JobsTestSupport {

    @Override
    protected Map<String, String> properties() {
        // the product's defaults: no bound on a transient failure
        return Map.of("bridge.retry.max-attempts", "0", "bridge.retry.give-up-after", "0s",
                "bridge.retry.max-delay", "200ms",
                // an outage far longer than this: a consumer that stopped polling would be put out of its group
                "bridge.jobs.max-poll-interval-ms", "8000", "bridge.commands.max-poll-interval-ms", "8000",
                "bridge.applications.poll-interval", "1h", "bridge.company.poll-delay", "1h",
                // partitions enough for a second member of the commands group to get one of the command topics
                "bridge.topics.partitions", "3");
    }

    @Test
    void commandsWaitOutAnOutageAndAreDoneOnceWithoutDeadLetters() {
        List<VkApplication> applications = sim.seedApplications(3);
        try (LogCapture logs = new LogCapture()) {
            sim.faults().serverErrors(1.0);
            long start = System.nanoTime();
            IntStream.range(0, 10).forEach(i -> send("OUT-" + i, upsert("OUT-" + i, "o-" + i, "Курьер " + i)));
            applications.forEach(application -> TestKafka.send(app.topic(Topic.APPLICATIONS_COMMANDS),
                    String.valueOf(application.id()), "{\"application_id\":\"" + application.id()
                            + "\",\"status\":\"invited\",\"request_id\":\"s-" + application.id() + "\"}", Map.of()));
            ApiHealth health = app.context().getRegistry().lookupByNameAndType("vkApiHealth", ApiHealth.class);
            // far past six attempts per call, and two max poll intervals
            await().atMost(Duration.ofSeconds(40)).until(() -> sim.requests().stream()
                    .filter(request -> request.status() == 503).count() > 60
                    && System.nanoTime() - start > Duration.ofSeconds(16).toNanos());

            HealthCheck.Result during = health.call();
            assertThat(during.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat((int) during.getDetails().get("waiting_calls")).isPositive();
            assertThat(TestKafka.consume(app.topic(Topic.JOBS_EVENTS), 1, Duration.ofMillis(500))).isEmpty();

            sim.faults().serverErrors(0);
            for (int i = 0; i < 10; i++) {
                assertThat(events("OUT-" + i, 1)).singleElement()
                        .satisfies(event -> assertThat(event.path("event").asText()).isEqualTo("created"));
            }
            List<ConsumerRecord<String, String>> all = TestKafka.consumeUntilQuiet(app.topic(Topic.JOBS_EVENTS),
                    Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertThat(all).hasSize(10);
            List<ConsumerRecord<String, String>> results = TestKafka.consumeUntilQuiet(
                    app.topic(Topic.APPLICATIONS_RESULTS), Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertThat(results).extracting(result -> json(result.value()).path("request_id").asText())
                    .filteredOn(requestId -> requestId.startsWith("s-"))
                    .containsExactlyInAnyOrderElementsOf(applications.stream()
                            .map(application -> "s-" + application.id()).toList());
            assertThat(TestKafka.consume(app.topic(Topic.DLQ), 1, Duration.ofMillis(500))).isEmpty();
            assertThat(health.call().getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(logs.lines("WARN", "VK Работа API is failing")).isOne();
            assertThat(logs.lines("INFO", "VK Работа API answers again")).isOne();
            assertThat(logs.bridgeLines("WARN", "retrying")).isZero();
            // the consumers kept polling, so none was put out of its group (Kafka logs this at WARN; its INFO
            // rebalance lines are below the bundle's log level)
            assertThat(logs.lines("WARN", "poll timeout has expired")).isZero();
        }
    }

    @Test
    void aCommandWaitingOutAnOutageIsAnsweredOnceWhenItsConsumerGroupRebalancesMeanwhile() {
        VkApplication application = sim.seedApplications(1).get(0);
        String requestId = "rb-" + application.id();
        long failedBefore = failedCalls();
        sim.faults().serverErrors(1.0);
        try {
            TestKafka.send(app.topic(Topic.APPLICATIONS_COMMANDS), String.valueOf(application.id()),
                    "{\"application_id\":\"" + application.id() + "\",\"status\":\"invited\",\"request_id\":\""
                            + requestId + "\"}", Map.of());
            // the command's batch waits, retrying
            await().atMost(Duration.ofSeconds(30)).until(() -> failedCalls() > failedBefore + 10);
            // another member joins the group and leaves, as the paid commands route does when the active poller
            // changes: the waiting batch's partitions are taken and given back, their positions reset meanwhile
            try (KafkaConsumer<String, String> other = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, prefix + "rabota-bridge-commands",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new StringDeserializer())) {
                other.subscribe(List.of(app.topic(Topic.BACKGROUNDS_COMMANDS)));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    other.poll(Duration.ofMillis(200));
                    return !other.assignment().isEmpty();
                });
            }
        } finally {
            sim.faults().serverErrors(0);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> answers(requestId) > 0);
        assertThat(TestKafka.consumeUntilQuiet(app.topic(Topic.APPLICATIONS_RESULTS), Duration.ofSeconds(3),
                Duration.ofSeconds(30))).filteredOn(result -> json(result.value()).path("request_id").asText()
                        .equals(requestId)).hasSize(1);
    }

    private long failedCalls() {
        return sim.requests().stream().filter(request -> request.status() >= 500).count();
    }

    private long answers(String requestId) {
        return TestKafka.consume(app.topic(Topic.APPLICATIONS_RESULTS), Integer.MAX_VALUE, Duration.ofMillis(300))
                .stream().filter(result -> json(result.value()).path("request_id").asText().equals(requestId))
                .count();
    }
}
