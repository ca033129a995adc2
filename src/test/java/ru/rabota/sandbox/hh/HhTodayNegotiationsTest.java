package ru.rabota.sandbox.hh;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Today's edition of the negotiations answers; paid access. */
class HhTodayNegotiationsTest extends HhSimulatorTestSupport {

    private static final String VACANCY = "123456";
    private static final String COLLECTIONS = "/negotiations?vacancy_id=" + VACANCY;
    private static final String NOT_PAID = "{\"errors\":[{\"type\":\"api_access_payment\",\"value\":\"action_must_be_payed\"}]}";

    @Test
    void collectionsWithCountersOrderTypesAndEmployerStates() throws Exception {
        HhNegotiation seen = simulator.addResponse(VACANCY, null);
        simulator.addResponse(VACANCY, null);
        client.getJson("/negotiations/" + seen.id());

        JsonNode answer = client.getJson(COLLECTIONS);
        JsonNode response = answer.get("collections").get(0);

        assertThat(answer.has("states")).isFalse();
        assertThat(answer.has("generated_collections")).isFalse();
        assertThat(answer.get("collections")).extracting(c -> c.get("id").asText()).containsExactly("response",
                "consider", "phone_interview", "interview", "offer", "hired", "discard_by_employer");
        assertThat(response.get("name").asText()).isEqualTo("Все неразобранные");
        assertThat(response.get("url").asText()).isEqualTo(simulator.baseUrl() + "/negotiations/response?vacancy_id="
                + VACANCY);
        assertThat(response.get("counters").toString()).isEqualTo("{\"with_updates\":1,\"total\":2}");
        assertThat(response.get("order_types")).extracting(o -> o.get("id").asText())
                .containsExactly("last_change_time_except_employer_inbox", "relevance");
        assertThat(answer.get("employer_states")).extracting(s -> s.get("id").asText())
                .contains("response", "interview", "discard_by_employer");
    }

    @Test
    void generatedCollectionsOnlyWhenAskedAndTheyRepeatRealOnes() throws Exception {
        HhNegotiation negotiation = simulator.addResponse(VACANCY, null);

        JsonNode asked = client.getJson(COLLECTIONS + "&with_generated_collections=true");
        JsonNode notAsked = client.getJson(COLLECTIONS + "&with_generated_collections=false");
        JsonNode generated = asked.get("generated_collections");
        JsonNode visitors = client.getJson(generated.get(0).get("url").asText());

        assertThat(notAsked.has("generated_collections")).isFalse();
        assertThat(generated).extracting(c -> c.get("id").asText())
                .containsExactly("vacancy_visitors", "relevant_responses");
        assertThat(visitors.get("items").get(0).get("id").asText()).isEqualTo(negotiation.id());
        assertThat(client.get(COLLECTIONS + "&with_generated_collections=yes").statusCode()).isEqualTo(400);
        assertThat(simulator.requests()).anyMatch(r -> r.path().equals("/negotiations/vacancy_visitors"));
    }

    @Test
    void generatedCollectionsAlwaysWhenForced() throws Exception {
        try (HhSimulator forced = new HhSimulator(new HhSimulatorConfig().generatedCollectionsAlways(true)).start()) {
            assertThat(new HhTestClient(forced).getJson(COLLECTIONS).get("generated_collections")).hasSize(2);
        }
    }

