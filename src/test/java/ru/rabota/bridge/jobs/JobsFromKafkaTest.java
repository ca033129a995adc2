package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkJob;

/** Job commands from rabota.jobs.commands to the VK Работа simulator, and what comes out on Kafka. */
class JobsFromKafkaTest extends JobsTestSupport {

    @Test
    void upsertCreatesThenUpdatesAndUnchangedContentCallsNothing() {
        send("HR-1", upsert("HR-1", "r-1", "Курьер"));
        ConsumerRecord<String, String> createdRecord = records(Topic.JOBS_EVENTS, "HR-1", 1).get(0);
        JsonNode created = json(createdRecord.value());
        String jobId = created.get("job_id").asText();

        assertThat(created.get("event").asText()).isEqualTo("created");
        assertThat(created.get("request_id").asText()).isEqualTo("r-1");
        assertThat(created.get("origin").asText()).isEqualTo("kafka");
        assertThat(created.at("/job/title").asText()).isEqualTo("Курьер");
        assertThat(created.at("/job/external_id").asText()).isEqualTo("HR-1");
        assertThat(TestKafka.header(createdRecord, BridgeHeaders.EVENT)).isEqualTo("created");
        assertThat(TestKafka.header(createdRecord, BridgeHeaders.CORRELATION_ID)).isEqualTo("r-1");
        RecordedRequest post = requestsFor("HR-1", null).get(0);
        assertThat(post.method() + " " + post.path()).isEqualTo("POST /jobs");
        assertThat(json(post.body()).at("/job/external_id").asText()).isEqualTo("HR-1");
        assertThat(json(post.body()).get("profession_id").asInt()).isEqualTo(3);

        send("HR-1", upsert("HR-1", "r-2", "Курьер на автомобиле"));
        JsonNode updated = events("HR-1", 2).get(1);

        assertThat(updated.get("event").asText()).isEqualTo("updated");
        assertThat(updated.get("job_id").asText()).isEqualTo(jobId);
        assertThat(updated.at("/job/title").asText()).isEqualTo("Курьер на автомобиле");
        assertThat(requestsFor("HR-1", jobId)).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /jobs", "PUT /jobs/" + jobId);
        int requestsBefore = apiRequests().size();

        send("HR-1", upsert("HR-1", "r-3", "Курьер на автомобиле"));
        JsonNode unchanged = events("HR-1", 3).get(2);

        assertThat(unchanged.get("event").asText()).isEqualTo("unchanged");
        assertThat(unchanged.get("job_id").asText()).isEqualTo(jobId);
        assertThat(unchanged.get("request_id").asText()).isEqualTo("r-3");
        assertThat(apiRequests()).hasSize(requestsBefore);
        assertThat(sim.state().jobsByExternalId("HR-1")).singleElement()
                .satisfies(job -> assertThat(job.title()).isEqualTo("Курьер на автомобиле"));
    }

    /**
     * A salary and a phone taken out of a vacancy leave the board: VK's {@code PUT} edits only the attributes sent,
     * so the update sends them as {@code null}. Before, VK kept the old salary and phone and the event said
     * {@code updated}.
     */
    @Test
    void anUpsertWithoutTheSalaryAndPhoneClearsThemOnTheBoard() {
        send("HR-21", upsert("HR-21", "r-1", "Курьер").replace("\"salary_period\":\"monthly\"",
                "\"salary_period\":\"monthly\",\"contact_phone\":\"79990001122\",\"remote\":true"));
        String jobId = events("HR-21", 1).get(0).get("job_id").asText();

        send("HR-21", """
                {"command":"upsert","external_id":"HR-21","profession_id":3,
                 "job":{"title":"Курьер","description":"Доставка заказов по городу","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1"}}""");
        JsonNode updated = events("HR-21", 2).get(1);

        assertThat(updated.get("event").asText()).isEqualTo("updated");
        for (String field : List.of("/job/salary_from", "/job/salary_to", "/job/salary_period", "/job/contact_phone")) {
            assertThat(updated.at(field).isNull()).as("%s on the board: %s", field, updated.at(field)).isTrue();
        }
        assertThat(updated.at("/job/remote").asBoolean()).as("a flag left out keeps VK's value").isTrue();
        JsonNode put = json(requestsFor("HR-21", jobId).get(1).body());
        assertThat(put.at("/job/salary_from").isNull()).isTrue();
        assertThat(put.at("/job").has("remote")).isFalse();
    }

