package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/**
 * In cluster mode Camel supervises no route of policy {@code activePoller}: on the leader, a poll route that does not
 * run (its start at the lead failed, or something stopped it) turns readiness DOWN, naming it, and is started again.
 */
class ActivePollerHealthTest {

    private static final String TICKER = "test-ticker";

    @Test
    void theLeadersReadinessIsDownWhileAPollRouteDoesNotRunAndTheRouteIsStartedAgain() throws Exception {
        try (TestApplication app = TestApplication.start(Map.of(
                Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(getClass()),
                "camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,classpath:test-routes/active-poller.camel.yaml",
                "camel.route-controller.back-off-delay", "3000",
                "bridge.cluster.enabled", "true",
                "bridge.cluster.failover-timeout", "10s"))) {
            CamelContext context = app.context();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(context) == ServiceStatus.Started);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notUp(context)).isEmpty());

            // as when the policy's start at the lead failed: the route is stopped while this instance leads (again,
            // should the restarts every 3 s have started it before readiness was asked: a busy machine's stop is slow)
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                context.getRouteController().stopRoute(TICKER);
                return notUp(context).equals(List.of("active-poller DOWN route test-ticker is Stopped"));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> status(context) == ServiceStatus.Started);
            assertThat(notUp(context)).isEmpty();
        }
    }

    private static ServiceStatus status(CamelContext context) {
        return context.getRouteController().getRouteStatus(TICKER);
    }

    private static List<String> notUp(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context, "full").stream()
                .filter(result -> result.getState() != HealthCheck.State.UP)
                .map(result -> result.getCheck().getId() + " " + result.getState() + " " + result.getMessage().orElse(""))
                .toList();
    }
}
