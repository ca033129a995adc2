package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * A phone read and a contact purchase an earlier version recorded with the candidate's contact data (the contact
     * bought): rewritten without it at the next start, what they count in their day unchanged, and the phone read's
     * replay reads the phone again.
     */
    @Test
    void contactDataAnEarlierVersionRecordedIsRewrittenAwayAtTheStart() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        bridge.result("candidates-command", "{\"command\":\"buy_contact\",\"request_id\":\"c-now\",\"user_id\":\""
                + candidate.id() + "\"}");
        String spend = ",\"spend\":{\"day\":\"2026-01-02\",\"charges\":[{\"action\":\"contact_view\","
                + "\"price\":1500}]}}";
        String phone = "{\"state\":\"done\",\"result\":{\"event\":\"candidates.phone_result\",\"request_id\":"
                + "\"p-legacy\",\"outcome\":\"ok\",\"results\":[],\"detail\":null,\"response\":{\"id\":\""
                + candidate.id() + "\",\"type\":\"user\",\"phone\":\"" + candidate.phone() + "\",\"already_contacted\""
                + ":true},\"user_id\":\"" + candidate.id() + "\"}" + spend;
        String purchase = "{\"state\":\"done\",\"result\":{\"event\":\"candidates.contact_result\",\"request_id\":"
                + "\"c-legacy\",\"outcome\":\"ok\",\"results\":[],\"detail\":null,\"response\":{\"actions\":[{\"id\":"
                + "\"0\",\"type\":\"paid_action\",\"status\":\"success\",\"user\":{\"id\":\"" + candidate.id()
                + "\",\"type\":\"candidate\",\"first_name\":\"Наталья\",\"phone\":\"" + candidate.phone()
                + "\"}}],\"company\":{}}}" + spend;
        TestKafka.send(bridge.app().topic(Topic.STATE_VAS), "request:p-legacy", phone);
        TestKafka.send(bridge.app().topic(Topic.STATE_VAS), "request:c-legacy", purchase);

        bridge.restart();

        JsonNode rewritten = await().atMost(Duration.ofSeconds(30)).until(() -> recorded("request:p-legacy"),
                entry -> !entry.toString().contains(candidate.phone()));
        JsonNode expected = CommandJson.parse(phone).tree().deepCopy();
        ((ObjectNode) expected.at("/result/response")).remove("phone");
        assertThat(rewritten).as("the same entry, spend included, without the phone").isEqualTo(expected);
        expected = CommandJson.parse(purchase).tree().deepCopy();
        ((ObjectNode) expected.at("/result/response/actions/0")).set("user", CommandJson.parse("{\"id\":\""
                + candidate.id() + "\",\"type\":\"candidate\"}").tree());
        assertThat(recorded("request:c-legacy")).as("the purchase's candidate a reference").isEqualTo(expected);
        JsonNode replay = bridge.result("candidates-command", "{\"command\":\"read_phone\",\"request_id\":"
                + "\"p-legacy\",\"user_id\":\"" + candidate.id() + "\"}");
        assertThat(replay.at("/response/phone").asText()).isEqualTo(candidate.phone());
    }

    /** The last record of the key on rabota.state.vas, as the broker holds it. */
    private JsonNode recorded(String key) {
        List<ConsumerRecord<String, String>> records = TestKafka.consumeUntilQuiet(bridge.app().topic(Topic.STATE_VAS),
                Duration.ofMillis(500), Duration.ofSeconds(10)).stream().filter(r -> key.equals(r.key())).toList();
        return CommandJson.parse(records.get(records.size() - 1).value()).tree();
    }
}
