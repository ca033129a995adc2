package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.bridge.vas.SpendingGuard;
import ru.rabota.sandbox.vk.VkCandidate;

/**
 * A phone read sent again with its request_id gets its first result, and the phone, which the state does not keep,
 * read again: free for the contact the first read bought, nothing admitted, nothing recorded.
 */
class PhoneReadReplayTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.vas.daily-budget", "5000",
                "bridge.company.poll-delay", "1h", "bridge.retry.give-up-after", "2s");
    }

    @AfterEach
    void noFaults() {
        bridge.vk().faults().reset();
    }

    @Test
    void theStateKeepsThePhoneReadsResultWithoutThePhone() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);

        JsonNode phone = readPhone("p-state", candidate);

        assertThat(phone.at("/response/phone").asText()).isEqualTo(candidate.phone());
        List<ConsumerRecord<String, String>> records = stateRecords("request:p-state");
        JsonNode recorded = CommandJson.parse(records.get(records.size() - 1).value()).tree();
        assertThat(recorded.at("/result/outcome").asText()).as(recorded.toString()).isEqualTo("ok");
        assertThat(recorded.at("/result/response").has("phone")).as(recorded.toString()).isFalse();
        assertThat(recorded.toString()).doesNotContain(candidate.phone());
    }

    @Test
    void aReplayReadsThePhoneAgainFreeAndRecordsNothing() {
        FirstRead first = readOnce("p-replay");
        int transactions = bridge.vk().state().transactions().size();
        bridge.vk().clearRequests();

        JsonNode replay = readPhone("p-replay", first.candidate());

        assertThat(first.result().path("outcome").asText()).as(first.toString()).isEqualTo("ok");
        assertThat(replay).as("the first result, the phone read now").isEqualTo(first.result());
        assertThat(replay.at("/response/phone").asText()).isEqualTo(first.candidate().phone());
        assertThat(vkCalls("/phone")).as("one free read").hasSize(1);
        assertThat(vkCalls("/paid_actions")).isEmpty();
        assertThat(bridge.vk().state().transactions()).as("VK charged nothing").hasSize(transactions);
        first.unchanged();
    }

    @Test
    void aReplayWhoseReadVkRefusesIsRejectedSayingSoAndTheNextOneReadsAgain() {
        FirstRead first = readOnce("p-refused");
        bridge.vk().faults().onPaths(".*/phone").failNext(1, 404);

        JsonNode refused = readPhone("p-refused", first.candidate());
        JsonNode again = readPhone("p-refused", first.candidate());

        assertThat(refused.path("outcome").asText()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.path("detail").asText()).startsWith("handled before (ok), and what the bridge does not"
                + " keep of that result (the phone) could not be read again: ").contains("404");
        assertThat(refused.path("response").isNull()).isTrue();
        assertThat(again).as("the recorded result stays for the next replay").isEqualTo(first.result());
        first.unchanged();
    }

    @Test
    void aReplayWhoseReadIsGivenUpIsADeadLetterAsThatReadWouldBe() {
        FirstRead first = readOnce("p-given-up");
        bridge.vk().faults().onPaths(".*/phone").failNext(1000, 503);

        assertThatThrownBy(() -> readPhone("p-given-up", first.candidate())).cause().hasMessageContaining("503");
        bridge.vk().faults().reset();
        JsonNode again = readPhone("p-given-up", first.candidate());

        assertThat(again).isEqualTo(first.result());
        first.unchanged();
    }

    /** Recorded bought by no entry of the guard (lost to a hand-made cleanup, say): reading again would be paid. */
    @Test
    void aReplayOfAContactNotRecordedBoughtIsNotReadAgainAndSaysWhy() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        TestKafka.send(bridge.app().topic(Topic.STATE_VAS), "request:p-unbought", "{\"state\":\"done\",\"result\":"
                + "{\"event\":\"candidates.phone_result\",\"request_id\":\"p-unbought\",\"outcome\":\"ok\","
                + "\"results\":[],\"detail\":null,\"response\":{\"id\":\"" + candidate.id() + "\",\"type\":\"user\","
                + "\"already_contacted\":false},\"user_id\":\"" + candidate.id() + "\"}}");

        JsonNode replay = readPhone("p-unbought", candidate);

        assertThat(replay.path("outcome").asText()).as(replay.toString()).isEqualTo("ok");
        assertThat(replay.path("detail").asText()).contains("the bridge does not keep the phone", "new request_id");
        assertThat(replay.path("response").has("phone")).isFalse();
        assertThat(vkCalls("/phone")).as("nothing paid silently").isEmpty();
        assertThat(bridge.vk().state().contactBought(candidate.id())).isFalse();
    }

    /** A phone read answered, with what the guard counted and recorded after it. */
    private record FirstRead(PhoneReadReplayTest test, String requestId, VkCandidate candidate, JsonNode result,
            double spent, int records) {

        /** Neither the day's spend nor the request's entry changed since. */
        void unchanged() {
            assertThat(test.spentToday()).as("the day's spend").isEqualTo(spent);
            assertThat(test.stateRecords("request:" + requestId)).as("the request entry is not written again")
                    .hasSize(records);
        }
    }

    private FirstRead readOnce(String requestId) {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        JsonNode result = readPhone(requestId, candidate);
        return new FirstRead(this, requestId, candidate, result, spentToday(), stateRecords("request:" + requestId)
                .size());
    }

    private JsonNode readPhone(String requestId, VkCandidate candidate) {
        return bridge.result("candidates-command", "{\"command\":\"read_phone\",\"request_id\":\"" + requestId
                + "\",\"user_id\":\"" + candidate.id() + "\"}");
    }

    /** The records of the key on rabota.state.vas, as the broker holds them. */
    private List<ConsumerRecord<String, String>> stateRecords(String key) {
        return TestKafka.consumeUntilQuiet(bridge.app().topic(Topic.STATE_VAS), Duration.ofMillis(500),
                Duration.ofSeconds(10)).stream().filter(record -> key.equals(record.key())).toList();
    }

    /** What the guard counts today, once its state is loaded (NaN before, as the metric). */
    private double spentToday() {
        return await().atMost(Duration.ofSeconds(20)).until(() -> guard().spentToday(), spent -> !Double.isNaN(spent));
    }

    private SpendingGuard guard() {
        return bridge.app().context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }
}
