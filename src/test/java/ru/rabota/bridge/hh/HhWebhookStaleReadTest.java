package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.bridge.hh.HhPollSupport.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * A negotiation read alone (by a webhook, or read back after a status command's action) whose answer is overtaken:
 * hh.ru answers with the status it has, the status changes, a poll emits the new one, and only then does the answer
 * reach the bundle. It must not turn the status back (and the next poll emit the new one a second time). The
 * simulator plays it: the read's {@code beforeEach} moves the negotiation, waits for the poll's event, then answers
 * with the negotiation as it was.
 */
class HhWebhookStaleReadTest {

    private static final String SALES = "123456";
    private static final String SECRET = "stale-read-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private HhSimulator simulator;
    private TestApplication app;
    private String prefix;
    private int port;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig()).start();
        prefix = TestKafka.uniquePrefix(getClass());
        port = FreePort.next();
        Map<String, String> properties = HhPollSupport.properties(simulator, prefix, SALES);
        // no public-url: no subscription, so the simulator sends no webhook of its own
        properties.putAll(Map.of("camel.server.port", String.valueOf(port),
                "bridge.hh.webhook.enabled", "true",
                "bridge.hh.webhook.secret", SECRET));
        app = TestApplication.start(properties);
    }

    @AfterEach
    void stop() {
        simulator.faults().reset();
        app.close();
        simulator.close();
    }

    @Test
    void aWebhooksReadOvertakenByAPollDoesNotTurnTheStatusBack() throws Exception {
        HhNegotiation negotiation = simulator.addNegotiation(SALES, "response", "response", null);
        overtakeRead(negotiation.id(), 1, 1, "consider");

        // the webhook's line that it was handled is a DEBUG one
        Configurator.setLevel(HhWebhook.class.getName(), Level.DEBUG);
        try (LogCapture log = new LogCapture()) {
            assertThat(post("{\"id\":\"race-1\",\"action_type\":\"NEGOTIATION_EMPLOYER_STATE_CHANGE\","
                    + "\"payload\":{\"topic_id\":\"" + negotiation.id() + "\"}}")).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines("DEBUG", "hh.ru webhook"
                    + " NEGOTIATION_EMPLOYER_STATE_CHANGE race-1: negotiation " + negotiation.id()) == 1);
        } finally {
            Configurator.setLevel(HhWebhook.class.getName(), Level.INFO);
        }

        // before: response, consider, response (the webhook's read, stamped after its answer), consider (next poll)
        assertThat(statuses(negotiation.id())).containsExactly("response", "consider");
    }

    @Test
    void aStatusCommandsReadBackOvertakenByAPollDoesNotTurnTheStatusBack() {
        HhNegotiation negotiation = simulator.addNegotiation(SALES, "response", "response", null);
        HhPollSupport.events(prefix, 1);
        // the command's read, its action, then its read back: once the poll emitted the action's consider, the
        // negotiation moves on to interview, and the read back is answered as it was
        overtakeRead(negotiation.id(), 2, 2, "interview");

        JsonNode result = app.template().requestBody("direct:application-status-command", "{\"application_id\":\"hh:"
                + negotiation.id() + "\",\"status\":\"consider\"}", JsonNode.class);

        assertThat(result.path("outcome").asText()).as("%s", result).isEqualTo("ok");
        // before: response, consider, interview, consider (the read back, stamped after its answer), interview
        assertThat(statuses(negotiation.id())).containsExactly("response", "consider", "interview");
    }

    /**
     * Inside the simulator, before it answers the {@code read}-th read of the negotiation (by id): once the poll
     * emitted {@code emitted} events, the negotiation moves to {@code state}; once the poll emitted that too, the
     * read is answered as the negotiation was before the move.
     */
    private void overtakeRead(String id, int read, int emitted, String state) {
        AtomicInteger reads = new AtomicInteger();
        simulator.faults().onPaths("/negotiations/" + id).beforeEach(path -> {
            if (path.equals("/negotiations/" + id) && reads.incrementAndGet() == read) {
                HhPollSupport.events(prefix, emitted);
                String before = negotiation(id);
                simulator.changeEmployerState(id, state);
                HhPollSupport.events(prefix, emitted + 1);
                simulator.faults().answerNext(1, before);
            }
        });
    }

    private List<String> statuses(String id) {
        return HhPollSupport.events(prefix).stream().filter(e -> e.key().equals("hh:" + id))
                .map(e -> json(e).path("status").asText()).toList();
    }

    /** The negotiation as hh.ru answers it now (a read of the test's own, not the bundle's). */
    private String negotiation(String id) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/negotiations/" + id))
                    .header("Authorization", "Bearer " + simulator.accessToken())
                    .header("HH-User-Agent", HhPollSupport.AGENT).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hh/webhook/" + SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