    @Test
    void closeWithItsReasonReviveWithItsPublicationTypeAndAnUpsertOfAClosedJobRevivesIt() {
        send("HR-2", upsert("HR-2", "r-1", "Повар"));
        String jobId = events("HR-2", 1).get(0).get("job_id").asText();

        send("HR-2", "{\"command\":\"close\",\"external_id\":\"HR-2\",\"reason\":\"closed_found\"}");
        JsonNode closed = events("HR-2", 2).get(1);

        assertThat(closed.get("event").asText()).isEqualTo("closed");
        assertThat(closed.at("/job/status").asText()).isEqualTo("closed");
        VkJob job = sim.state().job(Long.parseLong(jobId)).orElseThrow();
        assertThat(job.status()).isEqualTo("closed");
        assertThat(job.closeReason()).isEqualTo("closed_found");

        send("HR-2", "{\"command\":\"revive\",\"external_id\":\"HR-2\",\"publication_type\":\"super_job_publish\"}");
        JsonNode revived = events("HR-2", 3).get(2);

        assertThat(revived.get("event").asText()).isEqualTo("revived");
        assertThat(revived.at("/job/current_publication_type").asText()).isEqualTo("super_job_publish");
        assertThat(sim.state().job(Long.parseLong(jobId)).orElseThrow().status()).isEqualTo("active");

        send("HR-2", "{\"command\":\"close\",\"external_id\":\"HR-2\"}");
        send("HR-2", upsert("HR-2", "r-5", "Повар"));
        List<JsonNode> events = events("HR-2", 5);

        assertThat(events.get(3).get("event").asText()).isEqualTo("closed");
        assertThat(events.get(4).get("event").asText()).isEqualTo("revived");
        assertThat(requestsFor("HR-2", jobId)).extracting(r -> r.method() + " " + r.path()
                + (r.method().equals("GET") || r.path().equals("/jobs") ? "" : " " + r.body())).containsExactly(
                        "POST /jobs",
                        "POST /jobs/" + jobId + "/close {\"reason\":\"closed_found\"}",
                        // a job held closed is read before its revive, a paid publication
                        "GET /jobs/" + jobId,
                        "POST /jobs/" + jobId + "/revive {\"publication_type\":\"super_job_publish\"}",
                        "POST /jobs/" + jobId + "/close {\"reason\":\"closed_irrelevant\"}",
                        "GET /jobs/" + jobId,
                        "POST /jobs/" + jobId + "/revive {\"publication_type\":\"job_publish\"}");
        assertThat(sim.state().jobsByExternalId("HR-2")).singleElement()
                .satisfies(one -> assertThat(one.status()).isEqualTo("active"));
    }

    /**
     * A revive of a job the bundle holds closed that VK shows active (a run of the command that a crash cut short
     * after its call, or a person) is not made again: a revive is a paid publication, and the document does not say
     * VK refuses to revive an active job. Before, it was sent, and only the simulator's refusal kept it from paying.
     */
    @Test
    void aReviveOfAJobHeldClosedThatVkShowsActiveIsNotSentAgain() {
        send("HR-23", upsert("HR-23", "r-1", "Повар"));
        String jobId = events("HR-23", 1).get(0).get("job_id").asText();
        send("HR-23", "{\"command\":\"close\",\"external_id\":\"HR-23\"}");
        events("HR-23", 2);
        sim.state().reviveByHand(Long.parseLong(jobId));

        send("HR-23", "{\"command\":\"revive\",\"external_id\":\"HR-23\"}");
        JsonNode revived = events("HR-23", 3).get(2);

        assertThat(revived.get("event").asText()).isEqualTo("revived");
        assertThat(revived.at("/job/status").asText()).isEqualTo("active");
        assertThat(requestsFor("HR-23", jobId)).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /jobs", "POST /jobs/" + jobId + "/close", "GET /jobs/" + jobId);
    }

    @Test
    void aSecondCloseOfAClosedJobCallsNothing() {
        send("HR-9", upsert("HR-9", "r-1", "Официант"));
        String jobId = events("HR-9", 1).get(0).get("job_id").asText();
        send("HR-9", "{\"command\":\"close\",\"external_id\":\"HR-9\"}");
        send("HR-9", "{\"command\":\"close\",\"external_id\":\"HR-9\"}");
        List<JsonNode> events = events("HR-9", 3);

        assertThat(events).extracting(event -> event.get("event").asText())
                .containsExactly("created", "closed", "closed");
        assertThat(events.get(2).get("job_id").asText()).isEqualTo(jobId);
        assertThat(requestsFor("HR-9", jobId)).extracting(request -> request.method() + " " + request.path())
                .containsExactly("POST /jobs", "POST /jobs/" + jobId + "/close");
    }

