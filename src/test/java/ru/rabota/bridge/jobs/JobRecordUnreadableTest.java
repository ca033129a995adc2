package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * An external_id whose record in rabota.state.jobs the bundle cannot read (written by another tool, or by hand):
 * every reading of its commands would fail the same way. Before, a Kafka command of it failed its poll and was read
 * again for good, without an answer, and so was every later command of the external_id; a feed listing it stayed in
 * the inbox and was read again at every poll, its other rows sent again each time. Now such a part fails: a dead
 * letter naming the record, a failed line in a feed's report, and the work after it goes on.
 */
class JobRecordUnreadableTest extends FeedTestSupport {

    @Test
    void aCommandOfAnUnreadableRecordIsADeadLetterAndTheCommandsAfterItAreAnswered() {
        spoil("BAD-1");
        try (LogCapture logs = new LogCapture()) {
            send("BAD-1", upsert("BAD-1", "r-bad-1", "Курьер"));
            // a close without boards: the board holding the unreadable record is the one it acts on
            send("BAD-1", "{\"command\":\"close\",\"external_id\":\"BAD-1\",\"request_id\":\"r-bad-2\"}");
            send("OK-1", upsert("OK-1", "r-ok-1", "Курьер"));

            List<JsonNode> letters = values(records(Topic.DLQ, "BAD-1", 2));
            assertThat(letters).extracting(letter -> letter.at("/error/detail").asText())
                    .allSatisfy(detail -> assertThat(detail).contains("the record of BAD-1 in ")
                            .contains("rabota.state.jobs is no job record"));
            assertThat(letters).extracting(letter -> letter.at("/error/type").asText())
                    .containsOnly("IllegalStateException");
            assertThat(events("OK-1", 1).get(0).path("event").asText()).isEqualTo("created");
            assertThat(sim.state().jobsByExternalId("BAD-1")).isEmpty();
            // one ERROR line with the stack trace where the bundle failed, not one per command
            assertThat(logs.lines("ERROR", "of external_id BAD-1")).isEqualTo(1);
            assertThat(logs.text()).doesNotContain("a poll of commands failed");
        }
    }

    @Test
    void aFeedRowOfAnUnreadableRecordFailsInTheReportAndTheFeedIsDone() {
        spoil("BAD-2");
        drop("spoilt.csv", HEADER + """
                BAD-2;Курьер;Доставка заказов;55,75;37,61;Москва;3
                OK-2;Курьер;Доставка заказов;55,75;37,61;Москва;3
                """, StandardCharsets.UTF_8);

        List<String> report = lines(done().resolve("spoilt.csv.report.csv"));
        assertThat(report).hasSize(3);
        assertThat(report.get(1)).startsWith("1;BAD-2;failed;;\"the record of BAD-2 in ").endsWith(";vkrabota");
        assertThat(report.get(2)).startsWith("2;OK-2;created;");
        assertThat(values(records(Topic.DLQ, "BAD-2", 1)).get(0).at("/error/detail").asText())
                .contains("is no job record");
    }

    /** Writes a value that is no job record under the external_id, and waits until the bundle holds it. */
    private void spoil(String externalId) {
        TestKafka.send(app.topic(Topic.STATE_JOBS), externalId, "{\"status\":\"whatever\"");
        records(Topic.STATE_JOBS, externalId, 1);
    }
}
