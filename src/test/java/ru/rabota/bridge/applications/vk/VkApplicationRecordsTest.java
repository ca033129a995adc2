package ru.rabota.bridge.applications.vk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.applications.ApplicationEvent;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.applications.ApplicationState;
import ru.rabota.bridge.jsonapi.ApiExamples;
import ru.rabota.bridge.jsonapi.JsonApi;

import static org.assertj.core.api.Assertions.assertThat;

/** The document's application examples as the events they become. */
class VkApplicationRecordsTest {

    private static List<ApplicationSnapshot> snapshots(String example, Map<String, String> externalJobIds) {
        return JsonApi.page(ApiExamples.vk(example)).records().stream()
                .map(record -> VkApplicationRecords.snapshot(record, externalJobIds, null)).toList();
    }

    @Test
    void listExampleBecomesCreatedEventsWithTheSharedCandidateAndItsExperiences() {
        List<ApplicationSnapshot> applications = snapshots("applications.json", Map.of("298", "HR-1001"));

        JsonNode first = ApplicationEvent.of(applications.get(0), null);
        assertThat(applications.get(0).key()).isEqualTo("vkrabota:1");
        assertThat(first.path("event").asText()).isEqualTo("application.created");
        assertThat(first.path("application_id").asText()).isEqualTo("1");
        assertThat(first.path("job_id").asText()).isEqualTo("298");
        assertThat(first.path("external_job_id").asText()).isEqualTo("HR-1001");
        assertThat(first.path("status").asText()).isEqualTo("reserved");
        assertThat(first.path("created_at").asText()).isEqualTo("2017-10-11T20:57:43.411+03:00");
        assertThat(first.at("/candidate/phone").asText()).isEqualTo("79995225324");
        assertThat(first.at("/candidate/accept_calls").isBoolean()).isTrue();
        assertThat(first.at("/candidate/experiences/1/title").asText()).isEqualTo("Второе место работы");
        assertThat(first.at("/candidate/experiences/0/profession").isNull()).isTrue();
        assertThat(first.at("/candidate/nationality").isNull()).isTrue();
        JsonNode second = ApplicationEvent.of(applications.get(1),
                new ApplicationState("unread", "648", null, null, null));
        assertThat(second.path("event").asText()).isEqualTo("application.status_changed");
        assertThat(second.path("previous_status").asText()).isEqualTo("unread");
        assertThat(second.path("external_job_id").isNull()).isTrue();
        assertThat(second.at("/candidate/first_name").asText()).isEqualTo("Иван");
    }

    @Test
    void everyRelationshipOfTheCandidateIsResolvedAndAnUnknownOnePassesThrough() {
        JsonNode event = ApplicationEvent.of(snapshots("applications-video-resume.json", Map.of()).get(0), null);

        assertThat(event.at("/candidate/nationality/name").asText()).isEqualTo("Российская Федерация");
        assertThat(event.at("/candidate/experiences/0/profession/title").asText()).isEqualTo("Курьер");
        assertThat(event.at("/candidate/video_resume/url").asText()).endsWith("/video_resume/55/video.mp4");
        assertThat(event.at("/candidate/video_resume/duration").asInt()).isEqualTo(42);
        assertThat(event.at("/candidate/driving_license_categories/0").asText()).isEqualTo("B");
    }
}
