package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/**
 * Instances that come while job commands run: the partitions a second instance takes are handed over in the middle
 * of the first one's poll, and still no job is published twice and none is left out.
 */
class JobsAcrossInstancesTest extends JobsTestSupport {

    @Override
    protected Map<String, String> properties() {
        // a poll of 100 commands on 4 lanes takes 7.5 s at 300 ms a call: the second instance comes in its middle;
        // three partitions, so that it takes some of the first one's
        return Map.of("bridge.jobs.concurrency", "4", "bridge.jobs.batch-size", "100", "bridge.topics.partitions",
                "3");
    }

    @Test
    void aSecondInstanceTakingPartitionsMidPollPublishesNoJobTwice() {
        sim.faults().latency(300);
        List<String> ids = IntStream.rangeClosed(1, 90).mapToObj(i -> "HR-I" + i).toList();
        ids.forEach(id -> send(id, upsert(id, "r-" + id, "Комплектовщик")));
        await().atMost(Duration.ofSeconds(30)).until(() -> apiRequests().size() >= 8);

        try (TestApplication second = startApplication(settings(), beans())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> events().stream().map(event -> event.get("external_id").asText())
                            .collect(Collectors.toSet()).containsAll(ids));

            assertThat(ids).allSatisfy(id -> assertThat(sim.state().jobsByExternalId(id)).as(id).hasSize(1));
            assertThat(events()).hasSize(ids.size()).extracting(event -> event.get("event").asText())
                    .containsOnly("created");
        }
    }

    private List<JsonNode> events() {
        return values(TestKafka.consume(app.topic(Topic.JOBS_EVENTS), Integer.MAX_VALUE, Duration.ofMillis(500)));
    }
}
