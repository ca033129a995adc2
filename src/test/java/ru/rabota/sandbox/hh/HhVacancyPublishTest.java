package ru.rabota.sandbox.hh;

import java.io.IOException;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.rabota.sandbox.hh.VacancyBodies.valid;

/** {@code POST /vacancies}: the rules of the body, duplicates, purchased publications and a lost answer. */
class HhVacancyPublishTest extends HhSimulatorTestSupport {

    @Override
    HhSimulatorConfig config() {
        return new HhSimulatorConfig().employerId("777");
    }

    @Test
    void aValidVacancyIsPublishedAndListed() throws Exception {
        ObjectNode body = valid("Java-разработчик", "HR-1001");

        HttpResponse<String> answer = publish(body, "");

        String id = HhTestClient.json(answer).get("id").asText();
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Location")).hasValue("/vacancies/" + id);
        assertThat(simulator.publicationsUsed()).isEqualTo(1);
        HhPublishedVacancy published = simulator.vacancy(id);
        assertThat(simulator.publishedVacancies()).containsExactly(published);
        assertThat(published.body()).isEqualTo(body);
        assertThat(published.code()).isEqualTo("HR-1001");
        assertThat(published.archived()).isFalse();
        assertThat(published.previousId()).isNull();
        JsonNode item = client.getJson("/employers/777/vacancies/active?text=java").get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo(id);
        assertThat(item.at("/salary_range/mode/name").asText()).isEqualTo("За месяц");
        assertThat(item.at("/salary/from").asInt()).isEqualTo(100_000);
        assertThat(item.has("code")).isFalse();
        JsonNode read = client.getJson("/vacancies/" + id);
        assertThat(read.get("code").asText()).isEqualTo("HR-1001");
        assertThat(read.get("previous_id").isNull()).isTrue();
        assertThat(read.get("description").asText()).isEqualTo(VacancyBodies.DESCRIPTION);
        assertThat(read.at("/professional_roles/0/name").asText()).isEqualTo("Программист, разработчик");
        assertThat(read.at("/billing_type/name").asText()).isEqualTo("Стандарт");
        assertThat(client.get("/vacancies/1").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "name                | -                                   | /name                     | required",
        "name                | '\"  \"'                            | /name                     | is_empty",
        "description         | '\"<p>Коротко</p>\"'                | /description              | is_too_short",
        "description         | <b><i>x</i></b>                     | /description              | is_too_short",
        "area                | '\"1\"'                             | /area                     | invalid",
        "area                | '{\"id\": \"113\"}'                 | /area/id                  | chosen_area_is_not_a_leaf_or_not_exist",
        "area                | '{}'                                | /area/id                  | required",
        "professional_roles  | '[\"96\"]'                          | /professional_roles/0     | invalid",
        "professional_roles  | '[{\"id\": \"96\"}, {\"id\": \"97\"}]' | /professional_roles    | is_too_long",
        "professional_roles  | '[{\"id\": \"1\"}]'                 | /professional_roles/0/id  | invalid",
        "professional_roles  | '[]'                                | /professional_roles       | size_less_than_min",
        "billing_type        | '{\"id\": \"gold\"}'                | /billing_type/id          | invalid",
        "type                | null                                | /type                     | required",
        "type                | '{\"id\": \"anonymous\"}'           | /custom_employer_name     | required",
        "type                | '{\"id\": \"direct\"}'              | /response_url             | required",
        "custom_employer_name | '\"Крупный банк\"'                 | /custom_employer_name     | only_for_anonymous_type",
        "code                | '\"123456789012345678901234567890123456789012345678901\"' | /code | is_too_long",
        "code                | 1001                                | /code                     | invalid",
        "salary_range        | '{\"from\": 2, \"to\": 1, \"currency\": \"RUR\", \"gross\": true, \"mode\": {\"id\": \"MONTH\"}}' | /salary_range/from | greater_than_max",
        "salary_range        | '{\"from\": 1, \"currency\": \"RUB\", \"gross\": true, \"mode\": {\"id\": \"MONTH\"}}' | /salary_range/currency | currency_code_is_invalid",
        "salary_range        | '{\"from\": 1, \"currency\": \"RUR\", \"gross\": true}' | /salary_range/mode | required",
        "salary_range        | '{\"currency\": \"RUR\", \"gross\": true, \"mode\": {\"id\": \"MONTH\"}}' | /salary_range/from | required",
        "salary_range        | '{\"from\": \"1\", \"currency\": \"RUR\", \"gross\": true, \"mode\": {\"id\": \"WEEK\"}}' | /salary_range/from | invalid",
        "salary_range        | '{\"from\": 1, \"currency\": \"RUR\", \"gross\": true, \"mode\": {\"id\": \"MONTH\"}, \"period\": 1}' | /salary_range/period | unexpected",
        "previous_id         | '\"123456\"'                        | /previous_id              | invalid",
        "salary_rang         | '{}'                                | /salary_rang              | unexpected",
    })
    void aFieldProblemIsRefusedWithItsPointer(String field, String json, String pointer, String reason)
            throws Exception {
        ObjectNode body = valid("Кассир", "HR-1");
        if (json.equals("-")) {
            body.remove(field);
        } else if (json.startsWith("<")) {
            // over 1,000 characters of HTML, 139 of text
            body.put(field, json.repeat(70));
        } else {
            body.set(field, VacancyBodies.MAPPER.readTree(json));
        }

        HttpResponse<String> answer = publish(body, "");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = HhTestClient.json(answer).get("errors").get(0);
        assertThat(error.get("type").asText()).isEqualTo("bad_json_data");
        assertThat(error.get("pointer").asText()).isEqualTo(pointer);
        assertThat(error.get("reason").asText()).isEqualTo(reason);
        assertThat(error.get("value").asText()).isEqualTo(pointer.split("/")[1]);
        assertThat(simulator.publicationsUsed()).isZero();
    }

