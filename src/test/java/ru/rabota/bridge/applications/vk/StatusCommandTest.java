package ru.rabota.bridge.applications.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.sandbox.vk.VkApplication;

/** Status commands against the VK simulator: what VK received and the command result. */
class StatusCommandTest extends SimulatedVkTestSupport {

    private VkApplication application;

    @Override
    protected Map<String, String> properties() {
        return Map.of();
    }

    @BeforeAll
    void seedApplication() {
        application = bridge.vk().seedApplications(1).get(0);
    }

    @Test
    void aKnownStatusIsProceededAndTheResultCarriesTheApplication() {
        JsonNode result = command("{\"application_id\":\"" + application.id() + "\",\"status\":\"invited\",\"request_id\":\"a-1\"}");

        assertThat(result.path("event").asText()).isEqualTo("application.status_result");
        assertThat(result.path("outcome").asText()).isEqualTo("ok");
        assertThat(result.path("request_id").asText()).isEqualTo("a-1");
        // the contract's result shape: every member, results empty for a command without paid actions
        assertThat(result.path("results").isArray() && result.path("results").isEmpty()).isTrue();
        assertThat(result.has("detail")).isTrue();
        assertThat(result.path("application_id").asText()).isEqualTo(String.valueOf(application.id()));
        assertThat(result.at("/response/status").asText()).isEqualTo("invited");
        assertThat(result.at("/response/candidate/id").asText()).isEqualTo(String.valueOf(application.candidateId()));
        assertThat(bridge.vk().state().application(application.id()).orElseThrow().status()).isEqualTo("invited");
        assertThat(vkCalls("/proceed")).singleElement().satisfies(request -> assertThat(request.body())
                .isEqualTo("{\"application\":{\"status\":\"invited\"}}"));
    }

    @Test
    void anUnknownStatusIsRejectedWithoutACall() {
        JsonNode result = command("{\"application_id\":\"" + application.id() + "\",\"status\":\"hired\"}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).isEqualTo("status: \"hired\" is not one of [unread, declined, read, "
                + "selected, improper, rejected, invited, reserved, missed, closed]");
        assertThat(vkCalls("/proceed")).isEmpty();
    }

    @Test
    void anUnknownApplicationIsRejectedWithTheApisDetail() {
        JsonNode result = command("{\"application_id\":\"987654\",\"status\":\"read\",\"request_id\":\"a-2\"}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText()).isEqualTo("Отклик не найден");
        assertThat(vkCalls("/proceed")).hasSize(1);
    }

    private JsonNode command(String command) {
        return bridge.result("application-status-command", command);
    }
}
