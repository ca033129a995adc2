package ru.rabota.bridge.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.rabota.bridge.jsonapi.ApiExamples.vk;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every response example of the VK Работа document, mapped as a route would see it. */
class VkExamplesTest {

    private static ObjectNode single(String example) {
        return JsonApi.page(vk(example)).first().orElseThrow();
    }

    private static String text(JsonNode record, String pointer) {
        return record.at(pointer).asText();
    }

    @Test
    void sessionTokenIsNoJsonApiDocumentAndMapsToNoRecords() {
        JsonNode answer = vk("session.json");

        assertThat(JsonApi.page(answer).records()).isEmpty();
        assertThat(answer.path("token").asText()).startsWith("eyJ0eXAiOiJKV1Qi");
    }

    @Test
    void jobsList() {
        List<ObjectNode> jobs = JsonApi.page(vk("jobs.json")).records();

        assertThat(jobs).extracting(job -> job.path("id").asText()).containsExactly("254", "270");
        assertThat(jobs.get(0).path("salary_from").isNull()).isTrue();
        assertThat(jobs.get(1).path("salary_to").asInt()).isEqualTo(50000);
        assertThat(text(jobs.get(1), "/current_publication_type")).isEqualTo("job_publish");
        assertThat(jobs.get(1).path("remote").isBoolean()).isTrue();
    }

    @Test
    void jobCreated() {
        ObjectNode job = single("job-create.json");

        assertThat(text(job, "/id")).isEqualTo("651");
        assertThat(text(job, "/type")).isEqualTo("job");
        assertThat(text(job, "/title")).isEqualTo("Тестовая вакансия");
        assertThat(text(job, "/current_publication_type")).isEqualTo("super_job_publish");
        assertThat(job.path("lat").asDouble()).isEqualTo(55.35);
    }

    @Test
    void jobUpdated() {
        ObjectNode job = single("job-update.json");

        assertThat(text(job, "/id")).isEqualTo("122");
        assertThat(text(job, "/title")).isEqualTo("Новая тестовая вакансия");
        assertThat(text(job, "/expires_at")).isEqualTo("2019-03-14T22:17:56.961+03:00");
    }

    @Test
    void singleJobAnsweredAsArrayIsOneRecord() {
        JsonApiPage page = JsonApi.page(vk("job-get.json"));

        assertThat(page.records()).hasSize(1);
        assertThat(text(page.first().orElseThrow(), "/id")).isEqualTo("254");
        assertThat(text(page.first().orElseThrow(), "/title")).isEqualTo("Первая тестовая вакансия");
    }

    @Test
    void categoriesKeepTheResourceIdOverTheAttributeId() {
        List<ObjectNode> categories = JsonApi.page(vk("categories.json")).records();

        assertThat(categories).hasSize(2);
        assertThat(text(categories.get(0), "/name")).isEqualTo("Общепит");
        // the example's second category says "id": "2" but attributes "id": 10; the JSON:API identity wins
        assertThat(categories.get(1).path("id").textValue()).isEqualTo("2");
        assertThat(categories.get(1).path("alternative_icon_image_url").isNull()).isTrue();
    }

    @Test
    void professionsAreAPlainList() {
        List<ObjectNode> professions = JsonApi.list(vk("professions.json"), "professions").records();

        assertThat(professions).hasSize(5);
        assertThat(professions.get(0).path("id").asInt()).isEqualTo(85);
        assertThat(text(professions.get(4), "/title")).isEqualTo("IT-специалист");
    }

    @Test
    void regionsAreAPlainList() {
        List<ObjectNode> regions = JsonApi.list(vk("regions.json"), "regions").records();

        assertThat(regions).extracting(region -> region.path("name").asText())
                .containsExactly("Вся Россия", "Москва", "Московская область");
        assertThat(text(regions.get(1), "/fias_id")).isEqualTo("0c5b2444-70a0-4932-980c-b4dc0d3f02b5");
    }

    @Test
    void cities() {
        List<ObjectNode> cities = JsonApi.page(vk("cities.json")).records();

        assertThat(cities).hasSize(2);
        assertThat(text(cities.get(1), "/id")).isEqualTo("191657470");
        assertThat(text(cities.get(1), "/name")).isEqualTo("Абакан");
        assertThat(cities.get(1).path("region_id").asInt()).isEqualTo(19);
    }

