package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.Outcome;

/** Which case of hh.ru's vacancy story a command meets, from the external_id's record alone. */
class HhVacancyCaseTest {

    private static final ObjectNode BODY = JsonNodeFactory.instance.objectNode().put("name", "Курьер")
            .set("area", JsonNodeFactory.instance.objectNode().put("id", "1"));
    private static final JobRecord ACTIVE = new JobRecord("7001", "h1", JobRecord.Status.ACTIVE,
            JobRecord.Source.KAFKA, BODY).answering("jobs-0@7", Outcome.CREATED);
    private static final JobRecord ARCHIVED = ACTIVE.with(JobRecord.Status.CLOSED);
    private static final JobRecord INTENT = new JobRecord(null, "h1", JobRecord.Status.CREATING,
            JobRecord.Source.KAFKA, BODY);

    @Test
    void anUpsertPublishesUpdatesOrCallsNothing() {
        assertThat(HhVacancyCase.of("upsert", null, BODY, "h1", null)).isEqualTo(HhVacancyCase.PUBLISH);
        assertThat(HhVacancyCase.of("upsert", INTENT, BODY, "h1", null)).isEqualTo(HhVacancyCase.PUBLISH);
        assertThat(HhVacancyCase.of("upsert", ARCHIVED, BODY, "h1", null)).isEqualTo(HhVacancyCase.PUBLISH);
        assertThat(HhVacancyCase.of("upsert", ACTIVE, BODY, "h1", "jobs-0@9")).isEqualTo(HhVacancyCase.UNCHANGED);
        assertThat(HhVacancyCase.of("upsert", ACTIVE, BODY, "h1", "jobs-0@7")).isEqualTo(HhVacancyCase.REPLAY);
        ObjectNode renamed = BODY.deepCopy().put("name", "Старший курьер");
        assertThat(HhVacancyCase.of("upsert", ACTIVE, renamed, "h2", null)).isEqualTo(HhVacancyCase.UPDATE);
    }

    @Test
    void anUpsertChangingAFieldSetAtPublicationIsRefused() {
        ObjectNode moved = BODY.deepCopy();
        moved.set("area", JsonNodeFactory.instance.objectNode().put("id", "2"));
        assertThat(HhVacancyCase.of("upsert", ACTIVE, moved, "h2", null)).isEqualTo(HhVacancyCase.FIXED_FIELDS);
    }

    @Test
    void closeAndReviveNeedAConfirmedPublication() {
        assertThat(HhVacancyCase.of("close", null, null, null, null)).isEqualTo(HhVacancyCase.UNKNOWN);
        assertThat(HhVacancyCase.of("revive", INTENT, null, null, null)).isEqualTo(HhVacancyCase.UNCONFIRMED);
        // a revive's own intent, read again after a crash: published again (before, rejected as unconfirmed while
        // the new vacancy was live on hh.ru), the repeated POST adopting the vacancy the first one published
        JobRecord reviving = new JobRecord("7001", "h1", JobRecord.Status.CREATING, JobRecord.Source.KAFKA, BODY);
        assertThat(HhVacancyCase.of("revive", reviving, null, null, "jobs-0@9")).isEqualTo(HhVacancyCase.PUBLISH);
        assertThat(HhVacancyCase.of("close", reviving, null, null, null)).isEqualTo(HhVacancyCase.UNCONFIRMED);
        assertThat(HhVacancyCase.of("close", ACTIVE, null, null, null)).isEqualTo(HhVacancyCase.ARCHIVE);
        assertThat(HhVacancyCase.of("close", ARCHIVED, null, null, null)).isEqualTo(HhVacancyCase.CLOSED_ALREADY);
        assertThat(HhVacancyCase.of("revive", ARCHIVED, null, null, null)).isEqualTo(HhVacancyCase.PUBLISH);
        assertThat(HhVacancyCase.of("revive", ACTIVE, null, null, null)).isEqualTo(HhVacancyCase.ACTIVE_ALREADY);
        assertThat(HhVacancyCase.of("revive", ACTIVE, null, null, "jobs-0@7")).isEqualTo(HhVacancyCase.REPLAY);
    }

    @Test
    void routesCompareWithLowerCaseNames() {
        assertThat(HhVacancyCase.FIXED_FIELDS.id()).isEqualTo("fixed-fields");
        assertThat(HhVacancyCase.of("active-already")).isEqualTo(HhVacancyCase.ACTIVE_ALREADY);
    }
}
