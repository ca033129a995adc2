package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.applications.ApplicationEvent;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.applications.ApplicationState;
import ru.rabota.bridge.jsonapi.ApiExamples;

/** hh.ru list items as application snapshots, and the contract's event made of one. */
class HhApplicationsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aStatusChangeOfANegotiationWithoutResume() throws Exception {
        JsonNode items = MAPPER.readTree("""
                [{"id":"77","created_at":"2015-05-14T00:00:00+0300","state":{"id":"invitation"},"resume":null}]""");

        ApplicationSnapshot snapshot = HhApplications.snapshots(items, "123456", null, "invited", null).get(0);

        assertThat(snapshot.key()).isEqualTo("hh:77");
        assertThat(ApplicationState.of(snapshot, null, Instant.parse("2026-12-06T10:00:00Z")).toJson()).isEqualTo(
                "{\"status\":\"invitation\",\"job_id\":\"123456\",\"created_at\":\"2015-05-14T00:00:00+03:00\","
                        + "\"seen_at\":\"2026-12-06T10:00:00Z\"}");
        ApplicationState before = new ApplicationState("response", "123456", null, null, null);
        assertThat(ApplicationEvent.of(snapshot, before).toString())
                .isEqualTo("{\"event\":\"application.status_changed\",\"source\":\"hh\",\"application_id\":\"77\","
                        + "\"job_id\":\"123456\",\"external_job_id\":null,\"status\":\"invitation\","
                        + "\"previous_status\":\"response\",\"created_at\":\"2015-05-14T00:00:00+03:00\","
                        + "\"candidate\":null,\"candidate_state\":\"invitation\",\"collection\":\"invited\","
                        + "\"actions\":[]}");
    }

    @Test
    void todaysItemsAreKeptByTheEmployerStateWithTheCandidatesStateAndTheEnabledActions() {
        ObjectNode item = (ObjectNode) ApiExamples.hh("today/negotiations.json").path("items").path(0);
        item.withArray("actions").addObject().put("id", "discard").put("enabled", false);

        ApplicationSnapshot snapshot = HhApplications.snapshots(item.arrayNode().add(item), "123456", "HR-1", "response", null)
                .get(0);

        assertThat(snapshot.status()).isEqualTo("response");
        assertThat(snapshot.extra().toString()).isEqualTo(
                "{\"candidate_state\":\"response\",\"collection\":\"response\",\"actions\":[\"invitation\",\"hold\"]}");
        assertThat(snapshot.candidate().path("last_name").asText()).isEqualTo("Иванов");
    }

    @Test
    void aSingleNegotiationNamesItsVacancyAndNoCollectionAndWasSeenWhenAskedFor() {
        Instant asked = Instant.parse("2025-07-01T10:00:00Z");
        ApplicationSnapshot snapshot = HhApplications.single(ApiExamples.hh("negotiation.json"), id -> "HR-" + id,
                asked);

        assertThat(snapshot.jobId()).isEqualTo("123456");
        assertThat(snapshot.externalJobId()).isEqualTo("HR-123456");
        assertThat(snapshot.extra().path("collection").isNull()).isTrue();
        assertThat(snapshot.seenAt()).isEqualTo(asked);
        assertThat(HhApplications.single(MAPPER.createObjectNode().put("id", "1"), id -> null, asked)).isNull();
    }

    @Test
    void theResumeIsTheCandidateAndNegotiationsWithoutIdOrStateAreSkipped() throws Exception {
        JsonNode items = MAPPER.readTree("""
                [{"id":"1","state":{"id":"response"},"resume":{"id":"r1","first_name":"Иван"}},
                 {"state":{"id":"response"}},
                 {"id":"3","state":{}},
                 {"id":"4","state":{"id":"discard"}}]""");

        assertThat(HhApplications.snapshots(items, "123456", null, "inbox", null))
                .extracting(ApplicationSnapshot::applicationId, ApplicationSnapshot::status,
                        s -> s.candidate() == null ? null : s.candidate().path("first_name").asText())
                .containsExactly(tuple("1", "response", "Иван"),
                        tuple("4", "discard", null));
    }

    @Test
    void hhTimesBecomeIsoTimes() {
        assertThat(HhApplications.isoTime("2015-05-14T00:00:00+0300")).isEqualTo("2015-05-14T00:00:00+03:00");
        assertThat(HhApplications.isoTime("yesterday")).isEqualTo("yesterday");
        assertThat(HhApplications.isoTime(null)).isNull();
    }
}
