package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.vas.SpendingGuard;
import ru.rabota.sandbox.vk.VkCandidate;

/** A phone read given up ({@code bridge.retry.give-up-after}) becomes a dead letter, to be sent again later. */
class PhoneReadGiveUpTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.vas.daily-budget", "5000",
                "bridge.retry.give-up-after", "2s", "bridge.company.poll-delay", "1h");
    }

    @Test
    void aPurchaseALostAnswerMadeStaysCountedOnceWhenTheReadIsGivenUpAndSentAgain() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        double spentBefore = spentToday();
        bridge.vk().faults().onPaths(".*/phone").loseAnswerNext(1).throttleNext(50, 1);
        String command = "{\"command\":\"read_phone\",\"request_id\":\"p-given-up\",\"user_id\":\"" + candidate.id()
                + "\"}";

        assertThatThrownBy(() -> bridge.result("candidates-command", command)).cause().hasMessageContaining("429");
        double spentGivenUp = spentToday();
        bridge.vk().faults().reset();
        JsonNode again = bridge.result("candidates-command", command);

        assertThat(bridge.vk().state().contactBought(candidate.id())).as("bought by the lost answer's read").isTrue();
        assertThat(spentGivenUp).as("the lost read's purchase").isGreaterThan(spentBefore);
        assertThat(again.path("outcome").asText()).as(again.toString()).isEqualTo("ok");
        assertThat(spentToday()).as("counted once").isEqualTo(spentGivenUp);
    }

    @Test
    void aPhoneReadGivenUpAfterServerErrorsIsADeadLetterToSendAgainNotAnUnknownOutcome() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        double spentBefore = spentToday();
        bridge.vk().faults().onPaths(".*/phone").failNext(1000, 503);
        String command = "{\"command\":\"read_phone\",\"request_id\":\"p-5xx\",\"user_id\":\"" + candidate.id()
                + "\"}";

        assertThatThrownBy(() -> bridge.result("candidates-command", command)).cause().hasMessageContaining("503");
        double spentGivenUp = spentToday();
        bridge.vk().faults().reset();
        JsonNode again = bridge.result("candidates-command", command);

        assertThat(spentGivenUp).as("a 503 may have bought: counted").isGreaterThan(spentBefore);
        assertThat(again.path("outcome").asText()).as(again.toString()).isEqualTo("ok");
        assertThat(again.at("/response/phone").asText()).isNotBlank();
    }

    /** What the guard counts today, once its state is loaded (NaN before, as the metric). */
    private double spentToday() {
        return await().atMost(Duration.ofSeconds(20)).until(() -> guard().spentToday(), spent -> !Double.isNaN(spent));
    }

    private SpendingGuard guard() {
        return bridge.app().context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }
}
