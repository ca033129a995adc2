package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JobRecordTest {

    private static final JobRecord ANSWERED = new JobRecord("651", "h", JobRecord.Status.ACTIVE,
            JobRecord.Source.KAFKA).answering("acme.rabota.jobs.commands-2@40", Outcome.UPDATED);

    @Test
    void anEarlierCommandOfTheSamePartitionIsSuperseded() {
        assertThat(ANSWERED.supersedes("acme.rabota.jobs.commands-2@39")).isTrue();
        assertThat(ANSWERED.supersedes("acme.rabota.jobs.commands-2@0")).isTrue();
    }

    @Test
    void theAnsweredCommandALaterOneOrAnotherPartitionsAreNot() {
        // the answered one is replayed (its answer again), a later one is new
        assertThat(ANSWERED.supersedes("acme.rabota.jobs.commands-2@40")).isFalse();
        assertThat(ANSWERED.supersedes("acme.rabota.jobs.commands-2@41")).isFalse();
        // offsets of another partition (the topic's partitions changed) or topic say nothing
        assertThat(ANSWERED.supersedes("acme.rabota.jobs.commands-1@3")).isFalse();
        assertThat(ANSWERED.supersedes("acme.rabota.jobs.commands-12@3")).isFalse();
        assertThat(ANSWERED.supersedes("other.rabota.jobs.commands-2@3")).isFalse();
    }

    @Test
    void aFeedRowOrARecordWithoutAnAnswerIsNeverSuperseded() {
        assertThat(ANSWERED.supersedes(null)).isFalse();
        assertThat(new JobRecord("651", "h", JobRecord.Status.ACTIVE, JobRecord.Source.FEED)
                .supersedes("acme.rabota.jobs.commands-2@1")).isFalse();
    }

    @Test
    void afterAFeedRowTheCommandAnsweredBeforeItIsSupersededTooAndHasNoAnswerToReplay() {
        JobRecord rowAfter = ANSWERED.with(JobRecord.Status.CLOSED).answering(null, Outcome.CLOSED);

        assertThat(rowAfter.supersedes("acme.rabota.jobs.commands-2@40")).isTrue();
        assertThat(rowAfter.supersedes("acme.rabota.jobs.commands-2@39")).isTrue();
        assertThat(rowAfter.supersedes("acme.rabota.jobs.commands-2@41")).isFalse();
        assertThat(rowAfter.answerTo("acme.rabota.jobs.commands-2@40")).isEmpty();
        // the next Kafka command answers anew
        assertThat(rowAfter.answering("acme.rabota.jobs.commands-2@41", Outcome.REVIVED)
                .answerTo("acme.rabota.jobs.commands-2@41")).contains(Outcome.REVIVED);
    }

    @Test
    void theAnswerSurvivesTheRecordsChangesAndItsJson() throws Exception {
        JobRecord rowAfter = ANSWERED.published("651", "h2", JobRecord.Source.FEED).answering(null, Outcome.UPDATED);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(rowAfter);

        assertThat(json).contains("\"answer\":{\"record\":\"acme.rabota.jobs.commands-2@40\"}");
        assertThat(mapper.readValue(json, JobRecord.class)).isEqualTo(rowAfter);
    }
}
