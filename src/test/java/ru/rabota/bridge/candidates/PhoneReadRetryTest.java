package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.vas.SpendingGuard;
import ru.rabota.sandbox.vk.VkCandidate;

/**
 * A phone read whose answer is lost (VK bought the contact, the bridge heard nothing) is read again: VK charges a
 * contact once, so the second read costs nothing more, and the guard counts the purchase the first one made.
 */
class PhoneReadRetryTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.vas.daily-budget", "5000");
    }

    @Test
    void aPhoneReadWhoseAnswerWasLostIsReadAgainAndItsPurchaseCounted() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        double spentBefore = guard().spentToday();
        bridge.vk().faults().onPaths(".*/phone").loseAnswerNext(1);

        JsonNode phone = bridge.result("candidates-command", "{\"command\":\"read_phone\",\"request_id\":\"p-lost\","
                + "\"user_id\":\"" + candidate.id() + "\"}");

        assertThat(phone.path("outcome").asText()).as(phone.toString()).isEqualTo("ok");
        assertThat(phone.at("/response/phone").asText()).isEqualTo(candidate.phone());
        assertThat(vkCalls("/phone")).hasSize(2);
        assertThat(bridge.vk().state().contactBought(candidate.id())).isTrue();
        assertThat(guard().spentToday()).as("the lost read's purchase").isGreaterThan(spentBefore);
    }

    private SpendingGuard guard() {
        return bridge.app().context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }
}