    @Test
    void nationalitiesWithLinks() {
        JsonApiPage page = JsonApi.page(vk("nationalities.json"));

        assertThat(page.records()).hasSize(12);
        assertThat(text(page.records().get(11), "/name")).isEqualTo("Другое");
        assertThat(page.links().path("last").asText()).endsWith("nationalities?page%5Bnumber%5D=1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "applications.json,             1,  298, reserved, 2017-10-11T20:57:43.411+03:00",
            "applications-job-id.json,      1,  199, reserved, 2017-10-11T20:57:43.411+03:00",
            "applications-status.json,      1,  298, reserved, 2017-10-11T20:57:43.411+03:00",
            "applications-created-from.json, 12, 298, reserved, 2019-03-07T20:57:43.411+03:00"})
    void applicationsCarryTheirCandidateWithExperiences(String example, String id, int jobId, String status, String createdAt) {
        ObjectNode application = JsonApi.page(vk(example)).records().get(0);

        assertThat(application.path("id").textValue()).isEqualTo(id);
        assertThat(application.path("job_id").asInt()).isEqualTo(jobId);
        assertThat(text(application, "/status")).isEqualTo(status);
        assertThat(text(application, "/created_at")).isEqualTo(createdAt);
        assertThat(text(application, "/candidate/id")).isEqualTo("889");
        assertThat(text(application, "/candidate/first_name")).isEqualTo("Иван");
        assertThat(text(application, "/candidate/phone")).isEqualTo("79995225324");
        assertThat(application.at("/candidate/experiences")).hasSize(2);
        assertThat(text(application, "/candidate/experiences/0/title")).isEqualTo("Первое место работы");
        assertThat(text(application, "/candidate/experiences/1/title")).isEqualTo("Второе место работы");
        assertThat(application.at("/candidate/experiences/0/profession").isNull()).isTrue();
        assertThat(application.at("/candidate/nationality").isNull()).isTrue();
        assertThat(application.at("/candidate/avatar").isNull()).isTrue();
    }

    @Test
    void applicationsSharingACandidateGetIndependentCopies() {
        List<ObjectNode> applications = JsonApi.page(vk("applications.json")).records();
        assertThat(text(applications.get(1), "/status")).isEqualTo("read");

        ((ObjectNode) applications.get(0).path("candidate")).remove("phone");
        ((ArrayNode) applications.get(0).at("/candidate/driving_license_categories")).add("B");

        assertThat(text(applications.get(1), "/candidate/phone")).isEqualTo("79995225324");
        assertThat(applications.get(1).at("/candidate/driving_license_categories")).isEmpty();
    }

    @Test
    void candidateWithVideoResumeNationalityAndProfession() {
        ObjectNode application = JsonApi.page(vk("applications-video-resume.json")).records().get(0);

        assertThat(text(application, "/candidate/first_name")).isEqualTo("Мария");
        assertThat(text(application, "/candidate/nationality/name")).isEqualTo("Российская Федерация");
        assertThat(text(application, "/candidate/nationality/id")).isEqualTo("1");
        assertThat(text(application, "/candidate/experiences/0/profession/title")).isEqualTo("Курьер");
        // a relationship this bundle does not know passes through, resolved like the others
        assertThat(text(application, "/candidate/video_resume/type")).isEqualTo("video_resume");
        assertThat(text(application, "/candidate/video_resume/url")).endsWith("/video_resume/55/video.mp4");
    }

    @Test
    void proceededApplication() {
        ObjectNode application = single("application-proceed.json");

        assertThat(text(application, "/status")).isEqualTo("invited");
        assertThat(text(application, "/candidate/last_name")).isEqualTo("Петров");
        assertThat(application.at("/candidate/experiences/0/current").asBoolean()).isTrue();
    }

    @Test
    void company() {
        ObjectNode company = single("company.json");

        assertThat(text(company, "/id")).isEqualTo("1");
        assertThat(text(company, "/balance")).isEqualTo("10000000.0");
        assertThat(company.path("otvas_views_limit").asInt()).isEqualTo(1);
        assertThat(company.path("otvas_expires_at").isNull()).isTrue();
    }

    @Test
    void vasTransactionsWithTotal() {
        JsonApiPage page = JsonApi.page(vk("vas-transactions.json"));

        assertThat(page.records()).hasSize(2);
        assertThat(page.meta().path("total").asInt()).isEqualTo(2);
        assertThat(text(page.records().get(0), "/applied_changes/0")).isEqualTo("Размещение вакансии: -1");
        assertThat(text(page.records().get(1), "/subscriptable_type")).isEqualTo("OTVAS");
    }

    @Test
    void highlightPaidActionEmbedsTheJobAndTheCompany() {
        JsonApiPage page = JsonApi.page(vk("paid-actions-job-highlight.json"));
        ObjectNode action = page.records().get(0);

        assertThat(text(action, "/status")).isEqualTo("success");
        assertThat(action.path("error_message").isNull()).isTrue();
        assertThat(text(action, "/origin/action")).isEqualTo("job_highlight");
        assertThat(text(action, "/job/id")).isEqualTo("1");
        assertThat(text(action, "/job/title")).isEqualTo("job_title_1");
        assertThat(action.at("/job/highlighted").asBoolean()).isTrue();
        // the job's profession is not in the answer: it stays a stub instead of failing
        assertThat(action.at("/job/profession")).isEqualTo(ApiExamples.json("{\"id\":\"1\",\"type\":\"profession\"}"));
        assertThat(text(page.meta(), "/company/balance")).isEqualTo("10000000.0");
        assertThat(text(page.meta(), "/company/type")).isEqualTo("company");
    }

