package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VkApplicationsTest extends VkSimulatorTestSupport {

    private VkJob job;
    private VkJob other;
    private VkCandidate ivan;

    /**
     * Five applications: Иван (with two experiences and a nationality) to two jobs, three others; one created
     * exactly at 2019-03-01 00:00 Moscow time.
     */
    @BeforeEach
    void applications() {
        job = sim.state().addJob("Курьер", "HR-1");
        other = sim.state().addJob("Продавец", "HR-2");
        ivan = sim.state().addCandidate(VkCandidate.builder().nationalityId(1)
                .experience("Первое место работы", "Чем-то там занимался", null, true, 85)
                .experience("Второе место работы", "Чем-то и на нем занимался", 12, false, null));
        add(job, ivan, "reserved", "2019-02-27T10:00:00Z");
        add(other, ivan, "read", "2019-02-28T10:00:00Z");
        add(job, candidate("Анна"), "improper", "2019-02-28T21:00:00Z");
        add(job, candidate("Олег"), "unread", "2019-03-05T10:00:00Z");
        add(other, candidate("Юлия"), "invited", "2019-03-07T17:57:43.411Z");
    }

    private VkCandidate candidate(String name) {
        return sim.state().addCandidate(VkCandidate.builder().name(name, "Смирнов").phone("79990000000"));
    }

    private void add(VkJob to, VkCandidate from, String status, String createdAt) {
        sim.state().addApplication(to.id(), from.id(), status, Instant.parse(createdAt));
    }

    private static List<Long> applicationIds(Answer answer) {
        return answer.body().path("data").findParents("recruiter_id").stream()
                .map(attributes -> attributes.path("id").asLong()).toList();
    }

    @Test
    void pagesOfTwoWalkAllFiveOldestFirst() throws Exception {
        Answer first = get("/applications?page%5Bnumber%5D=1&page%5Bsize%5D=2");
        Answer second = get("/applications?page%5Bnumber%5D=2&page%5Bsize%5D=2");
        Answer third = get("/applications?page%5Bnumber%5D=3&page%5Bsize%5D=2");
        Answer beyond = get("/applications?page%5Bnumber%5D=4&page%5Bsize%5D=2");

        assertThat(applicationIds(first)).containsExactly(1L, 2L);
        assertThat(applicationIds(second)).containsExactly(3L, 4L);
        assertThat(applicationIds(third)).containsExactly(5L);
        assertThat(beyond.body().path("data")).isEmpty();
        assertThat(beyond.body().path("included")).isEmpty();
        assertThat(first.body().has("meta")).isFalse();
        assertThat(first.body().has("links")).isFalse();
    }

    @Test
    void anApplicationHasTheDocumentsShape() throws Exception {
        JsonNode application = get("/applications?page%5Bsize%5D=1").body().path("data").path(0);

        assertThat(application.path("id").asText()).isEqualTo("1");
        assertThat(application.path("type").asText()).isEqualTo("application");
        JsonNode attributes = application.path("attributes");
        assertThat(attributes.path("id").asLong()).isEqualTo(1);
        assertThat(attributes.path("recruiter_id").asLong()).isEqualTo(888);
        assertThat(attributes.path("job_id").asLong()).isEqualTo(job.id());
        assertThat(attributes.path("status").asText()).isEqualTo("reserved");
        assertThat(attributes.path("created_at").asText()).isEqualTo("2019-02-27T13:00:00.000+03:00");
        assertThat(application.at("/relationships/candidate/data/id").asText()).isEqualTo(Long.toString(ivan.id()));
        assertThat(application.at("/relationships/candidate/data/type").asText()).isEqualTo("candidate");
    }

    @Test
    void includedCarriesTheCandidateOnceWithExperiencesAndNationality() throws Exception {
        JsonNode included = get("/applications?page%5Bsize%5D=2").body().path("included");

        assertThat(included).extracting(node -> node.path("type").asText() + ":" + node.path("id").asText())
                .containsExactly("candidate:" + ivan.id(), "experience:360", "experience:361", "profession:85",
                        "nationality:1");
        JsonNode candidate = included.path(0);
        assertThat(candidate.at("/attributes/first_name").asText()).isEqualTo("Иван");
        assertThat(candidate.at("/attributes/phone").asText()).isEqualTo("79995225324");
        assertThat(candidate.at("/attributes/last_online_time").asText())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0300");
        assertThat(candidate.at("/attributes/driving_license_categories").isArray()).isTrue();
        assertThat(candidate.at("/relationships/avatar/data").isNull()).isTrue();
        assertThat(candidate.at("/relationships/experiences/data")).extracting(e -> e.path("id").asText())
                .containsExactly("360", "361");
        assertThat(candidate.at("/relationships/nationality/data/id").asText()).isEqualTo("1");
        assertThat(candidate.at("/relationships").has("video_resume")).isFalse();
        JsonNode experience = included.path(1);
        assertThat(experience.at("/attributes/title").asText()).isEqualTo("Первое место работы");
        assertThat(experience.at("/attributes/current").asBoolean()).isTrue();
        assertThat(experience.at("/relationships/profession/data/id").asText()).isEqualTo("85");
        assertThat(included.path(2).at("/relationships/profession/data").isNull()).isTrue();
        assertThat(included.path(4).at("/attributes/name").asText()).isEqualTo("Российская Федерация");
    }

    @Test
    void statusFiltersTakeOneOrSeveral() throws Exception {
        Answer several = get("/applications?status%5B%5D=reserved&status%5B%5D=improper");
        Answer one = get("/applications?status=read");
        Answer unknown = get("/applications?status%5B%5D=hired");

        assertThat(applicationIds(several)).containsExactly(1L, 3L);
        assertThat(applicationIds(one)).containsExactly(2L);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.detail()).isEqualTo("Неизвестный статус");
    }

    @Test
    void createdFromIsMoscowTimeInclusiveInTheDocumentsFormatOrIso() throws Exception {
        Answer documentFormat = get("/applications?created_from=2019-03-01+00%3A00%3A00");
        Answer iso = get("/applications?created_from=2019-03-05T13:00:00%2B03:00");
        Answer garbage = get("/applications?created_from=yesterday");

        assertThat(applicationIds(documentFormat)).containsExactly(3L, 4L, 5L);
        assertThat(applicationIds(iso)).containsExactly(4L, 5L);
        assertThat(garbage.status()).isEqualTo(422);
    }

    @Test
    void filtersCombineWithJobIdAndPaging() throws Exception {
        Answer answer = get("/applications?job_id=" + job.id() + "&status%5B%5D=improper&status%5B%5D=unread"
                + "&page%5Bnumber%5D=2&page%5Bsize%5D=1");

        assertThat(applicationIds(answer)).containsExactly(4L);
        assertThat(applicationIds(get("/applications?job_id=" + other.id()))).containsExactly(2L, 5L);
        assertThat(get("/applications?job_id=424242").body().path("data")).isEmpty();
    }

    @Test
    void proceedChangesTheStatusAndAnswersTheApplication() throws Exception {
        Answer answer = post("/applications/1/proceed", "{\"application\":{\"status\": \"invited\"}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/data/id").asText()).isEqualTo("1");
        assertThat(answer.body().at("/data/attributes/status").asText()).isEqualTo("invited");
        assertThat(answer.body().at("/data/attributes/created_at").asText()).isEqualTo("2019-02-27T13:00:00.000+03:00");
        assertThat(answer.body().at("/included/0/attributes/first_name").asText()).isEqualTo("Иван");
        assertThat(sim.state().application(1).orElseThrow().status()).isEqualTo("invited");
    }

    @Test
    void proceedRefusesUnknownStatusesAndApplications() throws Exception {
        Answer unknownStatus = post("/applications/1/proceed", "{\"application\": { \"status\": \"not_exists\" }}");
        Answer noStatus = post("/applications/1/proceed", "{}");
        Answer unknownApplication = post("/applications/999/proceed", "{\"application\":{\"status\": \"invited\"}}");

        assertThat(unknownStatus.status()).isEqualTo(422);
        assertThat(unknownStatus.raw().body()).isEqualTo("{\"errors\":[{\"detail\":\"Неизвестный статус\"}]}");
        assertThat(noStatus.status()).isEqualTo(422);
        assertThat(unknownApplication.status()).isEqualTo(404);
        assertThat(unknownApplication.detail()).isEqualTo("Отклик не найден");
        assertThat(sim.state().application(1).orElseThrow().status()).isEqualTo("reserved");
    }

    @Test
    void closingAJobClosesItsUnreadApplications() throws Exception {
        post("/jobs/" + job.id() + "/close", "");

        assertThat(sim.state().application(4).orElseThrow().status()).isEqualTo("closed");
        assertThat(sim.state().application(1).orElseThrow().status()).isEqualTo("reserved");
    }
}
