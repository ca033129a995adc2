package ru.rabota.sandbox.hh;

import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /me} and the employer's active vacancy list. */
class HhEmployerTest extends HhSimulatorTestSupport {

    private static final String ACTIVE = "/employers/777/vacancies/active";

    @Override
    HhSimulatorConfig config() {
        return new HhSimulatorConfig().employerId("777");
    }

    @Test
    void meIsTheEmployersManager() throws Exception {
        JsonNode me = client.getJson("/me");

        assertThat(me.get("is_employer").asBoolean()).isTrue();
        assertThat(me.get("is_applicant").asBoolean()).isFalse();
        assertThat(me.get("employer").get("id").asText()).isEqualTo("777").isEqualTo(simulator.employerId());
        assertThat(me.get("employer").get("manager_id").asText()).isEqualTo("4062820");
        assertThat(new HhTestClient(simulator).send(client.withAgent("/me")).statusCode()).isEqualTo(403);
    }

    @Test
    void activeVacanciesArePagedUpTo50() throws Exception {
        IntStream.range(0, 60).forEach(i -> simulator.addVacancy("9" + i, "Вакансия " + i));

        JsonNode first = client.getJson(ACTIVE + "?per_page=50");
        JsonNode second = client.getJson(ACTIVE + "?page=1&per_page=50");
        JsonNode item = first.get("items").get(0);

        assertThat(first.get("found").asInt()).isEqualTo(62);
        assertThat(first.get("pages").asInt()).isEqualTo(2);
        assertThat(first.get("per_page").asInt()).isEqualTo(50);
        assertThat(second.get("items")).hasSize(12);
        assertThat(item.get("id").asText()).isEqualTo("123456");
        assertThat(item.get("name").asText()).isEqualTo("Менеджер по продажам");
        assertThat(item.get("area").get("id").asText()).isEqualTo("1");
        assertThat(item.get("created_at").asText()).endsWith("+0300");
        assertThat(item.get("archived").asBoolean()).isFalse();
        assertThat(client.getJson(ACTIVE).get("per_page").asInt()).isEqualTo(20);
        assertThat(client.get(ACTIVE + "?per_page=51").body())
                .isEqualTo("{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"per_page\"}]}");
        assertThat(client.get("/employers/1455/vacancies/active").statusCode()).isEqualTo(404);
        try (HhSimulator capping = new HhSimulator(new HhSimulatorConfig()
                .perPageOverLimit(HhSimulatorConfig.PerPageOverLimit.CAP)).start()) {
            assertThat(new HhTestClient(capping).getJson("/employers/1455/vacancies/active?per_page=51")
                    .get("per_page").asInt()).isEqualTo(50);
        }
    }

    @Test
    void anArchivedVacancyLeavesTheListButItsNegotiationsStayReadable() throws Exception {
        HhNegotiation negotiation = simulator.addResponse("123456", null);

        simulator.archiveVacancy("123456");

        assertThat(client.getJson(ACTIVE).get("items")).extracting(v -> v.get("id").asText()).containsExactly("123457");
        assertThat(client.getJson("/negotiations/" + negotiation.id()).get("vacancy").get("archived").asBoolean())
                .isTrue();
        assertThat(client.getJson("/negotiations/response?vacancy_id=123456").get("found").asInt()).isEqualTo(1);
    }
}
