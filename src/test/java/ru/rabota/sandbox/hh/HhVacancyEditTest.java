package ru.rabota.sandbox.hh;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.rabota.sandbox.hh.VacancyBodies.valid;

/** {@code PUT /vacancies/<id>}, archiving, and publishing anew with {@code previous_id}. */
class HhVacancyEditTest extends HhSimulatorTestSupport {

    private static final String ACTIVE = "/employers/1455/vacancies/active";

    private String id;

    @BeforeEach
    void publish() throws Exception {
        id = HhTestClient.json(client.json("POST", "/vacancies", valid("Кассир", "HR-1").toString()))
                .get("id").asText();
    }

    @Test
    void anEditReplacesTheFieldsItSendsWhole() throws Exception {
        HttpResponse<String> edit = put("/vacancies/" + id, "{\"name\": \"Старший кассир\", \"code\": \"HR-1b\","
                + " \"salary_range\": {\"to\": 90000, \"currency\": \"RUR\", \"gross\": true,"
                + " \"mode\": {\"id\": \"MONTH\"}}}");

        HhPublishedVacancy edited = simulator.vacancy(id);
        assertThat(edit.statusCode()).isEqualTo(204);
        assertThat(edited.name()).isEqualTo("Старший кассир");
        assertThat(edited.code()).isEqualTo("HR-1b");
        assertThat(edited.body().get("salary_range").has("from")).isFalse();
        assertThat(edited.body().get("description").asText()).isEqualTo(VacancyBodies.DESCRIPTION);
        assertThat(client.getJson("/vacancies/" + id).at("/salary/to").asInt()).isEqualTo(90000);
        assertThat(client.getJson(ACTIVE + "?text=старший").get("found").asInt()).isEqualTo(1);
        assertThat(simulator.publicationsUsed()).isEqualTo(1);
    }

    @Test
    void anEditIsRefusedAsPublishingIsAndWhatOnlyAPublicationSetsIsUnexpected() throws Exception {
        JsonNode partial = HhTestClient.json(put("/vacancies/" + id, "{\"salary_range\": {\"from\": 1}}"));
        JsonNode area = HhTestClient.json(put("/vacancies/" + id, "{\"area\": {\"id\": \"2\"}, \"name\": null}"));
        HttpResponse<String> together = put("/vacancies/" + id, "{\"billing_type\": {\"id\": \"premium\"},"
                + " \"name\": \"Кассир\"}");

        assertThat(partial.get("errors")).extracting(e -> e.get("pointer").asText() + " " + e.get("reason").asText())
                .containsExactly("/salary_range/currency required", "/salary_range/gross required",
                        "/salary_range/mode required");
        assertThat(area.get("errors")).extracting(e -> e.get("pointer").asText() + " " + e.get("reason").asText())
                .containsExactly("/area unexpected", "/name required");
        assertThat(together.statusCode()).isEqualTo(403);
        assertThat(together.body()).isEqualTo("{\"errors\":[{\"type\":\"vacancies\",\"value\":\"conflict_changes\"}]}");
        assertThat(put("/vacancies/" + id, "{\"custom_employer_name\": \"Банк\"}").body())
                .contains("\"reason\":\"only_for_anonymous_type\"");
        assertThat(put("/vacancies/999", "{}").statusCode()).isEqualTo(404);
        assertThat(simulator.vacancy(id).body()).isEqualTo(valid("Кассир", "HR-1"));
    }

    @Test
    void theBillingTypeOnlyGoesUpAndAnEditMayNotMakeADuplicate() throws Exception {
        String other = HhTestClient.json(client.json("POST", "/vacancies", valid("Повар", "HR-2").toString()))
                .get("id").asText();

        assertThat(put("/vacancies/" + id, "{\"billing_type\": {\"id\": \"premium\"}}").statusCode()).isEqualTo(204);
        assertThat(HhTestClient.json(put("/vacancies/" + id, "{\"billing_type\": {\"id\": \"standard\"}}"))
                .at("/errors/0/reason").asText()).isEqualTo("value_conflict_with_business_rules");
        assertThat(HhTestClient.json(put("/vacancies/" + other, "{\"name\": \"Кассир\"}")).at("/errors/0/items/0/id")
                .asText()).isEqualTo(id);
        assertThat(put("/vacancies/" + other + "?ignore_duplicates=true", "{\"name\": \"Кассир\"}").statusCode())
                .isEqualTo(204);
        assertThat(put("/vacancies/" + other, "{\"code\": \"HR-2b\"}").statusCode()).isEqualTo(204);
        assertThat(client.getJson("/vacancies/" + id).at("/billing_type/id").asText()).isEqualTo("premium");
    }

    @Test
    void anArchivedVacancyIsNeitherEditedNorArchivedAgainButPublishedAnewWithPreviousId() throws Exception {
        HttpResponse<String> archive = put("/employers/1455/vacancies/archived/" + id, "");

        assertThat(archive.statusCode()).isEqualTo(204);
        assertThat(client.getJson(ACTIVE).get("items")).extracting(v -> v.get("id").asText())
                .containsExactly("123456", "123457");
        assertThat(put("/vacancies/" + id, "{\"name\": \"Кассир\"}").body())
                .isEqualTo("{\"errors\":[{\"type\":\"vacancies\",\"value\":\"unavailable_for_archived\"}]}");
        assertThat(put("/employers/1455/vacancies/archived/" + id, "").statusCode()).isEqualTo(404);
        assertThat(put("/employers/1456/vacancies/archived/123456", "").statusCode()).isEqualTo(404);
        assertThat(client.getJson("/vacancies/" + id).get("archived").asBoolean()).isTrue();

        ObjectNode again = valid("Кассир", "HR-1").put("previous_id", id);
        HttpResponse<String> republished = client.json("POST", "/vacancies", again.toString());

        String newId = HhTestClient.json(republished).get("id").asText();
        assertThat(republished.statusCode()).isEqualTo(201);
        assertThat(newId).isNotEqualTo(id);
        assertThat(simulator.vacancy(id).archived()).isTrue();
        assertThat(simulator.vacancy(newId).previousId()).isEqualTo(id);
        assertThat(client.getJson("/vacancies/" + newId).get("previous_id").asText()).isEqualTo(id);
        assertThat(simulator.publicationsUsed()).isEqualTo(2);
        ObjectNode ofActive = valid("Повар", "HR-3").put("previous_id", newId);
        assertThat(HhTestClient.json(client.json("POST", "/vacancies", ofActive.toString())).at("/errors/0/pointer")
                .asText()).isEqualTo("/previous_id");
    }

    private HttpResponse<String> put(String path, String json) throws Exception {
        return client.json("PUT", path, json);
    }
}