    @Test
    void everyProblemIsListedAndAnEmailInTheDescriptionCounts() throws Exception {
        ObjectNode body = valid("Кассир", "HR-1");
        body.remove("name");
        body.put("description", VacancyBodies.DESCRIPTION + "<p>hr@example.com</p>");
        body.put("billing_type", "standard");

        JsonNode errors = HhTestClient.json(publish(body, "")).get("errors");

        assertThat(errors).extracting(e -> e.get("pointer").asText() + " " + e.get("reason").asText())
                .containsExactly("/name required", "/description email_in_description", "/billing_type invalid");
        assertThat(HhTestClient.json(client.json("POST", "/vacancies", "not json")).toString())
                .isEqualTo("{\"errors\":[{\"type\":\"bad_json_data\",\"reason\":\"invalid\"}]}");
    }

    @Test
    void aSimilarActiveVacancyIsADuplicateWhateverItsCodeUnlessIgnored() throws Exception {
        String first = HhTestClient.json(publish(valid("Кассир", "HR-1"), "")).get("id").asText();

        HttpResponse<String> again = publish(valid(" кассир ", "HR-2"), "");
        HttpResponse<String> forced = publish(valid("Кассир", "HR-2"), "?ignore_duplicates=true");
        HttpResponse<String> third = publish(valid("Кассир", "HR-3"), "?ignore_duplicates=false");

        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).isEqualTo("{\"errors\":[{\"type\":\"vacancies\",\"value\":\"duplicate\",\"found\":1,"
                + "\"items\":[{\"id\":" + first + "}]}]}");
        assertThat(forced.statusCode()).isEqualTo(201);
        assertThat(HhTestClient.json(third).at("/errors/0/found").asInt()).isEqualTo(2);
        assertThat(publish(valid("Кассир", "HR-3"), "?ignore_duplicates=yes").body())
                .isEqualTo("{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"ignore_duplicates\"}]}");
        ObjectNode elsewhere = valid("Кассир", "HR-3");
        elsewhere.putObject("area").put("id", "2");
        assertThat(publish(elsewhere, "").statusCode()).isEqualTo(201);
        // the configuration's vacancies are active ones in Москва too
        assertThat(HhTestClient.json(publish(valid("Кладовщик", null), "")).at("/errors/0/items/0/id").asLong())
                .isEqualTo(123457);
        assertThat(simulator.publicationsUsed()).isEqualTo(3);
    }

    @Test
    void publishingStopsWhenThePurchasedPublicationsAreUsed() throws Exception {
        try (HhSimulator poor = new HhSimulator(new HhSimulatorConfig().publications(1)).start()) {
            HhTestClient poorClient = new HhTestClient(poor);
            HttpResponse<String> first = poorClient.json("POST", "/vacancies", valid("Кассир", "1").toString());
            HttpResponse<String> second = poorClient.json("POST", "/vacancies", valid("Повар", "2").toString());

            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(second.statusCode()).isEqualTo(403);
            assertThat(second.body()).isEqualTo(
                    "{\"errors\":[{\"type\":\"vacancies\",\"value\":\"not_enough_purchased_services\"}]}");
            assertThat(poor.publicationsUsed()).isEqualTo(1);
        }
    }

    @Test
    void aLostAnswerLeavesThePublishedVacancyForTheRetryToMeetAsADuplicate() throws Exception {
        simulator.loseNextPublishAnswer();

        assertThatThrownBy(() -> publish(valid("Кассир", "HR-1"), "")).isInstanceOf(IOException.class);
        HttpResponse<String> retry = publish(valid("Кассир", "HR-1"), "");

        String first = simulator.publishedVacancies().get(0).id();
        assertThat(simulator.publicationsUsed()).isEqualTo(1);
        assertThat(retry.statusCode()).isEqualTo(403);
        assertThat(HhTestClient.json(retry).at("/errors/0/items/0/id").asText()).isEqualTo(first);
        assertThat(simulator.requests()).filteredOn(r -> r.is("POST", "/vacancies"))
                .extracting(r -> r.status()).containsExactly(-1, 403);
    }

    private HttpResponse<String> publish(ObjectNode body, String query) throws Exception {
        return client.json("POST", "/vacancies" + query, body.toString());
    }
}
