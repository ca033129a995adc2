package ru.rabota.bridge.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.rabota.bridge.jsonapi.ApiExamples.hh;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.hh.HhPaging;

/** The hh.ru negotiations examples: plain JSON, read with {@link JsonApi#list} and {@link HhPaging}. */
class HhExamplesTest {

    @Test
    void collectionsNameTheUrlsToFollow() {
        List<ObjectNode> states = JsonApi.list(hh("collections.json"), "states").records();

        assertThat(states).extracting(state -> state.path("id").asText()).containsExactly("inbox", "invited");
        assertThat(states.get(1).path("url").asText()).isEqualTo("https://api.hh.ru/negotiations/invited?vacancy_id=123456");
    }

    @Test
    void negotiationsListIsTheOnlyPage() {
        JsonNode answer = hh("negotiations.json");
        ObjectNode negotiation = JsonApi.list(answer, "items").records().get(0);

        assertThat(negotiation.path("id").asText()).isEqualTo("123456789");
        assertThat(negotiation.at("/state/id").asText()).isEqualTo("invitation");
        assertThat(negotiation.at("/resume/first_name").asText()).isEqualTo("Иван");
        assertThat(negotiation.at("/resume/experience/0/company").asText()).isEqualTo("Рога и копыта");
        assertThat(answer.path("found").asInt()).isEqualTo(12);
        assertThat(HhPaging.hasNext(answer, answer.path("page").asInt())).isFalse();
    }

    @Test
    void listWithDeletedResumeHasASecondPage() {
        JsonNode answer = hh("negotiations-resume-null.json");
        List<ObjectNode> negotiations = JsonApi.list(answer, "items").records();

        assertThat(negotiations).hasSize(2);
        assertThat(negotiations.get(0).at("/resume/last_name").asText()).isEqualTo("Смирнов");
        assertThat(negotiations.get(1).path("resume").isNull()).isTrue();
        assertThat(HhPaging.hasNext(answer, answer.path("page").asInt())).isTrue();
    }

    @Test
    void singleNegotiationCarriesTheVacancy() {
        JsonNode negotiation = hh("negotiation.json");

        assertThat(negotiation.at("/resume/last_name").asText()).isEqualTo("Иванов");
        assertThat(negotiation.at("/vacancy/id").asText()).isEqualTo("123456");
        assertThat(negotiation.at("/vacancy/name").asText()).isEqualTo("Менеджер");
        assertThat(negotiation.at("/vacancy/salary").isNull()).isTrue();
    }
}
