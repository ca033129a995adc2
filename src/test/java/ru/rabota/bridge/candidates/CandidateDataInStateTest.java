package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkCandidate;

/** What rabota.state.vas holds of candidates, read from the broker: their ids, never their contact data. */
class CandidateDataInStateTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.vas.daily-budget", "100000",
                "bridge.company.poll-delay", "1h");
    }

    @Test
    void aContactPurchaseIsRecordedWithTheCandidatesIdOnly() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);

        JsonNode bought = bridge.result("candidates-command", "{\"command\":\"buy_contact\",\"request_id\":\"c-state\","
                + "\"user_id\":\"" + candidate.id() + "\"}");

        assertThat(bought.at("/response/actions/0/user/phone").asText()).as("the answer has it")
                .isEqualTo(candidate.phone());
        JsonNode recorded = recorded("request:c-state");
        assertThat(recorded.at("/result/outcome").asText()).as(recorded.toString()).isEqualTo("ok");
        assertThat(recorded.at("/result/response/actions/0/user")).as(recorded.toString()).isEqualTo(
                CommandJson.parse("{\"id\":\"" + candidate.id() + "\",\"type\":\"candidate\"}").tree());
        assertThat(recorded.toString()).doesNotContain(candidate.phone());
    }

    /** The last record of the key on rabota.state.vas, as the broker holds it. */
    private JsonNode recorded(String key) {
        List<ConsumerRecord<String, String>> records = TestKafka.consumeUntilQuiet(bridge.app().topic(Topic.STATE_VAS),
                Duration.ofMillis(500), Duration.ofSeconds(10)).stream().filter(r -> key.equals(r.key())).toList();
        return CommandJson.parse(records.get(records.size() - 1).value()).tree();
    }
}
