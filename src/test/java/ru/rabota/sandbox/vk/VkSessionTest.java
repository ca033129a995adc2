package ru.rabota.sandbox.vk;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.rabota.sandbox.http.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VkSessionTest extends VkSimulatorTestSupport {

    @Override
    VkSimulatorConfig config() {
        return new VkSimulatorConfig().credentials("test", "correct");
    }

    private Answer session(String form) throws Exception {
        return send(request("/session").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void correctCredentialsGiveAnHs256TokenForTheApiUser() throws Exception {
        Answer answer = session("login=test&password=correct");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        String[] parts = answer.body().path("token").asText().split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0]).toString()).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
        JsonNode payload = decode(parts[1]);
        assertThat(payload.path("user_id").asLong()).isEqualTo(888);
        assertThat(payload.path("user_type").asText()).isEqualTo("ApiUser");
        assertThat(payload.path("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);

        token = answer.body().path("token").asText();
        assertThat(get("/jobs").status()).isEqualTo(200);
    }

    @Test
    void missingCredentialsAre422InvalidLogin() throws Exception {
        Answer none = send(request("/session").POST(HttpRequest.BodyPublishers.noBody()));
        Answer noPassword = session("login=test");

        assertThat(none.status()).isEqualTo(422);
        assertThat(none.raw().body()).isEqualTo("{\"errors\":[{\"detail\":\"Invalid Login\"}]}");
        assertThat(noPassword.status()).isEqualTo(422);
    }

    @Test
    void wrongCredentialsAre401InvalidAuthParams() throws Exception {
        Answer answer = session("login=test&password=wrong");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.raw().body()).isEqualTo("{\"errors\":[{\"detail\":\"Invalid Auth params\"}]}");
    }

    @Test
    void everyEndpointButCategoriesNeedsAValidToken() throws Exception {
        Answer missing = send(request("/jobs").GET());
        Answer bearer = send(request("/jobs").header("Authorization", "Bearer " + token).GET());
        Answer forged = send(request("/company").header("Authorization", "Worki " + token + "x").GET());
        Answer categories = send(request("/categories").GET());

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.raw().body()).isEqualTo("{\"errors\":[{\"detail\":\"Invalid JWT Token\"}]}");
        assertThat(bearer.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(categories.status()).isEqualTo(200);
        assertThat(categories.body().path("data").path(0).path("attributes").path("name").asText())
                .isEqualTo("Общепит");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        restart(config().tokenLifetime(Duration.ofSeconds(1)));

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/jobs").status() == 401);
        assertThat(get("/jobs").detail()).isEqualTo("Invalid JWT Token");
    }

    @Test
    void theRecordKeepsTheAuthorizationHeader() throws Exception {
        get("/company");

        RecordedRequest recorded = sim.requests().get(0);
        assertThat(recorded.is("GET", "/company")).isTrue();
        assertThat(recorded.header("Authorization")).isEqualTo("Worki " + token);
        assertThat(recorded.status()).isEqualTo(200);
    }

    @Test
    void queuedFaultsAndLatencyComeBeforeTheApi() throws Exception {
        sim.faults().failNext(1, 503);

        Answer failed = get("/company");
        Answer next = get("/company");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(next.status()).isEqualTo(200);

        sim.faults().latency(300);
        long started = System.nanoTime();
        Answer slow = get("/company");
        assertThat(slow.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void unknownRoutesAre404() throws Exception {
        Answer answer = get("/nothing-here");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.detail()).isNotBlank();
    }

    private static JsonNode decode(String part) throws Exception {
        return MAPPER.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }
}
