package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.health.HealthCheck;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * VK Работа answering nothing but 503 for far more attempts than the old retry budget (six), with job commands
 * arriving meanwhile: nothing is dead-lettered, everything is done once when the API heals, the outage is one WARN
 * and one INFO line, and the consumer never leaves its group.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageTest extends JobsTestSupport {

    @Override
    protected Map<String, String> properties() {
        // the product's defaults: no bound on a transient failure
        return Map.of("bridge.retry.max-attempts", "0", "bridge.retry.give-up-after", "0s",
                "bridge.retry.max-delay", "200ms");
    }

    @Test
    void commandsWaitOutAnOutageAndAreDoneOnceWithoutDeadLetters() {
        try (LogCapture logs = new LogCapture()) {
            sim.faults().serverErrors(1.0);
            IntStream.range(0, 10).forEach(i -> send("OUT-" + i, upsert("OUT-" + i, "o-" + i, "Курьер " + i)));
            ApiHealth health = app.context().getRegistry().lookupByNameAndType("vkApiHealth", ApiHealth.class);
            // far past six attempts per call
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().stream()
                    .filter(request -> request.status() == 503).count() > 60);

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
            assertThat(TestKafka.consume(app.topic(Topic.DLQ), 1, Duration.ofMillis(500))).isEmpty();
            assertThat(health.call().getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(logs.lines("WARN", "VK Работа API is failing")).isOne();
            assertThat(logs.lines("INFO", "VK Работа API answers again")).isOne();
            assertThat(logs.bridgeLines("WARN", "retrying")).isZero();
            // the consumer kept its partitions: no rebalance while it waited
            assertThat(logs.lines("INFO", "Revoke previously assigned partitions")).isZero();
        }
    }
}
