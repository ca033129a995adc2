package ru.rabota.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.sandbox.FreePort;

/**
 * The management server while the state topics cannot be read (Kafka away, or the topics missing: the stores wait
 * for their load): a Prometheus scrape answers at once, and the liveness probe with it, within the Deployment's
 * timeout. The server answers its requests one after another; a scrape whose gauge {@code bridge_state_keys} waited
 * for the load (the state timeout, for each state topic: 106 s seen with Kafka away) held every liveness probe
 * behind it, and the kubelet restarted the pods, again and again for as long as Kafka was away.
 */
class ProbesWhileStateIsAwayTest {

    private static final Pattern STATE_KEYS = Pattern.compile("(?m)^bridge_state_keys\\{topic=\"([^\"]+)\"} (\\S+)$");

    private final int port = FreePort.next();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aScrapeAndTheLivenessProbeAnswerAtOnceWhileTheStateWaitsForItsTopics() throws Exception {
        JsonNode liveness = DeploymentFilesTest.one(DeploymentFilesTest.resources(DeploymentFilesTest.BASE),
                "Deployment").path("spec").path("template").path("spec").path("containers").get(0)
                .path("livenessProbe");
        Duration probeTimeout = Duration.ofSeconds(liveness.path("timeoutSeconds").asInt(1));
        String live = liveness.path("httpGet").path("path").asText();

        // a prefix whose topics nobody created: every state store waits for its topic, as while Kafka is away
        try (TestApplication app = TestApplication.start(Map.of("bridge.topics.create", "false",
                "camel.management.enabled", "true", "camel.management.port", String.valueOf(port),
                "bridge.state.timeout", "20s"))) {
            CompletableFuture<HttpResponse<String>> scrape = get("/observe/metrics", Duration.ofSeconds(30));
            Thread.sleep(200);
            HttpResponse<String> probe = get(live, probeTimeout).join();
            assertThat(probe.statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = scrape.get();
            assertThat(metrics.statusCode()).isEqualTo(200);
            Matcher keys = STATE_KEYS.matcher(metrics.body());
            List<String> values = keys.results().map(key -> key.group(2)).toList();
            // not loaded: no count yet, as bridge_spend_today_rub
            assertThat(values).hasSize(4).containsOnly("NaN");
        }
    }

    private CompletableFuture<HttpResponse<String>> get(String path, Duration timeout) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
