package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.sandbox.vk.VkCandidate;

/**
 * Contacts enabled with the default budget (1000) and default price (300), no price known yet (the company poll
 * has not read the packets): VK charges 1500 for the first contact.
 */
class ContactPriceUnknownTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.company.poll-delay", "1h");
    }

    @Test
    void aContactBoughtOverTheBudgetHasItsPhoneReadFreeAndTheNextContactCountsAtItsPrice() {
        List<VkCandidate> candidates = bridge.vk().seedCandidates(2);
        long first = candidates.get(0).id();

        JsonNode bought = command("{\"command\":\"buy_contact\",\"request_id\":\"c-1\",\"user_id\":\"" + first + "\"}");
        JsonNode phone = command("{\"command\":\"read_phone\",\"request_id\":\"p-1\",\"user_id\":\"" + first + "\"}");
        JsonNode next = command("{\"command\":\"buy_contact\",\"request_id\":\"c-2\",\"user_id\":\""
                + candidates.get(1).id() + "\"}");

        assertThat(bought.path("outcome").asText()).isEqualTo("ok");
        assertThat(phone.path("outcome").asText()).isEqualTo("ok");
        assertThat(phone.at("/response/phone").asText()).isEqualTo(candidates.get(0).phone());
        assertThat(next.path("detail").asText()).isEqualTo("daily budget 1000 RUB reached: spent 1500, this needs 1500");
    }

    private JsonNode command(String command) {
        return bridge.result("candidates-command", command);
    }
}
