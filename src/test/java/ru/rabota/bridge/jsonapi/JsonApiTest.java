package ru.rabota.bridge.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.rabota.bridge.jsonapi.ApiExamples.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Resolution rules the documents' examples do not exercise. */
class JsonApiTest {

    @Test
    void referenceMissingFromIncludedBecomesAStub() {
        ObjectNode application = JsonApi.page(json("""
                {"data": {"id": "5", "type": "application", "attributes": {"status": "unread"},
                  "relationships": {"candidate": {"data": {"id": "900", "type": "candidate"}}}}}
                """)).first().orElseThrow();

        assertThat(application.path("candidate")).isEqualTo(json("{\"id\": \"900\", \"type\": \"candidate\"}"));
    }

    @Test
    void cycleEndsInAStubInsteadOfRecursingForever() {
        ObjectNode candidate = JsonApi.page(json("""
                {"data": {"id": "1", "type": "candidate", "attributes": {"first_name": "Иван"},
                  "relationships": {"referrer": {"data": {"id": "2", "type": "candidate"}}}},
                 "included": [{"id": "2", "type": "candidate", "attributes": {"first_name": "Олег"},
                  "relationships": {"referrer": {"data": {"id": "1", "type": "candidate"}},
                                    "self": {"data": {"id": "2", "type": "candidate"}}}}]}
                """)).first().orElseThrow();

        assertThat(candidate.at("/referrer/first_name").asText()).isEqualTo("Олег");
        assertThat(candidate.at("/referrer/referrer")).isEqualTo(json("{\"id\": \"1\", \"type\": \"candidate\"}"));
        assertThat(candidate.at("/referrer/self")).isEqualTo(json("{\"id\": \"2\", \"type\": \"candidate\"}"));
    }

    @Test
    void sameResourceTwiceInOneRecordIsNoCycle() {
        ObjectNode job = JsonApi.page(json("""
                {"data": {"id": "3", "type": "job",
                  "relationships": {"profession": {"data": {"id": "94", "type": "profession"}},
                                    "similar": {"data": [{"id": "94", "type": "profession"}]}}},
                 "included": [{"id": "94", "type": "profession", "attributes": {"title": "Курьер"}}]}
                """)).first().orElseThrow();

        assertThat(job.at("/profession/title").asText()).isEqualTo("Курьер");
        assertThat(job.at("/similar/0/title").asText()).isEqualTo("Курьер");
    }

    @Test
    void relationshipWithoutDataAndUnknownAttributesPassThrough() {
        ObjectNode job = JsonApi.page(json("""
                {"data": [{"id": "3", "type": "job", "attributes": {"new_flag": {"nested": [1, 2]}},
                  "relationships": {"owner": {"links": {"related": "/jobs/3/owner"}}}}]}
                """)).first().orElseThrow();

        assertThat(job.at("/new_flag/nested/1").asInt()).isEqualTo(2);
        assertThat(job.at("/owner/links/related").asText()).isEqualTo("/jobs/3/owner");
    }

    @Test
    void embeddedDocumentDeeperInAttributesBecomesARecord() {
        ObjectNode action = JsonApi.page(json("""
                {"data": {"id": "0", "type": "paid_action",
                  "attributes": {"origin": {"action": "job_refresh", "target": {"data": {"id": "1", "type": "job",
                                 "attributes": {"title": "Курьер"}}}},
                                 "history": [{"data": [{"id": "2", "type": "job", "attributes": {"title": "Повар"}}]}]}}}
                """)).first().orElseThrow();

        assertThat(action.at("/origin/action").asText()).isEqualTo("job_refresh");
        assertThat(action.at("/origin/target/title").asText()).isEqualTo("Курьер");
        assertThat(action.at("/history/0/0/title").asText()).isEqualTo("Повар");
    }

    @Test
    void nullDataIsAnEmptyPage() {
        JsonApiPage page = JsonApi.page(json("{\"data\": null, \"meta\": {\"total\": 0}}"));

        assertThat(page.records()).isEmpty();
        assertThat(page.first()).isEmpty();
        assertThat(page.meta().path("total").asInt(-1)).isZero();
        assertThat(page.links()).isEmpty();
    }

    @Test
    void malformedAnswersAreRejected() {
        assertThatThrownBy(() -> JsonApi.page(json("{\"data\": [\"254\"]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> JsonApi.list(json("{\"regions\": {\"name\": \"Москва\"}}"), "regions"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'regions' is not an array");
        assertThatThrownBy(() -> JsonApi.list(json("{\"regions\": [1]}"), "regions"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an object");
    }

    @Test
    void listWithoutTheNamedArrayHasNoRecords() {
        assertThat(JsonApi.list(json("{\"errors\": [{\"detail\": \"Invalid JWT Token\"}]}"), "items").records()).isEmpty();
    }
}