    @Test
    void aRefusedChangeOfAPublishedJobNamesTheJob() {
        send("HR-19", upsert("HR-19", "r-1", "Официант"));
        String jobId = events("HR-19", 1).get(0).get("job_id").asText();

        send("HR-19", upsert("HR-19", "r-2", "Официант").replace("55.75", "95.1"));

        // before, job_id null: the board's checks refused it before its record was read
        JsonNode rejected = events("HR-19", 2).get(1);
        assertThat(rejected.get("event").asText()).isEqualTo("rejected");
        assertThat(rejected.at("/error/detail").asText()).isEqualTo("job.lat: 95.1 is outside [-90, 90]");
        assertThat(rejected.get("job_id").asText()).isEqualTo(jobId);
    }

    @Test
    void invalidCommandIsRejectedWithEveryProblemAndNoCall() {
        send("HR-3", """
                {"command":"upsert","external_id":"HR-3","request_id":"r-9","profession_id":3,
                 "job":{"title":"Охранник","description":"Звоните 8 (999) 123-45-67","lat":95.1,"long":37.61,
                        "address":"Москва"}}""");
        ConsumerRecord<String, String> record = records(Topic.JOBS_EVENTS, "HR-3", 1).get(0);
        JsonNode rejected = json(record.value());

        assertThat(rejected.get("event").asText()).isEqualTo("rejected");
        assertThat(rejected.get("job_id").isNull()).isTrue();
        assertThat(rejected.at("/error/http_status").isNull()).isTrue();
        assertThat(rejected.at("/error/detail").asText())
                .isEqualTo("job.description: contains a phone number '8 (999) 123-45-67'; "
                        + "job.lat: 95.1 is outside [-90, 90]");
        assertThat(TestKafka.header(record, BridgeHeaders.EVENT)).isEqualTo("rejected");
        assertThat(TestKafka.header(record, BridgeHeaders.CORRELATION_ID)).isEqualTo("r-9");
        assertThat(requestsFor("HR-3", null)).isEmpty();
    }

    @Test
    void closeOrReviveOfAnUnknownExternalIdIsRejectedWithoutACall() {
        int requestsBefore = apiRequests().size();
        send("HR-404", "{\"command\":\"close\",\"external_id\":\"HR-404\"}");
        send("HR-404", "{\"command\":\"revive\",\"external_id\":\"HR-404\"}");
        List<JsonNode> events = events("HR-404", 2);

        assertThat(events).extracting(event -> event.get("event").asText()).containsExactly("rejected", "rejected");
        assertThat(events.get(0).at("/error/detail").asText())
                .isEqualTo("external_id 'HR-404' is unknown: close needs a job that this bundle published");
        assertThat(apiRequests()).hasSize(requestsBefore);
    }

    @Test
    void aRefusalOfTheApiIsRejectedWithTheApisDetail() {
        // a salary without its period passes the bundle's check (the document makes the period optional) but not the
        // simulated API's
        String refused = upsert("HR-5", "r-1", "Продавец").replace("\"monthly\"", "null");
        send("HR-5", refused);
        send("HR-5", upsert("HR-5", "r-2", "Продавец"));
        send("HR-5", "{\"command\":\"revive\",\"external_id\":\"HR-5\"}");
        List<JsonNode> events = events("HR-5", 3);

        assertThat(events.get(0).get("event").asText()).isEqualTo("rejected");
        assertThat(events.get(0).at("/error/http_status").asInt()).isEqualTo(422);
        assertThat(events.get(0).at("/error/detail").asText()).isEqualTo(
                "Возникли ошибки: Поле 'Период оплаты' не может быть пустым");
        // the refused create left nothing behind: the corrected command creates the job
        assertThat(events.get(1).get("event").asText()).isEqualTo("created");
        assertThat(events.get(2).get("event").asText()).isEqualTo("rejected");
        assertThat(events.get(2).at("/error/http_status").asInt()).isEqualTo(422);
        assertThat(events.get(2).at("/error/detail").asText()).isEqualTo("Вакансия уже опубликована");
        assertThat(sim.state().jobsByExternalId("HR-5")).hasSize(1);
        // a refusal names the board's job when there is one
        assertThat(events.get(0).get("job_id").isNull()).isTrue();
        assertThat(events.get(2).get("job_id").asText()).isEqualTo(events.get(1).get("job_id").asText());
    }

