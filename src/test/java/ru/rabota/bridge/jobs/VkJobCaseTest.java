package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which case of VK Работа's job story a command meets, from the external_id's record alone. */
class VkJobCaseTest {

    private static final JobRecord INTENT = JobRecord.creating("h1", JobRecord.Source.KAFKA);
    private static final JobRecord ACTIVE = new JobRecord("651", "h1", JobRecord.Status.ACTIVE, JobRecord.Source.KAFKA)
            .answering("jobs-0@7", Outcome.CREATED);
    private static final JobRecord CLOSED = ACTIVE.with(JobRecord.Status.CLOSED);

    @Test
    void anUpsertCreatesUpdatesLeavesUnchangedOrRevives() {
        assertThat(VkJobCase.of("upsert", null, "h1", "jobs-0@9")).isEqualTo(VkJobCase.CREATE);
        assertThat(VkJobCase.of("upsert", ACTIVE, "h1", "jobs-0@9")).isEqualTo(VkJobCase.UNCHANGED);
        assertThat(VkJobCase.of("upsert", ACTIVE, "h1", null)).isEqualTo(VkJobCase.UNCHANGED);
        assertThat(VkJobCase.of("upsert", ACTIVE, "h2", "jobs-0@9")).isEqualTo(VkJobCase.UPDATE);
        assertThat(VkJobCase.of("upsert", CLOSED, "h1", "jobs-0@9")).isEqualTo(VkJobCase.REVIVE);
    }

    @Test
    void theRecordThatMadeTheJobReadAgainIsReplayedNotUnchanged() {
        assertThat(VkJobCase.of("upsert", ACTIVE, "h1", "jobs-0@7")).isEqualTo(VkJobCase.REPLAY);
        assertThat(VkJobCase.of("revive", ACTIVE, null, "jobs-0@7")).isEqualTo(VkJobCase.REPLAY);
    }

    @Test
    void closeAndReviveNeedAJobAndASecondCloseCallsNothing() {
        assertThat(VkJobCase.of("close", null, null, null)).isEqualTo(VkJobCase.UNKNOWN);
        assertThat(VkJobCase.of("revive", null, null, null)).isEqualTo(VkJobCase.UNKNOWN);
        assertThat(VkJobCase.of("close", ACTIVE, null, null)).isEqualTo(VkJobCase.CLOSE);
        assertThat(VkJobCase.of("close", CLOSED, null, "jobs-0@7")).isEqualTo(VkJobCase.CLOSED_ALREADY);
        assertThat(VkJobCase.of("revive", CLOSED, null, null)).isEqualTo(VkJobCase.REVIVE);
    }

    @Test
    void anIntentIsLookedUpFirstThenAdoptedCreatedOrForgotten() {
        assertThat(VkJobCase.of("upsert", INTENT, "h2", null)).isEqualTo(VkJobCase.LOOK_UP);
        assertThat(VkJobCase.of("close", INTENT, null, null)).isEqualTo(VkJobCase.LOOK_UP);
        JobRecord adopted = INTENT.published("651", "h1", JobRecord.Source.KAFKA);
        assertThat(VkJobCase.afterLookUp("upsert", adopted, "h2", null)).isEqualTo(VkJobCase.ADOPT);
        assertThat(VkJobCase.afterLookUp("upsert", null, "h2", null)).isEqualTo(VkJobCase.CREATE);
        assertThat(VkJobCase.afterLookUp("close", adopted, null, null)).isEqualTo(VkJobCase.CLOSE);
        assertThat(VkJobCase.afterLookUp("revive", null, null, null)).isEqualTo(VkJobCase.UNKNOWN);
    }

    @Test
    void routesCompareWithLowerCaseNames() {
        assertThat(VkJobCase.LOOK_UP.id()).isEqualTo("look-up");
        assertThat(VkJobCase.CLOSED_ALREADY.id()).isEqualTo("closed-already");
    }
}