    @Test
    void contactViewPaidActionEmbedsTheCandidateWithPhone() {
        JsonApiPage page = JsonApi.page(vk("paid-actions-contact-view.json"));
        ObjectNode action = page.records().get(0);

        assertThat(text(action, "/origin/action")).isEqualTo("contact_view");
        assertThat(action.at("/origin/price").asInt()).isEqualTo(1500);
        assertThat(action.path("job").isNull()).isTrue();
        assertThat(text(action, "/user/id")).isEqualTo("5657");
        assertThat(text(action, "/user/phone")).isEqualTo("75345345345");
        assertThat(text(action, "/user/city_name")).isEqualTo("Санкт-Петербург");
        assertThat(action.at("/user/experiences")).isEmpty();
        assertThat(text(action, "/user/nationality/id")).isEqualTo("1");
        assertThat(text(page.meta(), "/company/id")).isEqualTo("17282");
        assertThat(text(page.meta(), "/company/balance")).isEqualTo("67500.0");
        assertThat(text(page.meta(), "/company/wallet_id")).isEqualTo("W843633");
    }

    @Test
    void candidateSearchResolvesNationalityAndEmbeddedAvatar() {
        JsonApiPage page = JsonApi.page(vk("candidates-search.json"));
        ObjectNode candidate = page.records().get(0);

        assertThat(page.records()).hasSize(1);
        assertThat(text(candidate, "/id")).isEqualTo("29638");
        assertThat(text(candidate, "/type")).isEqualTo("candidate_search");
        assertThat(text(candidate, "/nationality/name")).isEqualTo("Российская Федерация");
        assertThat(text(candidate, "/avatar/id")).isEqualTo("5312");
        assertThat(text(candidate, "/avatar/small")).endsWith("closed_contact_96x96.png");
        assertThat(candidate.path("comment").isNull()).isTrue();
        assertThat(candidate.path("background").isNull()).isTrue();
        assertThat(candidate.path("professions")).isEmpty();
        assertThat(candidate.at("/certificates/skillbox").asBoolean()).isTrue();
        assertThat(candidate.path("driving_license_categories")).hasSize(16);
        assertThat(candidate.path("email_sendable?").asBoolean(true)).isFalse();
        assertThat(page.meta().path("total").asInt()).isEqualTo(3443);
    }

    @Test
    void candidatePhone() {
        ObjectNode user = single("candidate-phone.json");

        assertThat(text(user, "/id")).isEqualTo("31136");
        assertThat(text(user, "/type")).isEqualTo("user");
        assertThat(text(user, "/phone")).isEqualTo("79001111111");
        assertThat(user.at("/spent_counts/count_for_packets").asInt()).isEqualTo(1);
        assertThat(user.path("subscription").isNull()).isTrue();
    }

    @Test
    void backgroundUploadReportsAFailedImageWithoutId() {
        List<ObjectNode> images = JsonApi.page(vk("background-upload.json")).records();

        assertThat(text(images.get(0), "/id")).isEqualTo("4913");
        assertThat(images.get(0).path("errors")).isEmpty();
        assertThat(images.get(1).path("id").isNull()).isTrue();
        assertThat(images.get(1).path("assetable_id").asInt()).isEqualTo(39086);
        assertThat(text(images.get(1), "/errors/base/0")).startsWith("Размер обрезанного изображения");
    }

    @Test
    void backgroundDelete() {
        List<ObjectNode> images = JsonApi.page(vk("background-delete.json")).records();

        assertThat(images).extracting(image -> image.path("id").asText()).containsExactly("4904", "4905");
        assertThat(text(images.get(1), "/assetable_type")).isEqualTo("User");
    }

    @Test
    void packetsWithLimits() {
        JsonApiPage page = JsonApi.list(vk("packets.json"), "packets");
        ObjectNode packet = page.records().get(0);

        assertThat(page.records()).hasSize(1);
        assertThat(packet.path("id").asInt()).isEqualTo(151);
        assertThat(packet.path("free").isNull()).isTrue();
        assertThat(text(packet, "/current_step/limits/0/code")).isEqualTo("job_publish");
        assertThat(packet.at("/current_step/limits/0/left").asInt()).isEqualTo(10);
        assertThat(text(packet, "/last_step/prices/8/code")).isEqualTo("job_elevate_3d");
        assertThat(page.meta().path("paid_total").asInt()).isEqualTo(2);
    }

    @Test
    void categoriesBalance() {
        JsonNode answer = vk("packets-categories-balance.json");
        JsonApiPage page = JsonApi.list(answer, "items");

        assertThat(page.records()).hasSize(2);
        assertThat(page.records().get(0).at("/balance/0/bought").asInt()).isEqualTo(10);
        assertThat(text(page.records().get(1), "/job_category_uuid")).isEqualTo("38dca0fe-8ecb-4fbb-ac92-85a698b1ab04");
        assertThat(page.records().get(1).at("/balance/0/free").asInt()).isEqualTo(1);
        assertThat(page.meta().has("hidden_packet_expires_at")).isTrue();
        assertThat(answer.at("/last_view_access_group_packet/current_step/limits/5/left").asInt()).isEqualTo(249);
    }
}
