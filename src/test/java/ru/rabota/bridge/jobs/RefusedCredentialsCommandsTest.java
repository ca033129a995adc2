package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * VK Работа refuses the bundle's login and password (a password changed on VK's side): what becomes of the commands
 * meanwhile, as the README tells it. Each is a dead letter naming the refusal, to be sent again once the bundle runs
 * with the right credentials (a {@code failed} job part has its dead letter instead of an event). No command asks VK
 * for a session again: one {@code POST /session}, one ERROR line, and neither login nor password in the log.
 */
class RefusedCredentialsCommandsTest extends JobsTestSupport {

    private LogCapture logs;

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vk.login", "acme-login", "bridge.vk.password", "Wr0ng&pass");
    }

    @Override
    protected void start() {
        logs = new LogCapture();
        super.start();
    }

    @Test
    void commandsMeetingRefusedCredentialsAreDeadLettersNamingThem() {
        try {
            send("RC-1", upsert("RC-1", "r-rc-1", "Курьер"));
            TestKafka.send(app.topic(Topic.APPLICATIONS_COMMANDS), "1",
                    "{\"application_id\": \"1\", \"status\": \"invited\", \"request_id\": \"r-rc-2\"}");

            for (String key : new String[] {"RC-1", "1"}) {
                JsonNode letter = json(records(Topic.DLQ, key, 1).get(0).value());
                assertThat(letter.at("/error/type").asText()).isEqualTo("VkCredentialsException");
                assertThat(letter.at("/error/detail").asText()).isEqualTo("Invalid Auth params");
                assertThat(letter.toString()).doesNotContain("acme-login", "Wr0ng");
            }
            assertThat(sim.requests()).filteredOn(request -> request.path().equals("/session")).hasSize(1);
            assertThat(apiRequests()).isEmpty();
            assertThat(logs.lines("ERROR", "VK Работа refused the login and password")).isOne();
            assertThat(logs.text()).doesNotContain("acme-login", "Wr0ng", "Wr0ng%26pass");
        } finally {
            logs.close();
        }
    }
}
