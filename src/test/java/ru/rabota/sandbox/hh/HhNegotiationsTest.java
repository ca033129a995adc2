package ru.rabota.sandbox.hh;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.sandbox.http.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

class HhNegotiationsTest extends HhSimulatorTestSupport {

    private static final String VACANCY = "123456";

    @Override
    HhSimulatorConfig config() {
        return new HhSimulatorConfig().edition(EDITION_2015).seed(3);
    }

    @Test
    void collectionsPointAtThisHostWithRussianNames() throws Exception {
        JsonNode states = client.getJson("/negotiations?vacancy_id=" + VACANCY).get("states");

        assertThat(states).extracting(s -> s.get("id").asText())
                .containsExactly("inbox", "hold", "invited", "discarded");
        assertThat(states).extracting(s -> s.get("name").asText())
                .containsExactly("Неразобранные", "Подумать", "Приглашенные", "Отклоненные");
        assertThat(states.get(2).get("url").asText())
                .isEqualTo(simulator.baseUrl() + "/negotiations/invited?vacancy_id=" + VACANCY);
        assertThat(simulator.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void collectionsNeedAKnownVacancy() throws Exception {
        HttpResponse<String> missing = client.get("/negotiations");
        HttpResponse<String> unknown = client.get("/negotiations?vacancy_id=999");
        HttpResponse<String> listMissing = client.get("/negotiations/inbox");
        HttpResponse<String> listUnknown = client.get("/negotiations/inbox?vacancy_id=999");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"vacancy_id\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"errors\":[{\"type\":\"not_found\"}]}");
        assertThat(listMissing.statusCode()).isEqualTo(400);
        assertThat(listUnknown.statusCode()).isEqualTo(404);
    }

    @Test
    void anExtraCollectionIsListedOnceANegotiationIsInIt() throws Exception {
        simulator.addNegotiation(VACANCY, "interview", "interview", null);

        JsonNode states = client.getJson("/negotiations?vacancy_id=" + VACANCY).get("states");
        JsonNode items = client.getJson(states.get(4).get("url").asText()).get("items");

        assertThat(states).extracting(s -> s.get("id").asText()).endsWith("interview");
        assertThat(items.get(0).get("state").get("name").asText()).isEqualTo("Собеседование");
    }

    @Test
    void foreignHostCollectionWhenConfigured() throws Exception {
        try (HhSimulator foreign = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).foreignHostCollections("hold")).start()) {
            JsonNode states = new HhTestClient(foreign).getJson("/negotiations?vacancy_id=" + VACANCY).get("states");

            assertThat(states.get(1).get("url").asText())
                    .isEqualTo("https://evil.example.com/negotiations/hold?vacancy_id=" + VACANCY);
            assertThat(states.get(0).get("url").asText()).startsWith(foreign.baseUrl() + "/");
        }
    }

    @Test
    void pagesFromZeroWithEveryNegotiationOnce() throws Exception {
        List<String> added = IntStream.range(0, 120)
                .mapToObj(i -> simulator.addNegotiation(VACANCY, "inbox", "response", resume(i)).id())
                .toList();

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        JsonNode first = null;
        for (int page = 0; page < 3; page++) {
            JsonNode answer = client.getJson("/negotiations/inbox?vacancy_id=" + VACANCY + "&page=" + page
                    + "&per_page=50");
            first = first == null ? answer : first;
            answer.get("items").forEach(item -> seen.add(item.get("id").asText()));
            sizes.add(answer.get("items").size());
            assertThat(answer.get("page").asInt()).isEqualTo(page);
        }

        assertThat(first.get("found").asInt()).isEqualTo(120);
        assertThat(first.get("pages").asInt()).isEqualTo(3);
        assertThat(first.get("per_page").asInt()).isEqualTo(50);
        assertThat(sizes).containsExactly(50, 50, 20);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(added);
        assertThat(client.getJson("/negotiations/inbox?vacancy_id=" + VACANCY + "&page=3&per_page=50")
                .get("items")).isEmpty();
    }

    @Test
    void perPageDefaultsTo20AndAbove50IsRefused() throws Exception {
        IntStream.range(0, 25).forEach(i -> simulator.addNegotiation(VACANCY, "inbox", "response", null));

        JsonNode byDefault = client.getJson("/negotiations/inbox?vacancy_id=" + VACANCY);
        HttpResponse<String> tooMany = client.get("/negotiations/inbox?vacancy_id=" + VACANCY + "&per_page=51");
        HttpResponse<String> negativePage = client.get("/negotiations/inbox?vacancy_id=" + VACANCY + "&page=-1");

        assertThat(byDefault.get("per_page").asInt()).isEqualTo(20);
        assertThat(byDefault.get("pages").asInt()).isEqualTo(2);
        assertThat(byDefault.get("items")).hasSize(20);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).isEqualTo("{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"per_page\"}]}");
        assertThat(negativePage.statusCode()).isEqualTo(400);
    }

    @Test
    void perPageAbove50IsCappedWhenConfigured() throws Exception {
        try (HhSimulator capping = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)
                .perPageOverLimit(HhSimulatorConfig.PerPageOverLimit.CAP)).start()) {
            IntStream.range(0, 60).forEach(i -> capping.addNegotiation(VACANCY, "inbox", "response", null));

            JsonNode answer = new HhTestClient(capping).getJson("/negotiations/inbox?vacancy_id=" + VACANCY
                    + "&per_page=100");

            assertThat(answer.get("per_page").asInt()).isEqualTo(50);
            assertThat(answer.get("pages").asInt()).isEqualTo(2);
            assertThat(answer.get("items")).hasSize(50);
        }
    }

    @Test
    void emptyCollectionHasOnePage() throws Exception {
        JsonNode answer = client.getJson("/negotiations/discarded?vacancy_id=" + VACANCY);

        assertThat(answer.toString())
                .isEqualTo("{\"found\":0,\"pages\":1,\"page\":0,\"per_page\":20,\"items\":[]}");
    }

    @Test
    void itemHasTheDocumentedShapeAndResumeMayBeNull() throws Exception {
        HhNegotiation hidden = simulator.addNegotiation(VACANCY, "inbox", "response", null);
        HhNegotiation shown = simulator.addNegotiation(VACANCY, "inbox", "response",
                HhResume.of("0123456789abcdef", "Иван", "Иванов", "Начинающий специалист"));

        JsonNode items = client.getJson("/negotiations/inbox?vacancy_id=" + VACANCY).get("items");
        JsonNode newest = items.get(0);

        assertThat(items).extracting(i -> i.get("id").asText()).containsExactly(shown.id(), hidden.id());
        assertThat(fieldNames(newest)).containsExactly("id", "created_at", "updated_at", "has_updates", "state",
                "url", "viewed_by_opponent", "resume");
        assertThat(newest.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0300");
        assertThat(newest.get("state").toString()).isEqualTo("{\"id\":\"response\",\"name\":\"Отклик\"}");
        assertThat(newest.get("url").asText()).isEqualTo(simulator.baseUrl() + "/negotiations/" + shown.id());
        assertThat(newest.get("has_updates").asBoolean()).isTrue();
        assertThat(fieldNames(newest.get("resume"))).containsExactly("id", "title", "url", "first_name", "last_name",
                "middle_name", "age", "alternate_url", "created_at", "updated_at", "area", "certificate",
                "education", "experience", "gender", "salary");
        assertThat(newest.get("resume").get("first_name").asText()).isEqualTo("Иван");
        assertThat(items.get(1).has("resume")).isTrue();
        assertThat(items.get(1).get("resume").isNull()).isTrue();
    }

    @Test
    void movedNegotiationLeavesItsCollection() throws Exception {
        HhNegotiation negotiation = simulator.addNegotiation(VACANCY, "inbox", "response", resume(1));

        simulator.moveNegotiation(negotiation.id(), "invited", "invitation");

        assertThat(client.getJson("/negotiations/inbox?vacancy_id=" + VACANCY).get("found").asInt()).isZero();
        JsonNode invited = client.getJson("/negotiations/invited?vacancy_id=" + VACANCY).get("items").get(0);
        assertThat(invited.get("id").asText()).isEqualTo(negotiation.id());
        assertThat(invited.get("state").get("id").asText()).isEqualTo("invitation");
    }

    @Test
    void singleNegotiationCarriesTheVacancyAndMarksItViewed() throws Exception {
        HhNegotiation negotiation = simulator.addNegotiation("123457", "hold", "response", resume(7));
        client.getJson("/negotiations/hold?vacancy_id=123457");
        boolean viewedByListing = simulator.negotiation(negotiation.id()).viewedByEmployer();

        JsonNode answer = client.getJson("/negotiations/" + negotiation.id());
        HttpResponse<String> unknown = client.get("/negotiations/42");

        assertThat(viewedByListing).isFalse();
        assertThat(answer.get("id").asText()).isEqualTo(negotiation.id());
        assertThat(answer.has("url")).isFalse();
        assertThat(answer.get("vacancy").get("id").asText()).isEqualTo("123457");
        assertThat(answer.get("vacancy").get("name").asText()).isEqualTo("Кладовщик");
        assertThat(answer.get("vacancy").get("url").asText())
                .isEqualTo(simulator.baseUrl() + "/vacancies/123457?host=hh.ru");
        assertThat(simulator.negotiation(negotiation.id()).viewedByEmployer()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void queuedFaultComesBeforeTheAnswer() throws Exception {
        simulator.faults().failNext(1, 503);

        HttpResponse<String> failed = client.get("/negotiations?vacancy_id=" + VACANCY);
        HttpResponse<String> next = client.get("/negotiations?vacancy_id=" + VACANCY);

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void everyRequestIsRecorded() throws Exception {
        client.get("/negotiations/inbox?vacancy_id=" + VACANCY + "&page=0&per_page=50");

        RecordedRequest request = simulator.requests().get(0);
        assertThat(request.is("GET", "/negotiations/inbox")).isTrue();
        assertThat(request.param("vacancy_id")).isEqualTo(VACANCY);
        assertThat(request.param("per_page")).isEqualTo("50");
        assertThat(request.header("User-Agent")).isEqualTo(HhTestClient.AGENT);
        assertThat(request.status()).isEqualTo(200);

        simulator.clearRequests();
        assertThat(simulator.requests()).isEmpty();
    }

    private static HhResume resume(int i) {
        return HhResume.of("resume" + i, "Имя" + i, "Фамилия" + i, "Должность");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
