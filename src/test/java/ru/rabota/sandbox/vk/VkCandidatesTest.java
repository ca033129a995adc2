package ru.rabota.sandbox.vk;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VkCandidatesTest extends VkSimulatorTestSupport {

    private VkCandidate courier;
    private VkCandidate driver;

    @BeforeEach
    void candidates() {
        courier = sim.state().addCandidate(VkCandidate.builder().name("Иван", "Иванов").nationalityId(1)
                .description("Опытный курьер, знаю город").birthday(LocalDate.now().minusYears(30).minusDays(2))
                .experience("Служба доставки", "Доставка заказов", 24, true, 3));
        driver = sim.state().addCandidate(VkCandidate.builder().name("Пётр", "Петров").medicalRecord(true)
                .drivingLicenseCategories(List.of("B", "C")).birthday(LocalDate.now().minusYears(50).minusDays(2)));
        sim.state().addCandidate(VkCandidate.builder().name("Анна", "Сидорова")
                .location(59.94, 30.31, "Санкт-Петербург, Невский проспект, 1", 2));
    }

    private static List<Long> found(Answer answer) {
        return answer.body().path("data").findParents("first_name").stream().map(a -> a.path("id").asLong()).toList();
    }

    @Test
    void aSearchNeedsALocation() throws Exception {
        Answer answer = get("/candidates?key_word=курьер");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.detail()).contains("address", "city_id", "region_id");
    }

    @Test
    void theSearchAnswerHasTheDocumentsShapeWithoutPhones() throws Exception {
        Answer answer = get("/candidates?address=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0&key_word=%D0%BA%D1%83%D1%80%D1%8C%D0%B5%D1%80");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(found(answer)).containsExactly(courier.id());
        JsonNode result = answer.body().path("data").path(0);
        assertThat(result.path("type").asText()).isEqualTo("candidate_search");
        assertThat(result.path("attributes").has("phone")).isFalse();
        assertThat(result.at("/attributes/age").asInt()).isEqualTo(30);
        assertThat(result.at("/attributes/city_name").asText()).isEqualTo("Москва");
        assertThat(result.at("/relationships/nationality/data/id").asText()).isEqualTo("1");
        assertThat(result.at("/relationships/professions/data/0/id").asText()).isEqualTo("3");
        assertThat(answer.body().path("included")).extracting(i -> i.path("type").asText())
                .contains("nationality", "profession");
        assertThat(answer.body().at("/meta/total").asInt()).isEqualTo(1);
        assertThat(answer.body().at("/meta/total_all_time").asInt()).isEqualTo(1);
    }

    @Test
    void locationAndAttributeFiltersNarrowTheResult() throws Exception {
        assertThat(found(get("/candidates?city_id=1"))).containsExactly(courier.id(), driver.id());
        assertThat(found(get("/candidates?region_id=78"))).hasSize(1);
        assertThat(found(get("/candidates?lat=55.73&long=37.57&distance_to=5"))).containsExactly(courier.id(),
                driver.id());
        // the document's location by coordinates is the three together
        assertThat(get("/candidates?lat=55.73&long=37.57").status()).isEqualTo(422);
        assertThat(found(get("/candidates?city_id=1&medical_record=1"))).containsExactly(driver.id());
        assertThat(found(get("/candidates?city_id=1&age_from=40&age_to=60"))).containsExactly(driver.id());
        assertThat(found(get("/candidates?city_id=1&driving_license_categories=C"))).containsExactly(driver.id());
        assertThat(found(get("/candidates?city_id=1&driving_license_categories=B&driving_license_categories=C")))
                .containsExactly(driver.id());
        // the document names the filter without brackets: another name is a parameter it does not have
        assertThat(get("/candidates?city_id=1&driving_license_categories%5B%5D=C").status()).isEqualTo(422);
        assertThat(found(get("/candidates?city_id=1&month_of_experience=12"))).containsExactly(courier.id());
    }

    @Test
    void pagingUsesPageAndPerPageWithinTheirRanges() throws Exception {
        Answer second = get("/candidates?city_id=1&page=2&per_page=1");

        assertThat(found(second)).containsExactly(driver.id());
        assertThat(second.body().at("/meta/total").asInt()).isEqualTo(2);
        assertThat(get("/candidates?city_id=1&per_page=51").status()).isEqualTo(422);
        assertThat(get("/candidates?city_id=1&per_page=0").status()).isEqualTo(422);
        assertThat(get("/candidates?city_id=1&age_from=13").status()).isEqualTo(422);
    }

    @Test
    void readingAPhoneChargesOnlyTheFirstTime() throws Exception {
        sim.state().setLimit("otvas_views_limit", 0);

        Answer first = get("/candidates/" + courier.id() + "/phone");
        Answer again = get("/candidates/" + courier.id() + "/phone");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().at("/data/type").asText()).isEqualTo("user");
        assertThat(first.body().at("/data/attributes/phone").asText()).isEqualTo("79995225324");
        assertThat(first.body().at("/data/attributes/contact_bought").asBoolean()).isTrue();
        assertThat(first.body().at("/data/attributes/already_contacted").asBoolean()).isFalse();
        assertThat(again.body().at("/data/attributes/already_contacted").asBoolean()).isTrue();
        assertThat(sim.state().company().balanceText()).isEqualTo("9850000.0");
        assertThat(sim.state().transactions()).hasSize(1);
        assertThat(sim.state().contactBought(courier.id())).isTrue();
        assertThat(found(get("/candidates?city_id=1&show_bought=1"))).containsExactly(courier.id());
    }

    @Test
    void aPhoneWithoutMoneyIsA422AndUnknownCandidatesA404() throws Exception {
        sim.state().setLimit("otvas_views_limit", 0);
        sim.state().setBalance("0.0");

        Answer poor = get("/candidates/" + courier.id() + "/phone");
        Answer unknown = get("/candidates/424242/phone");

        assertThat(poor.status()).isEqualTo(422);
        assertThat(poor.detail()).isEqualTo("Недостаточно средств для покупки контакта");
        assertThat(sim.state().contactBought(courier.id())).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
    }
}
