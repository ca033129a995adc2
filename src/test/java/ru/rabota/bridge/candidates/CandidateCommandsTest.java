package ru.rabota.bridge.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.vas.SpendingGuard;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkCandidate;

/** Candidate search, contact purchase and phone reads against the VK simulator, contacts enabled. */
class CandidateCommandsTest extends SimulatedVkTestSupport {

    private List<VkCandidate> candidates;

    @Override
    protected Map<String, String> properties() {
        // the first company poll would teach the guard the packets' prices; this test wants them from an answer
        return Map.of("bridge.vas.contacts.enabled", "true", "bridge.vas.daily-budget", "2000",
                "bridge.company.poll-delay", "1h");
    }

    @BeforeAll
    void seedCandidates() {
        candidates = bridge.vk().seedCandidates(12);
    }

    @Test
    void aSearchWithoutALocationIsRejectedWithoutACall() {
        JsonNode result = command("{\"command\":\"search\",\"request_id\":\"s-1\",\"filters\":{\"key_word\":\"курьер\",\"per_page\":20}}");

        assertThat(result.path("event").asText()).isEqualTo("candidates.search_result");
        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText())
                .isEqualTo("filters: a location is required (address, city_id, region_id, or lat, long and distance_to)");
        assertThat(vkCalls("/candidates")).isEmpty();
    }

    /** The document's location by coordinates is lat, long and distance_to together: VK refuses a point alone. */
    @Test
    void aSearchAroundAPointWithoutItsRadiusIsRejectedWithoutACall() {
        JsonNode result = command("{\"command\":\"search\",\"request_id\":\"s-5\",\"filters\":{\"lat\":55.75,"
                + "\"long\":37.61}}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText().split("; ")).containsExactly(
                "filters: lat, long and distance_to go together",
                "filters: a location is required (address, city_id, region_id, or lat, long and distance_to)");
        assertThat(vkCalls("/candidates")).isEmpty();
    }

    @Test
    void filtersOutsideTheDocumentedRangesAreRejectedTogether() {
        JsonNode result = command("{\"command\":\"search\",\"request_id\":\"s-2\",\"filters\":{\"city_id\":1,"
                + "\"per_page\":51,\"age_from\":12,\"sex\":\"male\",\"driving_license_categories\":[\"B\",\"Z\"],\"salary\":1}}");

        assertThat(result.path("outcome").asText()).isEqualTo("rejected");
        assertThat(result.path("detail").asText().split("; ")).containsExactlyInAnyOrder(
                "filters.salary: no such filter", "filters.per_page: 51 is outside [1, 50]",
                "filters.age_from: 12 is outside [14, 99]", "filters.sex: \"male\" is not one of [Male, Female]",
                "filters.driving_license_categories: \"Z\" is no licence category");
        assertThat(vkCalls("/candidates")).isEmpty();
    }

    @Test
    void aSearchSendsEveryFilterAndPublishesTheMappedCandidates() {
        long city = candidates.get(0).cityId();

        JsonNode result = command("{\"command\":\"search\",\"request_id\":\"s-3\",\"filters\":{\"city_id\":" + city
                + ",\"page\":1,\"per_page\":5,\"has_avatar\":false,\"medical_record\":0,"
                + "\"month_of_experience\":0,\"driving_license_categories\":[]}}");

        assertThat(result.path("outcome").asText()).isEqualTo("ok");
        long inCity = candidates.stream().filter(c -> c.cityId() == city).count();
        assertThat(result.at("/response/meta/total").asLong()).isEqualTo(inCity);
        assertThat(result.at("/response/candidates")).hasSizeLessThanOrEqualTo(5).isNotEmpty()
                .allSatisfy(candidate -> assertThat(candidate.path("type").asText()).isEqualTo("candidate_search"));
        RecordedRequest request = vkCalls("/candidates").get(0);
        assertThat(request.rawQuery()).isEqualTo("city_id=" + city + "&page=1&per_page=5&month_of_experience=0");
    }

    @Test
    void flagsAndLicenceCategoriesAreSentTheWayTheApiReadsThem() {
        // the document names the filter driving_license_categories (unlike status[], written with brackets): several
        // categories repeat that name, and driving_license_categories[] is an unknown parameter to a strict peer
        command("{\"command\":\"search\",\"request_id\":\"s-4\",\"filters\":{\"lat\":55.75,\"long\":37.61,"
                + "\"distance_to\":30,\"age_from\":18,\"age_to\":45,\"has_avatar\":true,\"show_bought\":\"1\",\"sex\":\"Female\","
                + "\"driving_license_categories\":[\"B\",\"C1E\"],\"key_word\":\"склад\",\"nationality_id\":1}}");

        assertThat(vkCalls("/candidates").get(0).rawQuery()).isEqualTo("lat=55.75&long=37.61&distance_to=30"
                + "&key_word=%D1%81%D0%BA%D0%BB%D0%B0%D0%B4&nationality_id=1&has_avatar=1&show_bought=1&sex=Female"
                + "&driving_license_categories=B&driving_license_categories=C1E&age_from=18&age_to=45");
    }

    @Test
    void aContactIsBoughtOnceItsPhoneReadWithoutPayingAgainAndTheBudgetHolds() {
        String first = String.valueOf(candidates.get(1).id());
        String second = String.valueOf(candidates.get(2).id());
        int transactionsBefore = bridge.vk().state().transactions().size();

        JsonNode bought = command("{\"command\":\"buy_contact\",\"request_id\":\"c-1\",\"user_id\":\"" + first + "\"}");
        JsonNode phone = command("{\"command\":\"read_phone\",\"request_id\":\"p-1\",\"user_id\":\"" + first + "\"}");
        JsonNode refused = command("{\"command\":\"read_phone\",\"request_id\":\"p-2\",\"user_id\":\"" + second + "\"}");

        assertThat(bought.path("event").asText()).isEqualTo("candidates.contact_result");
        assertThat(bought.path("outcome").asText()).isEqualTo("ok");
        assertThat(bought.at("/results/0/user_id").asText()).isEqualTo(first);
        assertThat(bought.at("/response/actions/0/user/phone").asText()).isEqualTo(candidates.get(1).phone());
        assertThat(phone.path("outcome").asText()).isEqualTo("ok");
        assertThat(phone.at("/response/phone").asText()).isEqualTo(candidates.get(1).phone());
        assertThat(phone.at("/response/already_contacted").asBoolean()).isTrue();
        // contact_view costs 1500 (the answer's origin.price); the phone read of a bought contact cost nothing
        assertThat(refused.path("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.path("detail").asText()).isEqualTo("daily budget 2000 RUB reached: spent 1500, this needs 1500");
        assertThat(bridge.vk().state().contactBought(candidates.get(2).id())).isFalse();
        assertThat(vkCalls("/phone")).hasSize(1);
        // what VK received and charged: the one purchase, not the phone reads
        assertThat(vkCalls("/paid_actions")).as("purchases sent").hasSize(1);
        assertThat(bridge.vk().state().transactions()).as("VK's transactions").hasSize(transactionsBefore + 1);
        assertThat(guard().prices().price(ru.rabota.bridge.vas.VasCode.CONTACT_VIEW)).hasValueSatisfying(
                price -> assertThat(price).isEqualByComparingTo("1500"));
    }

    @Test
    void aContactPurchaseNamesEveryFieldThatIsWrongAtOnce() {
        JsonNode refused = command("{\"command\":\"buy_contact\",\"use_account\":\"cash\"}");
        JsonNode notAnId = command("{\"command\":\"buy_contact\",\"request_id\":\"c-9\",\"user_id\":\"Иванов\"}");

        assertThat(refused.path("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.path("detail").asText()).contains("request_id", "use_account: \"cash\"", "user_id: missing")
                .doesNotContain("actions[0]");
        assertThat(notAnId.path("detail").asText()).isEqualTo("user_id: \"Иванов\" is no candidate id");
        assertThat(vkCalls("/paid_actions")).isEmpty();
    }

    private JsonNode command(String command) {
        return bridge.result("candidates-command", command);
    }

    private SpendingGuard guard() {
        return bridge.app().context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }
}
