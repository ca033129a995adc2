package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The active poller loses the lead with paid commands waiting in its batch and its hh.ru poll waiting for a slow
 * answer (a poll route slow to stop): its paid route sends no paid call after that and stops at once, the next leader
 * carries out the rest, each once, and the paid route runs again when the instance leads again. Each instance calls a
 * VK Работа simulator of its own, which tells whose paid calls they were. Before, the paid route stopped after the poll
 * routes ahead of it, and after its whole batch: 23 paid calls up to 5 s after the loss of the lead (the shutdown
 * timeout of the tests; each route waits up to {@code camel.main.shutdown-timeout}, 15 s by default).
 */
class PaidRouteLeadLossTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PAID = "paid-commands-from-kafka";
    private static final String HH_POLL = "hh-negotiations-poll";
    private static final int COMMANDS = 30;
    /**
     * What the paid call under way at the loss of the lead takes, and the stop of the route after it (Camel looks
     * at the exchanges in flight once a second), with a margin.
     */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final String prefix = TestKafka.uniquePrefix(getClass());

    @Test
    void aFormerLeaderSendsNoPaidCallAndItsPaidRouteStopsAtOnce() throws Exception {
        try (LogCapture logs = new LogCapture();
                HhSimulator hh = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start();
                VkSimulator firstVk = new VkSimulator(new VkSimulatorConfig()).start();
                VkSimulator secondVk = new VkSimulator(new VkSimulatorConfig()).start()) {
            long job = firstVk.state().addJob("Курьер", "HR-PAID").id();
            assertThat(secondVk.state().addJob("Курьер", "HR-PAID").id()).isEqualTo(job);
            // each paid call takes a while: the batch's commands, of one key and so one after the other, still wait
            firstVk.faults().latency(200);
            // its call waits for an answer longer than a stop waits for it
            hh.faults().latency(30_000);
            try (TestApplication first = TestApplication.start(instance(hh, firstVk))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status(first, PAID) == ServiceStatus.Started
                        && first.context().getInflightRepository().size(HH_POLL) > 0
                        // a rebalance ends a batch of commands before its time
                        && TestKafka.stableMembers(prefix + "rabota-bridge-commands") == 2);
                IntStream.range(0, COMMANDS).forEach(i -> command(i, job));
                await().atMost(Duration.ofSeconds(30)).until(() -> paidCalls(firstVk).size() >= 3);

                // the event of any loss of the lead; the view leaves the group once the routes stopped
                Instant lost = Instant.now();
                CompletableFuture<Void> election = CompletableFuture.runAsync(() -> first.context()
                        .hasService(KafkaClusterService.class).stop());

                await().atMost(BOUND).until(() -> status(first, PAID) == ServiceStatus.Stopped);
                election.join();
                // a failover is no failure: the commands left are one INFO line, not the WARN of failing polls
                assertThat(logs.bridgeLines("WARN", "a poll of commands failed")).isZero();
                assertThat(paidCalls(firstVk)).extracting(RecordedRequest::at)
                        .as("paid calls of the former leader, which lost the lead at %s", lost)
                        .allMatch(at -> at.isBefore(lost.plus(BOUND)));
                try (TestApplication second = TestApplication.start(instance(hh, secondVk))) {
                    assertThat(TestKafka.consume(Topic.VAS_RESULTS.topicName(prefix), COMMANDS, Duration.ofSeconds(60)))
                            .extracting(PaidRouteLeadLossTest::requestId).containsExactlyInAnyOrderElementsOf(
                                    IntStream.range(0, COMMANDS).mapToObj(i -> "r-" + i).toList());
                    assertThat(paidCalls(firstVk).size() + paidCalls(secondVk).size()).isEqualTo(COMMANDS);

                    // back in the election, it leads again once the other one leaves
                    first.context().hasService(KafkaClusterService.class).start();
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> status(first, PAID) == ServiceStatus.Started);
                int before = paidCalls(firstVk).size();
                command(COMMANDS, job);
                assertThat(TestKafka.consume(Topic.VAS_RESULTS.topicName(prefix), COMMANDS + 1, Duration.ofSeconds(30)))
                        .extracting(PaidRouteLeadLossTest::requestId).contains("r-" + COMMANDS);
                assertThat(paidCalls(firstVk)).hasSize(before + 1);
            }
        }
    }

    private Map<String, String> instance(HhSimulator hh, VkSimulator vk) {
        Map<String, String> properties = PaidInstance.properties(prefix, vk);
        properties.putAll(Map.of(
                "bridge.hh.enabled", "true",
                "bridge.hh.base-url", hh.baseUrl(),
                "bridge.hh.access-token", hh.accessToken(),
                "bridge.hh.user-agent", "RabotaBridgeTest/1.0 (it@example.com)",
                "bridge.hh.vacancy-ids", "123456",
                "bridge.hh.poll-interval", "300ms"));
        return properties;
    }

    private void command(int i, long job) {
        TestKafka.send(Topic.VAS_COMMANDS.topicName(prefix), "employer", "{\"request_id\":\"r-" + i + "\",\"actions\":"
                + "[{\"action\":\"job_highlight\",\"job_id\":\"" + job + "\"}]}");
    }

    private static List<RecordedRequest> paidCalls(VkSimulator vk) {
        return vk.requests().stream().filter(request -> request.path().endsWith("/paid_actions")).toList();
    }

    private static String requestId(ConsumerRecord<String, String> result) {
        try {
            return MAPPER.readTree(result.value()).path("request_id").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceStatus status(TestApplication app, String route) {
        return app.context().getRouteController().getRouteStatus(route);
    }
}
