package ru.rabota.sandbox.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private SimServer server;

    @BeforeEach
    void start() throws IOException {
        server = new SimServer("test", "/api", new Faults(1),
                request -> SimResponse.json(404, "{\"errors\":[{\"detail\":\"Not found\"}]}"))
                .route("GET", "/items/(\\d+)", request -> SimResponse.json(200,
                        "{\"id\":\"" + request.pathGroup(1) + "\",\"q\":\"" + request.params("status[]") + "\"}"))
                .start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + pathAndQuery))
                .header("Authorization", "Worki abc").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesByPathAndRecordsEveryRequest() throws Exception {
        HttpResponse<String> answer = get("/items/42?status%5B%5D=read&status%5B%5D=invited");
        HttpResponse<String> missing = get("/nothing");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"id\":\"42\",\"q\":\"[read, invited]\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Worki abc");
        assertThat(server.requests().get(0).path()).isEqualTo("/items/42");
        assertThat(server.requests().get(1).status()).isEqualTo(404);
    }

    @Test
    void keepsTheNewestRequestsOnly() throws Exception {
        try (SimServer small = new SimServer("small", "/api", new Faults(1),
                request -> SimResponse.json(404, "{}"), 2).start(0)) {
            for (String path : new String[] {"/a", "/b", "/c"}) {
                client.send(HttpRequest.newBuilder(URI.create(small.baseUri() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }

            assertThat(small.requests()).extracting(RecordedRequest::path).containsExactly("/b", "/c");
        }
    }

    @Test
    void queuedFaultsComeFirstThenNormalAnswers() throws Exception {
        server.faults().failNext(1, 503).throttleNext(1, 7);

        HttpResponse<String> first = get("/items/1");
        HttpResponse<String> second = get("/items/1");
        HttpResponse<String> third = get("/items/1");

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("7");
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void droppedConnectionGivesTheClientNoAnswer() {
        server.faults().dropNext(1);

        // a POST: the JDK client silently repeats a GET whose connection dropped
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/items/1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(-1);
    }

    @Test
    void requestsAboveTheRateLimitAreAnswered429WithRetryAfterOneSecond() throws Exception {
        server.faults().rateLimit(1);

        HttpResponse<String> first = get("/items/1");
        HttpResponse<String> second = get("/items/1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void faultsCanBeLimitedToSomePaths() throws Exception {
        server.faults().onPaths("/other.*").serverErrors(1.0);

        assertThat(get("/items/1").statusCode()).isEqualTo(200);
    }
}
