package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.bridge.vas.SpendingGuard;
import ru.rabota.bridge.vk.VkSessionTokens;
import ru.rabota.sandbox.vk.VkCandidate;

/**
 * A phone read whose answer is lost (VK bought the contact, the bridge heard nothing) is read again: VK charges a
 * contact once, so the second read costs nothing more, and the guard counts the purchase the first one made.
 */
class PhoneReadRetryTest extends SimulatedVkTestSupport {

    @Override
    protected Map<String, String> properties() {
        // no company poll to meet the faults meant for the phone reads; retries as long as it takes, as by default
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.vas.daily-budget", "5000",
                "bridge.company.poll-delay", "1h", "bridge.retry.max-attempts", "0",
                "bridge.retry.give-up-after", "0s");
    }

    @AfterEach
    void noFaults() {
        bridge.vk().faults().reset();
    }

    @Test
    void aPhoneReadWhoseAnswerWasLostIsReadAgainAndItsPurchaseCounted() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        double spentBefore = spentToday();
        bridge.vk().faults().onPaths(".*/phone").loseAnswerNext(1);

        JsonNode phone = readPhone("p-lost", candidate);

        assertThat(phone.path("outcome").asText()).as(phone.toString()).isEqualTo("ok");
        assertThat(phone.at("/response/phone").asText()).isEqualTo(candidate.phone());
        assertThat(vkCalls("/phone")).hasSize(2);
        assertThat(bridge.vk().state().contactBought(candidate.id())).isTrue();
        assertThat(spentToday()).as("the lost read's purchase").isGreaterThan(spentBefore);
    }

    @Test
    void aPurchaseALostAnswerMadeIsCountedWhenVkThenRefusesTheRead() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        double spentBefore = spentToday();
        bridge.vk().faults().onPaths(".*/phone").loseAnswerNext(1).failNext(1, 404);

        JsonNode phone = readPhone("p-refused", candidate);

        assertThat(phone.path("outcome").asText()).as(phone.toString()).isEqualTo("rejected");
        assertThat(bridge.vk().state().contactBought(candidate.id())).as("bought by the lost answer's read").isTrue();
        assertThat(spentToday()).as("the lost read's purchase").isGreaterThan(spentBefore);
    }

    @Test
    void aPhoneReadThatWaitedForASessionCostsNothingForAContactBoughtElsewhere() throws Exception {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        // bought outside the bundle (another tool, a person in VK's UI)
        HttpResponse<String> bought = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.vk().baseUrl() + "/candidates/" + candidate.id() + "/phone"))
                .header("Authorization", "Worki " + bridge.vk().issueToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(200);
        bridge.vk().clearRequests();
        double spentBefore = spentToday();
        bridge.app().context().getRegistry().lookupByNameAndType("vkSessionTokens", VkSessionTokens.class).reset();
        bridge.vk().faults().onPaths("/session").failNext(1, 503);

        JsonNode phone = readPhone("p-session", candidate);

        assertThat(phone.path("outcome").asText()).as(phone.toString()).isEqualTo("ok");
        assertThat(phone.at("/response/already_contacted").asBoolean()).isTrue();
        assertThat(vkCalls("/phone")).as("the read waited for its session, sent once").hasSize(1);
        assertThat(spentToday()).as("VK charged nothing: the read never went out before")
                .isEqualTo(spentBefore);
    }

    /**
     * The command comes from rabota.candidates.commands, so that the instance started again has the record to read:
     * the stop must leave its offset uncommitted, and the read must be answered once and counted once.
     */
    @Test
    void aPhoneReadInterruptedByAStopDuringAnOutageIsReadAgainAtTheNextStart() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        double spentBefore = spentToday();
        // VK's phone answer names no price, and no packet lists one here: a contact counts at the default price
        double contact = Double.parseDouble(bridge.app().context().resolvePropertyPlaceholders(
                "{{bridge.vas.default-price}}"));
        bridge.vk().faults().onPaths(".*/phone").failNext(100_000, 503);
        TestKafka.send(bridge.app().topic(Topic.CANDIDATES_COMMANDS), "p-stop", command("p-stop", candidate));
        await().atMost(Duration.ofSeconds(10)).until(() -> vkCalls("/phone").size() >= 10);

        bridge.restart();
        bridge.vk().faults().reset();
        // nothing sent again: the record the stop left is read by the instance started again
        String results = bridge.app().topic(Topic.CANDIDATES_RESULTS);
        TestKafka.consumeUntil(TestKafka.bootstrapServers(), results, records -> !records.isEmpty(),
                Duration.ofSeconds(60));
        List<JsonNode> phones = TestKafka.consumeUntilQuiet(results, Duration.ofSeconds(2), Duration.ofSeconds(30))
                .stream().<JsonNode>map(record -> CommandJson.parse(record.value()).tree())
                .filter(result -> result.path("request_id").asText().equals("p-stop")).toList();

        assertThat(phones).as("answered once").singleElement().satisfies(phone -> {
            assertThat(phone.path("outcome").asText()).as(phone.toString()).isEqualTo("ok");
            assertThat(phone.at("/response/phone").asText()).isEqualTo(candidate.phone());
        });
        assertThat(bridge.vk().state().contactBought(candidate.id())).isTrue();
        assertThat(spentToday() - spentBefore).as("the contact counted once").isEqualTo(contact);
    }

    @Test
    void aPhoneReadWhoseCommandWentToAnotherInstanceDuringAnOutageIsLeftToIt() {
        VkCandidate candidate = bridge.vk().seedCandidates(1).get(0);
        String command = "{\"command\":\"read_phone\",\"request_id\":\"p-handover\",\"user_id\":\""
                + candidate.id() + "\"}";
        AtomicBoolean handedOver = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        // the partition goes to another instance while the fifth read is under way
        bridge.vk().faults().onPaths(".*/phone").failNext(100_000, 503).beforeEach(path -> {
            if (path.endsWith("/phone") && reads.incrementAndGet() == 5) {
                handedOver.set(true);
            }
        });

        Exchange here = bridge.app().template().request("direct:candidates-command", exchange -> {
            exchange.getIn().setBody(command);
            exchange.setProperty(ApiHeaders.HANDED_OVER, (BooleanSupplier) handedOver::get);
        });
        bridge.vk().faults().reset();
        JsonNode there = bridge.result("candidates-command", command);

        assertThat(here.getException()).as("no result here: the command is the other instance's now").isNotNull();
        assertThat(there.path("outcome").asText()).as(there.toString()).isEqualTo("ok");
        assertThat(there.at("/response/phone").asText()).isEqualTo(candidate.phone());
    }

    private JsonNode readPhone(String requestId, VkCandidate candidate) {
        return bridge.result("candidates-command", command(requestId, candidate));
    }

    private static String command(String requestId, VkCandidate candidate) {
        return "{\"command\":\"read_phone\",\"request_id\":\"" + requestId + "\",\"user_id\":\"" + candidate.id()
                + "\"}";
    }

    /** What the guard counts today, once its state is loaded (NaN before, as the metric). */
    private double spentToday() {
        return await().atMost(Duration.ofSeconds(20)).until(() -> guard().spentToday(), spent -> !Double.isNaN(spent));
    }

    private SpendingGuard guard() {
        return bridge.app().context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }
}
