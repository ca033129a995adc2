package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.LogCapture;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/** VK Работа knows the login with another password than the bundle's. */
class VkRefusedCredentialsTest extends VkTestSupport {

    @Override
    protected VkSimulatorConfig config() {
        return new VkSimulatorConfig().credentials(LOGIN, "the password VK knows");
    }

    @Test
    void refusedCredentialsFailFastMarkHealthDownAndAreNeverLogged() {
        try (LogCapture logs = new LogCapture()) {
            Exchange first = call("vk-list-jobs", Map.of(), null);

            VkCredentialsException refused = first.getException(VkCredentialsException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.getMessage())
                    .isEqualTo("VK POST /session -> 401 Invalid Auth params (credentials refused: check bridge.vk.login and bridge.vk.password)");
            assertThat(refused.retryable()).isFalse();
            assertThat(vkSessionHealth().getState()).isEqualTo(HealthCheck.State.DOWN);

            for (int i = 0; i < 10; i++) {
                assertThat(call("vk-list-jobs", Map.of(), null).getException()).isInstanceOf(VkCredentialsException.class);
            }
            assertThat(requests("POST", "/session")).hasSize(1);
            assertThat(requests("GET", "/jobs")).isEmpty();
            assertThat(logs.lines("ERROR", "refused the login and password")).isEqualTo(1);
            // the login is a secret too: the README has it set from the environment
            assertThat(logs.text()).doesNotContain(PASSWORD).doesNotContain("acme-api");
        }
        tokens().reset();
        assertThat(vkSessionHealth().getState()).isEqualTo(HealthCheck.State.UP);
    }

    private HealthCheck.Result vkSessionHealth() {
        return HealthCheckHelper.invokeReadiness(context, "full").stream()
                .filter(result -> result.getCheck().getId().equals("vk-session")).findFirst().orElseThrow();
    }
}
