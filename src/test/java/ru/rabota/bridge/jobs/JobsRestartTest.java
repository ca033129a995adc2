package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/** At least once across restarts: no command lost, no job published twice. */
class JobsRestartTest extends FeedTestSupport {

    @Override
    protected Map<String, String> properties() {
        // small polls, and a stop that does not wait for calls under way
        return Map.of("bridge.jobs.concurrency", "4", "bridge.jobs.batch-size", "10",
                "camel.main.shutdown-timeout", "1");
    }

    @Test
    void aRestartMidStreamLosesNoCommandAndPublishesNoJobTwice() {
        // 60 commands on 4 lanes take 4.5 s: the stop comes well before the last (reading the events takes a second)
        sim.faults().latency(300);
        List<String> ids = sendUpserts("HR-S", 60, "Сборщик заказов");
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(ids).size() >= 8);

        stop();
        assertThat(eventsOf(ids)).as("events before the restart").hasSizeLessThan(ids.size());
        start();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> eventsOf(ids).stream().map(event -> event.get("external_id").asText())
                        .collect(Collectors.toSet()).containsAll(ids));
        // answered once each, and a record read again after the restart gets the answer it would have had; read
        // until quiet for 3 s first, so that a late duplicate's POST and event are there to be counted
        List<JsonNode> events = eventsOf(ids, values(TestKafka.consumeUntilQuiet(app.topic(Topic.JOBS_EVENTS),
                Duration.ofSeconds(3), Duration.ofSeconds(60))));
        assertThat(events).hasSize(ids.size()).extracting(event -> event.get("event").asText())
                .containsOnly("created");
        assertThat(ids).allSatisfy(id -> assertThat(sim.state().jobsByExternalId(id)).as(id).hasSize(1));
    }

    @Test
    void aCommandUnderWayWhenTheApplicationStopsIsAnsweredOnceAndItsJobMadeOnce() throws Exception {
        send("HR-U0", upsert("HR-U0", "r-0", "Уборщик"));
        events("HR-U0", 1); // a session is open: the next command goes straight to POST /jobs
        // longer than the stop waits for work in flight (camel.main.shutdown-timeout)
        sim.faults().latency(8_000);
        send("HR-U1", upsert("HR-U1", "r-1", "Уборщик"));
        records(Topic.STATE_JOBS, "HR-U1", 1); // the intent: the POST is on its way

        stop();
        try {
            // the POST of the stopped application reaches the API after all; its answer went out with the
            // record's offset, or neither did and the record runs again after the restart (only the intent knows)
            await().atMost(Duration.ofSeconds(15)).until(() -> !sim.state().jobsByExternalId("HR-U1").isEmpty());
        } finally {
            sim.faults().latency(0);
            start();
        }

        JsonNode event = events("HR-U1", 1).get(0);
        assertThat(event.get("event").asText()).isEqualTo("created");
        assertThat(sim.state().jobsByExternalId("HR-U1")).singleElement()
                .satisfies(job -> assertThat(String.valueOf(job.id())).isEqualTo(event.get("job_id").asText()));
        // the next command of the same external_id comes after the first in the topic: had that been answered twice,
        // both answers would be before this one
        send("HR-U1", upsert("HR-U1", "r-2", "Старший уборщик"));
        assertThat(events("HR-U1", 2)).extracting(e -> e.get("request_id").asText()).containsExactly("r-1", "r-2");
    }

    @Test
    void aRecordReadAgainAfterACrashGetsTheAnswerItHadNotUnchanged() throws Exception {
        RecordMetadata command = send("HR-R1", upsert("HR-R1", "r-r1", "Курьер"));
        assertThat(events("HR-R1", 1).get(0).get("event").asText()).isEqualTo("created");
        String jobId = sim.state().jobsByExternalId("HR-R1").get(0).id() + "";

        // as if the process had died after the job and its record were saved, before the answer reached Kafka
        stop();
        rewind("rabota-bridge-jobs", command);
        int calls = apiRequests().size();
        start();

        JsonNode replayed = events("HR-R1", 2).get(1);
        assertThat(replayed.get("event").asText()).isEqualTo("created");
        assertThat(replayed.get("request_id").asText()).isEqualTo("r-r1");
        assertThat(replayed.get("job_id").asText()).isEqualTo(jobId);
        assertThat(replayed.at("/job/id").asText()).isEqualTo(jobId);
        // the job read back, not made or changed again
        assertThat(apiRequests().subList(calls, apiRequests().size()))
                .extracting(request -> request.method() + " " + request.path()).containsExactly("GET /jobs/" + jobId);

        // the same content in another record is unchanged, without a call
        send("HR-R1", upsert("HR-R1", "r-r2", "Курьер"));
        assertThat(events("HR-R1", 3).get(2).get("event").asText()).isEqualTo("unchanged");
        assertThat(apiRequests()).hasSize(calls + 1);
    }

    /**
     * The consumer group's offsets reset or expired (a week without an instance, an operator's reset): the commands an
     * external_id had are read again, older ones before the one its record answered last. They are answered
     * {@code unchanged} without a call; before, the first upsert revived the job the close had closed, and the close
     * closed it again.
     */
    @Test
    void commandsOlderThanTheOneAnsweredLastAreAnsweredUnchangedWithoutACall() throws Exception {
        RecordMetadata first = send("HR-O1", upsert("HR-O1", "r-o1", "Курьер"));
        events("HR-O1", 1);
        send("HR-O1", upsert("HR-O1", "r-o2", "Курьер-экспедитор"));
        events("HR-O1", 2);
        send("HR-O1", "{\"command\":\"close\",\"external_id\":\"HR-O1\",\"request_id\":\"r-o3\","
                + "\"reason\":\"closed_found\"}");
        assertThat(events("HR-O1", 3)).extracting(event -> event.get("event").asText())
                .containsExactly("created", "updated", "closed");

        stop();
        rewind("rabota-bridge-jobs", first);
        int calls = apiRequests().size();
        start();

        List<JsonNode> again = events("HR-O1", 6).subList(3, 6);
        assertThat(again).extracting(event -> event.get("event").asText() + " " + event.get("request_id").asText())
                .containsExactly("unchanged r-o1", "unchanged r-o2", "closed r-o3");
        // the close, the record the job's state answered, is closed already: no call either
        assertThat(apiRequests()).hasSize(calls);
        assertThat(sim.state().jobsByExternalId("HR-O1")).singleElement()
                .satisfies(job -> assertThat(job.status()).isEqualTo("closed"));
    }

    @Test
    void aCommandReadAgainAfterAFeedRowChangedItsJobDoesNotUndoTheRow() throws Exception {
        RecordMetadata command = send("HR-O4", upsert("HR-O4", "r-o4", "Курьер"));
        events("HR-O4", 1);
        drop("later.csv", """
                external_id;title;description;lat;long;address;profession_id;salary_from;salary_to;salary_period
                HR-O4;Курьер на авто;Доставка заказов по городу;55.75;37.61;Москва, Тверская улица, 1;3;50000;70000;monthly
                """, StandardCharsets.UTF_8);
        assertThat(events("HR-O4", 2).get(1).get("event").asText()).isEqualTo("updated");

        stop();
        rewind("rabota-bridge-jobs", command);
        int calls = apiRequests().size();
        start();

        // without the row's mark, the old upsert sent its content over the row's
        JsonNode again = events("HR-O4", 3).get(2);
        assertThat(again.get("event").asText() + " " + again.get("request_id").asText()).isEqualTo("unchanged r-o4");
        assertThat(apiRequests()).hasSize(calls);
        assertThat(sim.state().jobsByExternalId("HR-O4")).singleElement()
                .satisfies(job -> assertThat(job.title()).isEqualTo("Курьер на авто"));
    }

    @Test
    void aStatusCommandWaitingOutTheApiWhenTheApplicationStopsIsReadAgainNotDeadLettered() throws Exception {
        String id = String.valueOf(sim.seedApplications(1).get(0).id());
        // VK Работа answers 503 while the application stops
        CountDownLatch calling = new CountDownLatch(1);
        sim.faults().onPaths(".*/proceed").beforeEach(path -> calling.countDown()).latency(500).failNext(1, 503);
        TestKafka.send(app.topic(Topic.APPLICATIONS_COMMANDS), id,
                "{\"application_id\":\"" + id + "\",\"status\":\"invited\",\"request_id\":\"s-1\"}");
        assertThat(calling.await(20, TimeUnit.SECONDS)).isTrue();

        stop();
        sim.faults().reset();
        start();

        // before, the stop ended the wait with the 503 as the command's answer: a dead letter, never carried out
        JsonNode result = json(records(Topic.APPLICATIONS_RESULTS, id, 1).get(0).value());
        assertThat(result.path("outcome").asText()).isEqualTo("ok");
        assertThat(TestKafka.consume(app.topic(Topic.DLQ), Integer.MAX_VALUE, Duration.ofMillis(500)))
                .noneMatch(letter -> id.equals(letter.key()));
        assertThat(sim.state().application(Long.parseLong(id)).orElseThrow().status()).isEqualTo("invited");
    }

    private List<JsonNode> allEvents() {
        return values(TestKafka.consume(app.topic(Topic.JOBS_EVENTS), Integer.MAX_VALUE, Duration.ofMillis(500)));
    }

    /** The job events of these external_ids (the class's other tests wrote theirs on the same topic before). */
    private List<JsonNode> eventsOf(List<String> externalIds) {
        return eventsOf(externalIds, allEvents());
    }

    private static List<JsonNode> eventsOf(List<String> externalIds, List<JsonNode> events) {
        return events.stream().filter(event -> externalIds.contains(event.get("external_id").asText())).toList();
    }
}