    @Test
    void aRecordThatIsNoCommandGoesToTheDeadLetterTopicAtOnce() {
        send("HR-6", "{not json");
        send("HR-6", "{\"command\":\"upsert\",\"external_id\":\"HR-6\",\"job\":{\"lat\":\"abc\"},"
                + "\"request_id\":\"r-6\"}");
        List<ConsumerRecord<String, String>> letters = records(Topic.DLQ, "HR-6", 2);
        JsonNode notJson = json(letters.get(0).value());
        JsonNode wrongType = json(letters.get(1).value());

        assertThat(notJson.get("topic").asText()).isEqualTo(app.topic(Topic.JOBS_COMMANDS));
        assertThat(notJson.get("payload").asText()).isEqualTo("{not json");
        assertThat(notJson.at("/error/type").asText()).isEqualTo("MalformedCommandException");
        assertThat(notJson.at("/error/detail").asText()).startsWith("not JSON: ");
        assertThat(notJson.get("attempts").asInt()).isZero();
        assertThat(notJson.get("route").asText()).isEqualTo("jobs-from-kafka");
        assertThat(wrongType.at("/error/detail").asText()).isEqualTo("job.lat: \"abc\" is not a number");
        assertThat(TestKafka.header(letters.get(0), BridgeHeaders.EVENT)).isEqualTo("dead_letter");
        // the correlation header wherever the record names its request_id
        assertThat(TestKafka.header(letters.get(0), BridgeHeaders.CORRELATION_ID)).isNull();
        assertThat(TestKafka.header(letters.get(1), BridgeHeaders.CORRELATION_ID)).isEqualTo("r-6");
        assertThat(requestsFor("HR-6", null)).isEmpty();
    }

    @Test
    void aCommandWhoseRetriesRanOutGoesToTheDeadLetterTopicWithItsAttempts() {
        send("HR-8", upsert("HR-8", "r-1", "Кассир"));
        String jobId = events("HR-8", 1).get(0).get("job_id").asText();
        sim.faults().onPaths("/jobs/" + jobId).failNext(3, 503);

        String update = upsert("HR-8", "r-2", "Старший кассир");
        send("HR-8", update);
        ConsumerRecord<String, String> record = records(Topic.DLQ, "HR-8", 1).get(0);
        JsonNode letter = json(record.value());

        assertThat(letter.get("payload").asText()).isEqualTo(update);
        assertThat(letter.at("/error/type").asText()).isEqualTo("ApiException");
        assertThat(letter.at("/error/http_status").asInt()).isEqualTo(503);
        assertThat(letter.at("/error/detail").asText()).isEqualTo("Simulated failure 503");
        assertThat(letter.get("attempts").asInt()).isEqualTo(3);
        assertThat(TestKafka.header(record, BridgeHeaders.CORRELATION_ID)).isEqualTo("r-2");
        assertThat(requestsFor("HR-8", jobId)).extracting(RecordedRequest::status).containsExactly(200, 503, 503, 503);
    }

    /** Camel keeps the earlier attempt's failure inside the last one's: the last one decides. */
    @Test
    void aRefusalAfterAServerErrorIsRejectedOnceNotADeadLetter() {
        send("HR-44", upsert("HR-44", "r-1", "Кассир"));
        String jobId = events("HR-44", 1).get(0).get("job_id").asText();
        sim.faults().onPaths("/jobs/" + jobId).failNext(1, 503).failNext(1, 422);

        send("HR-44", upsert("HR-44", "r-2", "Старший кассир"));
        JsonNode rejected = events("HR-44", 2).get(1);

        assertThat(rejected.get("event").asText()).as(rejected.toString()).isEqualTo("rejected");
        assertThat(rejected.at("/error/http_status").asInt()).isEqualTo(422);
        assertThat(requestsFor("HR-44", jobId)).extracting(RecordedRequest::status).containsExactly(200, 503, 422);
    }

    /**
     * A close and a revive whose answers are lost were carried out all the same: repeated, the close was refused
     * (the job closed, the record active) and the revive, a paid publication, was sent twice.
     */
    @Test
    void aCloseAndAReviveWhoseAnswersAreLostAreNotSentAgain() {
        closeAndReviveWhoseAnswersAreLostAreSentOnce("HR-46");
    }

