package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;

/**
 * A job event that Kafka refuses for its size (the producer's {@code max.request.size} is made smaller than an event
 * with its job, larger than the command's dead letter): the command's dead letter goes out instead, and with it the
 * job's record, which the job's creation wrote: Kafka knows the job, so nothing looks it up or creates it again.
 */
class JobEventRefusedTest extends JobsTestSupport {

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
}
