package ru.rabota.bridge.hh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;

/**
 * An hh.ru simulator and the bundle serving webhooks that the test posts itself
 * ({@link HhPollSupport#postedWebhookProperties}: no subscription, no poll while the test runs).
 */
final class PostedWebhooks implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HhSimulator simulator;
    private final String prefix;
    private final int port;
    private final String secret;
    private final TestApplication app;

    private PostedWebhooks(Class<?> test, String vacancyIds, String secret) throws IOException {
        this.simulator = new HhSimulator(new HhSimulatorConfig()).start();
        this.prefix = TestKafka.uniquePrefix(test);
        this.port = FreePort.next();
        this.secret = secret;
        this.app = TestApplication.start(HhPollSupport.postedWebhookProperties(simulator, prefix, vacancyIds, port,
                secret));
    }

    static PostedWebhooks start(Class<?> test, String vacancyIds, String secret) throws IOException {
        return new PostedWebhooks(test, vacancyIds, secret);
    }

    HhSimulator simulator() {
        return simulator;
    }

    /** The bundle's topic prefix. */
    String prefix() {
        return prefix;
    }

    /** Posts the notification to the bundle's webhook URL; its HTTP status. */
    int post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hh/webhook/" + secret))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        app.close();
        simulator.close();
    }
}
