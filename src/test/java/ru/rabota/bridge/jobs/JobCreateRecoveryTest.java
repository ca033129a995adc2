package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkJob;

/** A create whose outcome was lost (a crash after the POST, a dropped answer) never publishes the job twice. */
class JobCreateRecoveryTest extends JobsTestSupport {

    @Test
    void anIntentLeftByACrashAdoptsTheJobThatThePostHadCreated() {
        // the simulator's request log is the class's: another test's GET /jobs must not count as this one's look-up
        sim.clearRequests();
        // the state of a process that died after POST /jobs succeeded and before it saved the job id
        VkJob posted = sim.state().addJob("Курьер до сбоя", "HR-R1");
        jobState().put("HR-R1", "{\"hash\":\"of-the-content-posted\",\"status\":\"creating\",\"source\":\"kafka\"}");

        send("HR-R1", upsert("HR-R1", "r-1", "Курьер"));
        JsonNode created = events("HR-R1", 1).get(0);

        assertThat(created.get("event").asText()).isEqualTo("created");
        assertThat(created.get("job_id").asText()).isEqualTo(String.valueOf(posted.id()));
        assertThat(sim.state().jobsByExternalId("HR-R1")).singleElement()
                .satisfies(job -> assertThat(job.title()).isEqualTo("Курьер"));
        // found by listing the jobs, then brought to the command's content; no second POST
        assertThat(apiRequests()).anySatisfy(request -> assertThat(request.is("GET", "/jobs")).isTrue());
        assertThat(requestsFor("HR-R1", created.get("job_id").asText()))
                .extracting(request -> request.method() + " " + request.path())
                .containsExactly("PUT /jobs/" + posted.id());
        assertThat(jobState().get("HR-R1").orElseThrow()).contains("\"job_id\":\"" + posted.id() + "\"",
                "\"status\":\"active\"");
    }

    @Test
    void anIntentWhosePostNeverArrivedCreatesTheJob() {
        jobState().put("HR-R2", "{\"hash\":\"of-the-content-posted\",\"status\":\"creating\",\"source\":\"kafka\"}");

        send("HR-R2", upsert("HR-R2", "r-1", "Бариста"));
        JsonNode created = events("HR-R2", 1).get(0);

        assertThat(created.get("event").asText()).isEqualTo("created");
        assertThat(sim.state().jobsByExternalId("HR-R2")).singleElement()
                .satisfies(job -> assertThat(String.valueOf(job.id())).isEqualTo(created.get("job_id").asText()));
    }

    @Test
    void aPostWhoseAnswerWasLostIsNotRepeatedWhenItHadCreatedTheJob() {
        sim.faults().onPaths("/jobs").loseAnswerNext(1);

        try (LogCapture logs = new LogCapture()) {
            send("HR-R3", upsert("HR-R3", "r-1", "Кладовщик"));
            JsonNode created = events("HR-R3", 1).get(0);

            assertThat(created.get("event").asText()).isEqualTo("created");
            assertThat(sim.state().jobsByExternalId("HR-R3")).singleElement()
                    .satisfies(job -> assertThat(String.valueOf(job.id())).isEqualTo(created.get("job_id").asText()));
            assertThat(requestsFor("HR-R3", null)).extracting(RecordedRequest::status).containsExactly(-1);
            assertThat(logs.lines("WARN", "for external_id HR-R3 had created job " + created.get("job_id").asText()))
                    .isEqualTo(1);
        }
    }

    @Test
    void aLookUpThatFailsCountsAsAnAttemptAndTheNextAttemptLooksAgain() {
        sim.clearRequests();
        // the POST's answer lost, then every request of the look-up's first page fails (its own 3 attempts)
        sim.faults().onPaths("/jobs").loseAnswerNext(1).failNext(3, 503);

        send("HR-R4", upsert("HR-R4", "r-1", "Грузчик"));
        JsonNode created = events("HR-R4", 1).get(0);

        assertThat(created.get("event").asText()).isEqualTo("created");
        assertThat(sim.state().jobsByExternalId("HR-R4")).singleElement()
                .satisfies(job -> assertThat(String.valueOf(job.id())).isEqualTo(created.get("job_id").asText()));
        assertThat(apiRequests()).filteredOn(request -> request.is("GET", "/jobs"))
                .extracting(RecordedRequest::status).containsExactly(503, 503, 503, 200);
    }
}