    @Test
    void itemsCarryEmployerStateAndTheActionsOfThatState() throws Exception {
        HhNegotiation negotiation = simulator.addResponse(VACANCY, HhResume.of("abc", "Иван", "Петров", "Кладовщик"));

        JsonNode page = client.getJson("/negotiations/response?vacancy_id=" + VACANCY);
        JsonNode item = page.get("items").get(0);
        JsonNode interview = action(item, "interview");

        assertThat(page.get("ordered_by").get("id").asText()).isEqualTo("last_change_time_except_employer_inbox");
        assertThat(item.get("state").toString()).isEqualTo("{\"id\":\"response\",\"name\":\"Отклик\"}");
        assertThat(item.get("employer_state").toString()).isEqualTo("{\"id\":\"response\",\"name\":\"Отклик\"}");
        assertThat(item.get("messages_url").asText()).endsWith("/negotiations/" + negotiation.id() + "/messages");
        assertThat(item.get("created_at").asText()).endsWith("+0300");
        assertThat(item.get("actions")).extracting(a -> a.get("id").asText())
                .containsExactly("consider", "phone_interview", "interview", "offer", "discard_by_employer");
        assertThat(interview.get("url").asText())
                .isEqualTo(simulator.baseUrl() + "/negotiations/interview/" + negotiation.id());
        assertThat(interview.get("method").asText()).isEqualTo("PUT");
        assertThat(interview.get("resulting_employer_state").get("id").asText()).isEqualTo("interview");
        assertThat(interview.get("arguments").get(0).toString())
                .isEqualTo("{\"id\":\"message\",\"required\":true,\"required_arguments\":[]}");
        assertThat(interview.get("arguments").get(1).get("required_arguments").toString())
                .isEqualTo("[{\"id\":\"message\"}]");
        assertThat(interview.get("templates").get(0).get("url").asText()).contains("topic_id=" + negotiation.id());
        assertThat(action(item, "offer").get("enabled").asBoolean()).isFalse();
        assertThat(action(item, "discard_by_employer").get("arguments").get(0).get("required").asBoolean()).isFalse();
        assertThat(client.get("/negotiations/response?vacancy_id=" + VACANCY + "&order_by=salary").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aTestsCollectionOf2015MeansTodaysCollection() {
        HhNegotiation negotiation = simulator.addNegotiation(VACANCY, "invited", "invitation", null);

        assertThat(negotiation.collection()).isEqualTo("interview");
        assertThat(negotiation.employerStateId()).isEqualTo("interview");
        assertThat(simulator.changeEmployerState(negotiation.id(), "offer").collection()).isEqualTo("offer");
    }

    @Test
    void singleNegotiationWithVacancyStatesAndActions() throws Exception {
        HhNegotiation negotiation = simulator.addNegotiation(VACANCY, "interview", "invitation", null);

        JsonNode answer = client.getJson("/negotiations/" + negotiation.id());

        assertThat(answer.has("url")).isFalse();
        assertThat(answer.get("vacancy").get("id").asText()).isEqualTo(VACANCY);
        assertThat(answer.get("vacancy").get("employer").get("id").asText()).isEqualTo("1455");
        assertThat(answer.get("employer_state").get("id").asText()).isEqualTo("interview");
        assertThat(answer.get("state").get("id").asText()).isEqualTo("invitation");
        assertThat(answer.get("actions")).extracting(a -> a.get("id").asText()).contains("offer", "hired");
        assertThat(simulator.negotiation(negotiation.id()).viewedByEmployer()).isTrue();
    }

    @Test
    void edition2015ItemsHaveStateOnly() throws Exception {
        try (HhSimulator old = new HhSimulator(new HhSimulatorConfig()
                .edition(HhSimulatorConfig.Edition.EDITION_2015)).start()) {
            HhNegotiation negotiation = old.addResponse(VACANCY, null);
            HhTestClient oldClient = new HhTestClient(old);

            JsonNode item = oldClient.getJson("/negotiations/inbox?vacancy_id=" + VACANCY).get("items").get(0);
            JsonNode collections = oldClient.getJson(COLLECTIONS + "&with_generated_collections=true");

            assertThat(negotiation.collection()).isEqualTo("inbox");
            assertThat(item.has("employer_state")).isFalse();
            assertThat(item.has("actions")).isFalse();
            assertThat(collections.has("collections")).isFalse();
            assertThat(collections.get("states")).hasSize(4);
        }
    }

    @Test
    void withoutPaidAccessEveryNegotiationMethodIsRefused() throws Exception {
        HhNegotiation negotiation = simulator.addResponse(VACANCY, null);
        simulator.setPaidAccess(false);

        for (String path : new String[] {COLLECTIONS, "/negotiations/response?vacancy_id=" + VACANCY,
                "/negotiations/" + negotiation.id()}) {
            HttpResponse<String> answer = client.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
            assertThat(answer.body()).isEqualTo(NOT_PAID);
        }
        HttpResponse<String> action = client.putForm("/negotiations/consider/" + negotiation.id(), "");
        assertThat(action.statusCode()).isEqualTo(403);
        assertThat(action.body()).isEqualTo(NOT_PAID);
        assertThat(client.get("/me").statusCode()).isEqualTo(200);

        simulator.setPaidAccess(true);
        assertThat(client.get(COLLECTIONS).statusCode()).isEqualTo(200);
        try (HhSimulator unpaid = new HhSimulator(new HhSimulatorConfig().paidAccess(false)).start()) {
            assertThat(new HhTestClient(unpaid).get(COLLECTIONS).body()).isEqualTo(NOT_PAID);
        }
    }

    static JsonNode action(JsonNode item, String id) {
        for (JsonNode action : item.get("actions")) {
            if (action.get("id").asText().equals(id)) {
                return action;
            }
        }
        throw new AssertionError("No action " + id + " in " + item);
    }
}
