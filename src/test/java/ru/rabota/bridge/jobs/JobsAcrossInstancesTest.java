package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/**
 * Instances that come while job commands run: the partitions a second instance takes are handed over in the middle
 * of the first one's poll, and still no job is published twice and none is left out, also when the API is down
 * meanwhile and the first one's calls are retrying.
 */
class JobsAcrossInstancesTest extends JobsTestSupport {

    @Override
    protected Map<String, String> properties() {
        // a poll of 100 commands on 4 lanes takes 7.5 s at 300 ms a call: the second instance comes in its middle;
        // three partitions, so that it takes some of the first one's
        // and a failed call is retried for as long as the API fails, as by default; a handover waits 2 s for the
        // commands under way (a test of that outage keeps it longer), longer than a request may wait for its answer
        return Map.of("bridge.jobs.concurrency", "4", "bridge.jobs.batch-size", "100", "bridge.topics.partitions",
                "3", "bridge.retry.max-attempts", "0", "bridge.retry.give-up-after", "0s",
                "bridge.commands.handover-wait", "2s", "camel.component.http.response-timeout", "1500");
    }

    @Test
    void aSecondInstanceTakingPartitionsMidPollPublishesNoJobTwice() {
        sim.faults().latency(300);
        List<String> ids = sendUpserts("HR-I", 90, "Комплектовщик");
        await().atMost(Duration.ofSeconds(30)).until(() -> apiRequests().size() >= 8);

        try (TestApplication second = startApplication(settings(), beans())) {
            assertEachPublishedOnce(ids);
        }
    }

    @Test
    void callsRetriedThroughAnOutageEndWhenTheirPartitionIsHandedOver() throws Exception {
        sim.faults().onPaths("/jobs.*").serverErrors(1.0);
        // eight commands, at most three per partition: all under way at once (on 8 lane threads), so whichever
        // partition moves has calls retrying
        Map<Integer, Integer> perPartition = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; ids.size() < 8; i++) {
            String id = "HR-O" + i;
            if (perPartition.merge(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 3, 1,
                    Integer::sum) <= 3) {
                ids.add(id);
            }
        }
        try (LogCapture logs = new LogCapture()) {
            ids.forEach(id -> send(id, upsert(id, "r-" + id, "Грузчик")));
            await().atMost(Duration.ofSeconds(30)).until(() -> apiRequests().size() >= 12);

            try (TestApplication second = startApplication(settings(), beans())) {
                // the second instance's consumer joins and takes partitions; the first one's calls then stop
                // retrying at once instead of holding the rebalance for their records' handover wait
                await().atMost(Duration.ofSeconds(20)).until(() -> second.context().getRouteController()
                        .getRouteStatus(KafkaJobCommands.ROUTE).isStarted());
                Thread.sleep(8_000);
                sim.faults().reset();

                assertEachPublishedOnce(ids);
                assertThat(logs.lines("WARN", "were handed over to another consumer while records of them were"))
                        .as("handovers that waited out their wait").isZero();
            }
        }
    }

    /**
     * Once every external_id has its event and the topic was quiet for 3 s after that (a late duplicate's POST and
     * event would come meanwhile): one job each on VK Работа, and one {@code created} event each.
     */
    private void assertEachPublishedOnce(List<String> ids) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(ids).stream().map(event -> event.get("external_id").asText())
                        .collect(Collectors.toSet()).containsAll(ids));
        List<JsonNode> events = events(ids, TestKafka.consumeUntilQuiet(app.topic(Topic.JOBS_EVENTS),
                Duration.ofSeconds(3), Duration.ofSeconds(60)));
        assertThat(ids).allSatisfy(id -> assertThat(sim.state().jobsByExternalId(id)).as(id).hasSize(1));
        assertThat(events).hasSize(ids.size()).extracting(event -> event.get("event").asText())
                .containsOnly("created");
    }

    /** The job events of these external_ids (the class's tests share the topic). */
    private List<JsonNode> events(List<String> ids) {
        return events(ids, TestKafka.consume(app.topic(Topic.JOBS_EVENTS), Integer.MAX_VALUE, Duration.ofMillis(500)));
    }

    private static List<JsonNode> events(List<String> ids, List<ConsumerRecord<String, String>> records) {
        return values(records).stream().filter(event -> ids.contains(event.get("external_id").asText())).toList();
    }
}
