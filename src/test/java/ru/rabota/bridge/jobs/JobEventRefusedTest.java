package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;

/**
 * A job event that Kafka refuses for its size (the producer's {@code max.request.size} is made smaller than an event
 * with its job, larger than the command's dead letter): the command's dead letter goes out instead, and with it the
 * job's record, which the job's creation wrote: Kafka knows the job, so nothing looks it up or creates it again. A
 * feed row's refused event becomes the row's dead letter, and the feed goes on.
 */
class JobEventRefusedTest extends FeedTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("camel.component.kafka.max-request-size", "1100", "bridge.dlq.max-payload", "550B");
    }

    @Test
    void theDeadLetterOfARefusedEventGoesOutWithTheJobsRecord() {
        send("HR-R1", upsert("HR-R1", "req-r1", "Курьер"));

        JsonNode letter = json(records(Topic.DLQ, "HR-R1", 1).get(0).value());
        assertThat(letter.at("/error/type").asText()).isEqualTo("RecordTooLargeException");
        assertThat(sim.state().jobsByExternalId("HR-R1")).hasSize(1);
        String jobId = String.valueOf(sim.state().jobsByExternalId("HR-R1").get(0).id());
        // what a restart or another instance reads: the intent, then the job's record, committed with the letter
        List<ConsumerRecord<String, String>> state = records(Topic.STATE_JOBS, "HR-R1", 2);
        JsonNode record = json(state.get(state.size() - 1).value());
        assertThat(json(state.get(0).value()).get("status").asText()).isEqualTo("creating");
        assertThat(record.get("job_id").asText()).isEqualTo(jobId);
        assertThat(record.get("status").asText()).isEqualTo("active");
    }

    @Test
    void aFeedRowsRefusedEventIsItsDeadLetterAndTheFeedGoesOn() {
        // before, the first refusal abandoned the feed, and every reading of it again: it never left the inbox
        drop("refused.csv", """
                external_id;title;description;lat;long;address;profession_id
                FR-1;Курьер;Доставка заказов;55,75;37,61;Москва;3
                FR-2;Курьер;Доставка заказов;%s;37,61;Москва;3
                """.formatted("x".repeat(1_100_000)), StandardCharsets.UTF_8);

        String jobId = String.valueOf(sim.state().jobsByExternalId("FR-1").get(0).id());
        List<String> report = lines(done().resolve("refused.csv.report.csv"));
        assertThat(report.get(1)).isEqualTo("1;FR-1;created;" + jobId + ";;vkrabota");
        // the value named, cut
        assertThat(report.get(2)).startsWith("2;FR-2;rejected;;lat: 'xxx").endsWith(
                "... (1,100,000 characters)' is not a number;vkrabota");
        JsonNode created = json(records(Topic.DLQ, "FR-1", 1).get(0).value());
        assertThat(created.get("topic").asText()).isEqualTo("csv:refused.csv#1");
        assertThat(created.at("/error/type").asText()).isEqualTo("RecordTooLargeException");
        assertThat(created.get("payload").asText()).startsWith("{\"event\":\"created\"");
        assertThat(json(records(Topic.DLQ, "FR-2", 1).get(0).value()).get("topic").asText())
                .isEqualTo("csv:refused.csv#2");
    }
}
