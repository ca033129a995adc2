package ru.rabota.sandbox.hh;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a well-behaved hh.ru client sends: an application User-Agent and the bearer token. */
final class HhTestClient {

    static final String AGENT = "RabotaBridgeTest/1.0 (it@example.com)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final HhSimulator simulator;

    HhTestClient(HhSimulator simulator) {
        this.simulator = simulator;
    }

    /** GET with the simulator's current token; {@code pathOrUrl} may be a full URL taken from an answer. */
    HttpResponse<String> get(String pathOrUrl) throws Exception {
        return send(authorized(pathOrUrl));
    }

    JsonNode getJson(String pathOrUrl) throws Exception {
        HttpResponse<String> response = get(pathOrUrl);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    /** A form with the current token, as actions take their arguments. */
    HttpResponse<String> form(String method, String pathOrUrl, String form) throws Exception {
        return send(authorized(pathOrUrl).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> putForm(String pathOrUrl, String form) throws Exception {
        return form("PUT", pathOrUrl, form);
    }

    HttpResponse<String> json(String method, String path, String json) throws Exception {
        return send(authorized(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(authorized(path).DELETE());
    }

    /** A form without token, as the token endpoint takes it. */
    HttpResponse<String> postForm(String path, String form) throws Exception {
        return send(withAgent(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl
                : simulator.baseUrl() + pathOrUrl));
    }

    HttpRequest.Builder authorized(String pathOrUrl) {
        return withAgent(pathOrUrl).header("Authorization", "Bearer " + simulator.accessToken());
    }

    HttpRequest.Builder withAgent(String pathOrUrl) {
        return request(pathOrUrl).header("User-Agent", AGENT);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
