package ru.rabota.sandbox.vk;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The variants the document allows, each switched on in the configuration. */
class VkQuirksTest extends VkSimulatorTestSupport {

    private static List<Long> applicationIds(Answer answer) {
        return answer.body().path("data").findParents("recruiter_id").stream()
                .map(attributes -> attributes.path("id").asLong()).toList();
    }

    @Test
    void getJobCanAnswerAnArrayAsTheDocumentPrintsIt() throws Exception {
        restart(new VkSimulatorConfig().jobArrayOnGet(true));
        long id = createJob("HR-Q");

        Answer answer = get("/jobs/" + id);

        assertThat(answer.body().path("data").isArray()).isTrue();
        assertThat(answer.body().at("/data/0/attributes/external_id").asText()).isEqualTo("HR-Q");
    }

    @Test
    void newestFirstShiftsPagesWhenApplicationsArrive() throws Exception {
        restart(new VkSimulatorConfig().applicationsOrder(VkSimulatorConfig.ApplicationsOrder.NEWEST_FIRST));
        sim.seedApplications(4);

        Answer first = get("/applications?page%5Bnumber%5D=1&page%5Bsize%5D=2");
        sim.seedApplications(1);
        Answer second = get("/applications?page%5Bnumber%5D=2&page%5Bsize%5D=2");

        assertThat(applicationIds(first)).containsExactly(4L, 3L);
        assertThat(applicationIds(second)).containsExactly(3L, 2L);
    }

    @Test
    void candidatesCanCarryAVideoResumeRelationship() throws Exception {
        restart(new VkSimulatorConfig().videoResumeRelationship(true));
        sim.seedApplications(1);

        Answer answer = get("/applications");

        assertThat(answer.body().at("/included/0/relationships").has("video_resume")).isTrue();
    }

    @Test
    void pageSizesAboveFiftyAreCappedByDefaultOrRefused() throws Exception {
        sim.seedApplications(60);
        Answer capped = get("/applications?page%5Bsize%5D=100");

        restart(new VkSimulatorConfig().pageSizePolicy(VkSimulatorConfig.PageSizePolicy.REJECT));
        Answer refused = get("/applications?page%5Bsize%5D=100");

        assertThat(capped.body().path("data")).hasSize(50);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.detail()).isEqualTo("Параметр page[size] не может быть больше 50");
    }
}
