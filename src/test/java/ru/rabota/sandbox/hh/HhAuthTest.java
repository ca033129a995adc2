package ru.rabota.sandbox.hh;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HhAuthTest extends HhSimulatorTestSupport {

    private static final String COLLECTIONS = "/negotiations?vacancy_id=123456";
    private static final String BAD_AGENT_DESCRIPTION = "\"description\":\"Send User-Agent (or HH-User-Agent) naming"
            + " the application and a contact, e.g. MyApp/1.0 (it@example.com)\"}";

    @Override
    HhSimulatorConfig config() {
        return new HhSimulatorConfig().accessToken("access-1").refreshToken("refresh-1")
                .client("client-id", "client-secret");
    }

    @Test
    void missingUserAgentIsUnset() throws Exception {
        String answer;
        // a raw request: every HTTP client library sends a User-Agent of its own
        try (Socket socket = new Socket("127.0.0.1", URI.create(simulator.baseUrl()).getPort())) {
            String request = "GET " + COLLECTIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer access-1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith(
                "{\"errors\":[{\"type\":\"bad_user_agent\",\"value\":\"unset\"}]," + BAD_AGENT_DESCRIPTION);
    }

    @Test
    void blankUserAgentIsUnset() throws Exception {
        HttpResponse<String> answer = client.send(client.request(COLLECTIONS).header("User-Agent", " ")
                .header("Authorization", "Bearer access-1"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"value\":\"unset\"");
    }

    @Test
    void aLibrarysOwnUserAgentNamesNoApplication() throws Exception {
        HttpResponse<String> answer = client.send(client.request(COLLECTIONS)
                .header("Authorization", "Bearer access-1"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"errors\":[{\"type\":\"bad_user_agent\",\"value\":\"blacklisted\"}],"
                + BAD_AGENT_DESCRIPTION);
    }

    @Test
    void hhUserAgentWinsOverUserAgent() throws Exception {
        HttpResponse<String> answer = client.send(client.request(COLLECTIONS)
                .header("HH-User-Agent", HhTestClient.AGENT).header("Authorization", "Bearer access-1"));
        HttpResponse<String> badHhAgent = client.send(client.withAgent(COLLECTIONS)
                .header("HH-User-Agent", "curl/8.5.0").header("Authorization", "Bearer access-1"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(badHhAgent.statusCode()).isEqualTo(400);
    }

    @Test
    void missingOrUnknownTokenIsBadAuthorization() throws Exception {
        HttpResponse<String> missing = client.send(client.withAgent(COLLECTIONS));
        HttpResponse<String> unknown = client.send(client.withAgent(COLLECTIONS)
                .header("Authorization", "Bearer nope"));

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).isEqualTo("{\"errors\":[{\"type\":\"oauth\",\"value\":\"bad_authorization\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).isEqualTo(missing.body());
    }

    @Test
    void expiredTokenIs403TokenExpired() throws Exception {
        simulator.expireAccessToken();

        HttpResponse<String> answer = client.get(COLLECTIONS);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"errors\":[{\"type\":\"oauth\",\"value\":\"token_expired\"}]}");
    }

    @Test
    void refreshIsRefusedWhileTheAccessTokenLives() throws Exception {
        HttpResponse<String> answer = client.postForm("/token", refresh("refresh-1"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body())
                .isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"token not expired\"}");
        assertThat(client.get(COLLECTIONS).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshAfterExpiryGivesANewPairAndWorksOnce() throws Exception {
        simulator.expireAccessToken();

        HttpResponse<String> refreshed = client.postForm("/token", refresh("refresh-1"));
        JsonNode pair = HhTestClient.json(refreshed);
        HttpResponse<String> withNewToken = client.get(COLLECTIONS);
        HttpResponse<String> withOldToken = client.send(client.withAgent(COLLECTIONS)
                .header("Authorization", "Bearer access-1"));
        HttpResponse<String> again = client.postForm("/token", refresh("refresh-1"));

        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(pair.get("token_type").asText()).isEqualTo("bearer");
        assertThat(pair.get("expires_in").asLong()).isEqualTo(1_209_600L);
        assertThat(pair.get("access_token").asText()).isEqualTo(simulator.accessToken()).isNotEqualTo("access-1");
        assertThat(pair.get("refresh_token").asText()).isEqualTo(simulator.refreshToken()).isNotEqualTo("refresh-1");
        assertThat(withNewToken.statusCode()).isEqualTo(200);
        assertThat(withOldToken.statusCode()).isEqualTo(403);
        assertThat(withOldToken.body()).contains("token_expired");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body())
                .isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"token has already been refreshed\"}");
    }

    @Test
    void refreshNeedsNoClientAndTheDeprecatedPathAnswersToo() throws Exception {
        simulator.expireAccessToken();

        HttpResponse<String> withoutClient = client.postForm("/oauth/token",
                "grant_type=refresh_token&refresh_token=refresh-1");
        HttpResponse<String> fresh = client.postForm("/token", "grant_type=refresh_token&refresh_token="
                + simulator.refreshToken());

        assertThat(withoutClient.statusCode()).isEqualTo(200);
        assertThat(fresh.body())
                .isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"token not expired\"}");
    }

    @Test
    void refreshNeedsTheConfiguredClientWhenSentAndAKnownToken() throws Exception {
        simulator.expireAccessToken();

        HttpResponse<String> wrongSecret = client.postForm("/token",
                "grant_type=refresh_token&refresh_token=refresh-1&client_id=client-id&client_secret=guess");
        HttpResponse<String> unknownToken = client.postForm("/token", refresh("refresh-2"));
        HttpResponse<String> otherGrant = client.postForm("/token",
                "grant_type=password&client_id=client-id&client_secret=client-secret");

        assertThat(wrongSecret.body()).isEqualTo(
                "{\"error\":\"invalid_client\",\"error_description\":\"client_id or client_secret not found\"}");
        assertThat(unknownToken.body())
                .isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"token not found\"}");
        assertThat(otherGrant.body())
                .isEqualTo("{\"error\":\"unsupported_grant_type\",\"error_description\":\"unsupported grant_type\"}");
        assertThat(client.postForm("/token", refresh("refresh-1")).statusCode()).isEqualTo(200);
    }

    private static String refresh(String token) {
        return "grant_type=refresh_token&refresh_token=" + token + "&client_id=client-id&client_secret=client-secret";
    }
}
