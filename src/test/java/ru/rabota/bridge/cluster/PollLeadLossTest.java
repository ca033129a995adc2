package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.schedule.PollRuns;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * The active poller loses the lead while its hh.ru poll waits for a slow answer, and wins it back: the run is cut off
 * within about a second (one DEBUG line) and the poll runs again as soon as the instance leads again. Before, the
 * stop waited for the run up to {@code camel.main.shutdown-timeout} (5 s in the tests, 15 s in production), one poll
 * route after another, and a lead won back meanwhile polled only once all those stops were done.
 */
class PollLeadLossTest {

    private static final String HH_POLL = "hh-negotiations-poll";
    private static final String PAID = "paid-commands-from-kafka";
    /**
     * The grace of a poll's stop, one second, with a margin for a loaded machine: after the paid route's, which stops
     * first (its Kafka consumer's close takes about a second here) and which the polls wait for in any case. Before,
     * the stop waited the test's shutdown timeout, 5 s.
     */
    private static final Duration CUT_OFF = Duration.ofSeconds(4);
    /** The start of the route and its first run, with a margin for a loaded machine (milliseconds when idle). */
    private static final Duration POLLS_AGAIN = Duration.ofSeconds(4);

    private final LogCapture logs = LogCapture.withDebugOf(PollRuns.class);

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    @Test
    void aPollRunIsCutOffAtTheLossOfTheLeadAndPollsAgainWhenTheLeadIsBack() throws Exception {
        try (HhSimulator hh = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start()) {
            // an answer outlasting the poll's grace, not the tests' shutdown timeout: its run then ends in its line
            hh.faults().latency(4_000);
            Map<String, String> properties = new HashMap<>(Map.of(
                    "bridge.cluster.enabled", "true",
                    "bridge.hh.enabled", "true",
                    "bridge.hh.base-url", hh.baseUrl(),
                    "bridge.hh.access-token", hh.accessToken(),
                    "bridge.hh.user-agent", "RabotaBridgeTest/1.0 (it@example.com)",
                    "bridge.hh.vacancy-ids", "123456",
                    // a started route polls at once: what the lead won back waits for is the route's start
                    "bridge.hh.initial-delay", "0ms",
                    "bridge.hh.poll-interval", "300ms",
                    Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(getClass())));
            properties.putAll(Map.of("bridge.applications.enabled", "false", "bridge.reference.enabled", "false"));
            try (TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> leadership(app).isLeader()
                        && app.context().getInflightRepository().size(HH_POLL) > 0);

                // the event of any loss of the lead; the view leaves the group once the routes stopped
                CompletableFuture<Void> election = CompletableFuture.runAsync(() -> app.context()
                        .hasService(KafkaClusterService.class).stop());
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> status(app, PAID) == ServiceStatus.Stopped);
                Instant paidStopped = Instant.now();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> status(app, HH_POLL) == ServiceStatus.Stopped);
                assertThat(Duration.between(paidStopped, Instant.now())).as("the poll route's stop")
                        .isLessThan(CUT_OFF);
                election.join();
                await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("DEBUG",
                        "hh.ru negotiations poll ended by the stop") == 1);

                hh.faults().latency(0);
                app.context().hasService(KafkaClusterService.class).start();
                await().atMost(Duration.ofSeconds(30)).until(() -> leadership(app).isLeader());
                Instant won = Instant.now();
                await().atMost(Duration.ofSeconds(30)).until(() -> hh.requests().stream()
                        .anyMatch(request -> request.path().startsWith("/negotiations")
                                && request.at().minus(request.took()).isAfter(won)));
                assertThat(Duration.between(won, Instant.now())).as("the first poll of the lead won back")
                        .isLessThan(POLLS_AGAIN);
                assertThat(logs.lines("WARN", "hh.ru negotiations poll failed")).as(logs.text()).isZero();
                assertThat(logs.lines("ERROR", "")).as(logs.text()).isZero();
            }
        }
    }

    private static ServiceStatus status(TestApplication app, String route) {
        return app.context().getRouteController().getRouteStatus(route);
    }

    private static PollerLeadership leadership(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("pollerLeadership", PollerLeadership.class);
    }
}