    /** A job created, closed and revived, the answers of the close and the revive lost; its job id. */
    private String closeAndReviveWhoseAnswersAreLostAreSentOnce(String externalId) {
        send(externalId, upsert(externalId, "r-1", "Кассир"));
        String jobId = events(externalId, 1).get(0).get("job_id").asText();

        sim.faults().onPaths("/jobs/" + jobId + "/close").loseAnswerNext(1);
        send(externalId, "{\"command\":\"close\",\"external_id\":\"" + externalId + "\"}");
        sim.faults().onPaths("/jobs/" + jobId + "/revive").loseAnswerNext(1);
        send(externalId, "{\"command\":\"revive\",\"external_id\":\"" + externalId + "\"}");
        List<JsonNode> events = events(externalId, 3);

        assertThat(events).extracting(event -> event.get("event").asText())
                .containsExactly("created", "closed", "revived");
        assertThat(requestsFor(externalId, jobId)).extracting(request -> request.method() + " " + request.path())
                .containsOnlyOnce("POST /jobs/" + jobId + "/close", "POST /jobs/" + jobId + "/revive");
        return jobId;
    }

    /** A crash between the close and its record: the command read again finds the job closed already. */
    @Test
    void aCloseOfAJobClosedAlreadyIsClosedNotRejected() {
        send("HR-47", upsert("HR-47", "r-1", "Кассир"));
        long jobId = Long.parseLong(events("HR-47", 1).get(0).get("job_id").asText());
        sim.state().closeJob(jobId, null);

        send("HR-47", "{\"command\":\"close\",\"external_id\":\"HR-47\"}");

        JsonNode closed = events("HR-47", 2).get(1);
        assertThat(closed.get("event").asText()).as(closed.toString()).isEqualTo("closed");
    }

    /**
     * {@code GET /jobs/<id>} as the document prints it, {@code "data": [ {...} ]}: the job read before a repeat, and
     * after a refusal, was taken for one in no status, so the lost revive was paid twice and the close of a closed
     * job rejected.
     */
    @Test
    void theJobReadAsAnArrayServesTheLookUpsBeforeARepeatAndAfterARefusal() {
        sim.config().jobArrayOnGet(true);
        try {
            String jobId = closeAndReviveWhoseAnswersAreLostAreSentOnce("HR-48");

            sim.state().closeJob(Long.parseLong(jobId), null);
            send("HR-48", "{\"command\":\"close\",\"external_id\":\"HR-48\"}");
            JsonNode closed = events("HR-48", 4).get(3);
            assertThat(closed.get("event").asText()).as(closed.toString()).isEqualTo("closed");
        } finally {
            sim.config().jobArrayOnGet(false);
        }
    }

    /** Kafka keeps one key's records in order: a command keyed otherwise than by its external_id is said once. */
    @Test
    void aCommandKeyedOtherwiseThanByItsExternalIdIsHandledAndSaidOnce() {
        try (LogCapture logs = new LogCapture()) {
            send("KEY-A", upsert("HR-49", "r-1", "Кассир"));
            send("KEY-B", upsert("HR-49", "r-2", "Старший кассир"));

            assertThat(events("HR-49", 2)).extracting(event -> event.path("event").asText())
                    .containsExactly("created", "updated");
            assertThat(logs.lines("WARN", "jobs-from-kafka: a job command keyed KEY-A names external_id HR-49: key"
                    + " each command by its external_id")).isOne();
            assertThat(logs.lines("WARN", "keyed KEY-B")).isZero();
        }
    }

    @Test
    void commandsOfOneExternalIdKeepTheirOrderWhileOthersRunBesideThem() {
        sim.faults().latency(15);
        for (int i = 1; i <= 12; i++) {
            send("HR-7", upsert("HR-7", "r-" + i, "Грузчик " + i));
            send("HR-7-" + i, upsert("HR-7-" + i, "r-" + i, "Грузчик"));
        }
        List<JsonNode> events = events("HR-7", 12);

        assertThat(events).extracting(event -> event.get("request_id").asText())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> "r-" + i).toList());
        assertThat(events).extracting(event -> event.get("event").asText())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> i == 1 ? "created" : "updated")
                        .toList());
        assertThat(requestsFor("HR-7", null)).extracting(request -> json(request.body()).at("/job/title").asText())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> "Грузчик " + i).toList());
        assertThat(sim.state().jobsByExternalId("HR-7")).singleElement()
                .satisfies(job -> assertThat(job.title()).isEqualTo("Грузчик 12"));
        assertThat(values(TestKafka.consume(app.topic(Topic.JOBS_EVENTS), Integer.MAX_VALUE, Duration.ofSeconds(1))))
                .filteredOn(event -> event.get("external_id").asText().startsWith("HR-7-"))
                .extracting(event -> event.get("event").asText()).hasSize(12).containsOnly("created");
    }
}
