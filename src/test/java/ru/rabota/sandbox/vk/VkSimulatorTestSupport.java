package ru.rabota.sandbox.vk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a simulator per test and talks to it over real HTTP with the JDK client. */
abstract class VkSimulatorTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** An answer: status and parsed body. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String detail() {
            return body.path("errors").path(0).path("detail").asText(null);
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    VkSimulator sim;
    String token;

    /** Override to change the configuration of the simulator under test. */
    VkSimulatorConfig config() {
        return new VkSimulatorConfig();
    }

    @BeforeEach
    void startSimulator() throws Exception {
        sim = new VkSimulator(config()).start();
        token = sim.issueToken();
    }

    /** Replaces the simulator under test by one with this configuration. */
    void restart(VkSimulatorConfig config) throws Exception {
        sim.close();
        sim = new VkSimulator(config).start();
        token = sim.issueToken();
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    Answer get(String pathAndQuery) throws Exception {
        return send(authed(pathAndQuery).GET());
    }

    Answer post(String path, String json) throws Exception {
        return send(authed(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String json) throws Exception {
        return send(authed(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpRequest.Builder authed(String pathAndQuery) {
        return request(pathAndQuery).header("Authorization", "Worki " + token);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery));
    }

    Answer send(HttpRequest.Builder builder) throws Exception {
        HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(response.body());
        return new Answer(response.statusCode(), body, response);
    }

    /** A job created through the API, answered 200; its id. */
    long createJob(String externalId) throws Exception {
        Answer answer = post("/jobs", validJob(externalId));
        if (answer.status() != 200) {
            throw new AssertionError("job not created: " + answer.body());
        }
        return answer.body().path("data").path("id").asLong();
    }

    static String validJob(String externalId) {
        return """
                {"job": {"title": "Тестовая вакансия", "description": "Тестовое описание", "lat": 55.35,
                 "long": 37.55, "address": "Москва. Солянка ул., 9", "remote": true, "external_id": "%s"},
                 "profession_id": 3, "publication_type": "super_job_publish"}""".formatted(externalId);
    }
}
