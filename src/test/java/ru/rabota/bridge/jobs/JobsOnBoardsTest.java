package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhPublishedVacancy;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * One vacancy on VK Работа and hh.ru at once (CONTRACT.md section 6), from Kafka and from a feed, against both
 * simulators: one event per board, each board's refusals on their own, close and revive on both, a lost publication
 * answer, and an hh.ru outage that does not hold VK Работа back.
 */
class JobsOnBoardsTest extends BoardsTestSupport {

    @Test
    void anUpsertPublishesOnBothBoardsThenUpdatesBothAndUnchangedContentCallsNeither() {
        send("B-1", upsertBoth("B-1", "Курьер"));
        List<JsonNode> created = events("B-1", 2);
        JsonNode vk = on("vkrabota", created);
        JsonNode onHh = on("hh", created);
        String vkId = vk.get("job_id").asText();
        String hhId = onHh.get("job_id").asText();

        assertThat(vk.get("event").asText()).isEqualTo("created");
        assertThat(onHh.get("event").asText()).isEqualTo("created");
        assertThat(onHh.get("request_id").asText()).isEqualTo("r-B-1");
        assertThat(sim.state().jobsByExternalId("B-1")).singleElement()
                .satisfies(job -> assertThat(String.valueOf(job.id())).isEqualTo(vkId));
        assertThat(hh.publishedVacancies()).filteredOn(v -> "B-1".equals(v.code())).singleElement()
                .satisfies(vacancy -> assertThat(vacancy.id()).isEqualTo(hhId));
        RecordedRequest post = hhRequests("B-1").get(0);
        assertThat(post.method() + " " + post.path() + " " + post.status()).isEqualTo("POST /vacancies 201");
        JsonNode body = json(post.body());
        assertThat(body.get("name").asText()).isEqualTo("Курьер");
        assertThat(body.get("code").asText()).isEqualTo("B-1");
        assertThat(body.get("description").asText()).isEqualTo(HH_DESCRIPTION);
        assertThat(body.get("area")).isEqualTo(json("{\"id\":\"1\"}"));
        assertThat(body.get("professional_roles")).isEqualTo(json("[{\"id\":\"96\"}]"));
        assertThat(body.get("billing_type")).isEqualTo(json("{\"id\":\"standard\"}"));
        assertThat(body.get("type")).isEqualTo(json("{\"id\":\"open\"}"));
        assertThat(body.get("salary_range")).isEqualTo(json("""
                {"from":50000,"to":70000,"currency":"RUR","gross":false,"mode":{"id":"MONTH"},
                 "frequency":{"id":"MONTHLY"}}"""));
        assertThat(body.has("ignore_duplicates")).isFalse();

        // a changed salary: both boards edit, hh.ru gets the composite field whole and no create-only field
        send("B-1", upsertBoth("B-1", "Курьер").replace("70000", "80000"));
        List<JsonNode> updated = eventsFrom("B-1", 2, 4);

        assertThat(on("vkrabota", updated).get("event").asText()).isEqualTo("updated");
        assertThat(on("hh", updated).get("event").asText()).isEqualTo("updated");
        assertThat(on("hh", updated).get("job_id").asText()).isEqualTo(hhId);
        RecordedRequest edit = hhRequests("B-1", hhId).get(1);
        assertThat(edit.method() + " " + edit.path() + " " + edit.status()).isEqualTo("PUT /vacancies/" + hhId + " 204");
        assertThat(json(edit.body()).get("salary_range")).isEqualTo(json("""
                {"from":50000,"to":80000,"currency":"RUR","gross":false,"mode":{"id":"MONTH"},
                 "frequency":{"id":"MONTHLY"}}"""));
        assertThat(json(edit.body()).has("area")).isFalse();
        assertThat(json(edit.body()).has("type")).isFalse();
        assertThat(hh.vacancy(hhId).body().at("/salary_range/to").asInt()).isEqualTo(80000);
        assertThat(requestsFor("B-1", vkId)).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /jobs", "PUT /jobs/" + vkId);
        int vkBefore = requestsFor("B-1", vkId).size();
        int hhBefore = hhRequests("B-1", hhId).size();

        send("B-1", upsertBoth("B-1", "Курьер").replace("70000", "80000"));
        List<JsonNode> unchanged = eventsFrom("B-1", 4, 6);

        assertThat(on("vkrabota", unchanged).get("event").asText()).isEqualTo("unchanged");
        assertThat(on("hh", unchanged).get("event").asText()).isEqualTo("unchanged");
        assertThat(on("hh", unchanged).get("job_id").asText()).isEqualTo(hhId);
        assertThat(requestsFor("B-1", vkId)).hasSize(vkBefore);
        assertThat(hhRequests("B-1", hhId)).hasSize(hhBefore);

        // the salary taken away: hh.ru is told to clear it (an edit changes only the fields it sends)
        send("B-1", upsertBoth("B-1", "Курьер").replace("\"salary_from\":50000,\"salary_to\":70000,", ""));
        assertThat(on("hh", eventsFrom("B-1", 6, 8)).get("event").asText()).isEqualTo("updated");
        RecordedRequest cleared = hhRequests("B-1", hhId).get(hhBefore);
        assertThat(json(cleared.body()).get("salary_range").isNull()).as(cleared.body()).isTrue();
        assertThat(hh.vacancy(hhId).body().path("salary_range").isNull()
                || hh.vacancy(hhId).body().path("salary_range").isMissingNode()).isTrue();
    }

    @Test
    void aBetterBillingTypeGoesToHhRuAloneAfterTheOtherChangesAndAWorseOneIsRefusedInItsWords() {
        String onlyHh = "\"hh\"";
        send("B-12", upsert("B-12", "Развозчик воды", onlyHh, validHh()));
        String hhId = events("B-12", 1).get(0).get("job_id").asText();

        // before, any billing type change was rejected without a call ("close it and publish anew": paid)
        send("B-12", upsert("B-12", "Развозчик воды на авто", onlyHh, validHh().replace("standard", "premium")));
        assertThat(eventsFrom("B-12", 1, 2).get(0).get("event").asText()).isEqualTo("updated");
        List<RecordedRequest> edits = hhRequests("B-12", hhId).stream().filter(r -> r.method().equals("PUT")).toList();
        assertThat(edits).extracting(RecordedRequest::status).containsExactly(204, 204);
        assertThat(json(edits.get(0).body()).get("name").asText()).isEqualTo("Развозчик воды на авто");
        assertThat(json(edits.get(0).body()).has("billing_type")).isFalse();
        assertThat(json(edits.get(1).body())).isEqualTo(json("{\"billing_type\":{\"id\":\"premium\"}}"));
        assertThat(hh.vacancy(hhId).body().at("/billing_type/id").asText()).isEqualTo("premium");

        // hh.ru takes a billing type only upwards: its refusal, the rest of the change made
        send("B-12", upsert("B-12", "Развозчик воды", onlyHh, validHh().replace("standard", "free")));
        JsonNode refused = eventsFrom("B-12", 2, 3).get(0);
        assertThat(refused.get("event").asText()).isEqualTo("rejected");
        assertThat(refused.at("/error/detail").asText()).contains("value_conflict_with_business_rules");
        assertThat(hh.vacancy(hhId).body().path("name").asText()).isEqualTo("Развозчик воды");
        assertThat(hh.vacancy(hhId).body().at("/billing_type/id").asText()).isEqualTo("premium");
    }

    @Test
    void anHhRecordReadAgainAfterACrashGetsTheAnswerItHadWithoutAnotherPublication() throws Exception {
        RecordMetadata command = send("B-9", upsertBoth("B-9", "Оператор склада"));
        String hhId = on("hh", events("B-9", 2)).get("job_id").asText();
        int published = hh.publicationsUsed();

        stop();
        rewind("rabota-bridge-jobs-hh", command);
        start();

        List<JsonNode> all = events("B-9", 3);
        JsonNode replayed = all.get(2);
        assertThat(replayed.get("board").asText()).isEqualTo("hh");
        assertThat(replayed.get("event").asText()).isEqualTo("created");
        assertThat(replayed.get("job_id").asText()).isEqualTo(hhId);
        assertThat(hh.publicationsUsed()).isEqualTo(published);
        assertThat(hhRequests("B-9")).extracting(request -> request.method() + " " + request.path())
                .containsOnlyOnce("POST /vacancies");
    }

    /** hh.ru's consumer group read again from an upsert older than a close: no new publication of the vacancy. */
    @Test
    void anHhUpsertOlderThanTheCloseAnsweredAfterItIsUnchangedWithoutAPublication() throws Exception {
        RecordMetadata upsert = send("B-10", upsertBoth("B-10", "Комплектовщик ночной смены"));
        events("B-10", 2);
        send("B-10", "{\"command\":\"close\",\"external_id\":\"B-10\",\"reason\":\"closed_found\"}");
        String hhId = on("hh", eventsFrom("B-10", 2, 4)).get("job_id").asText();
        int published = hh.publicationsUsed();

        stop();
        rewind("rabota-bridge-jobs-hh", upsert);
        start();

        List<JsonNode> again = eventsFrom("B-10", 4, 6);
        assertThat(again).extracting(event -> event.get("board").asText() + " " + event.get("event").asText())
                .containsExactly("hh unchanged", "hh closed");
        assertThat(hh.publicationsUsed()).isEqualTo(published);
        assertThat(hh.vacancy(hhId).archived()).isTrue();
        assertThat(hhRequests("B-10")).extracting(request -> request.method() + " " + request.path())
                .containsOnlyOnce("POST /vacancies");
    }

    @Test
    void aCommandHhRefusesBeforeAnyCallIsPublishedOnVkRabotaAndRejectedOnHhNamingTheFields() {
        send("B-2", upsert("B-2", "Кладовщик", "\"vkrabota\",\"hh\"",
                "\"description\":\"" + HH_DESCRIPTION + "\",\"billing_type\":\"standard\",\"type\":\"open\""));
        List<JsonNode> events = events("B-2", 2);

        assertThat(on("vkrabota", events).get("event").asText()).isEqualTo("created");
        JsonNode refused = on("hh", events);
        assertThat(refused.get("event").asText()).isEqualTo("rejected");
        assertThat(refused.get("job_id").isNull()).isTrue();
        assertThat(refused.at("/error/detail").asText()).contains("hh.area: missing")
                .contains("hh.professional_roles: missing");
        assertThat(hhRequests("B-2")).isEmpty();
        assertThat(hhPublications("B-2")).isZero();
    }

    @Test
    void hhRusOwnRefusalIsRejectedInItsWordsWhileVkRabotaPublishes() {
        // 113 (Россия) is an area, but no leaf: the bundle's own checks let it through, hh.ru does not
        send("B-3", upsert("B-3", "Повар", "\"vkrabota\",\"hh\"", validHh().replace("\"area\":\"1\"",
                "\"area\":\"113\"")));
        List<JsonNode> events = events("B-3", 2);

        assertThat(on("vkrabota", events).get("event").asText()).isEqualTo("created");
        JsonNode refused = on("hh", events);
        assertThat(refused.get("event").asText()).isEqualTo("rejected");
        assertThat(refused.at("/error/http_status").asInt()).isEqualTo(400);
        assertThat(refused.at("/error/detail").asText()).contains("bad_json_data").contains("area")
                .contains("chosen_area_is_not_a_leaf_or_not_exist").contains("/area");
        assertThat(hhRequests("B-3")).extracting(RecordedRequest::status).containsExactly(400);
        assertThat(hhPublications("B-3")).isZero();
    }

    /**
     * Two vacancies of the employer alike (the same name in the same area, two external_ids): hh.ru refuses the second
     * as a duplicate of the first, which is not of its code, so it is published with {@code ignore_duplicates=true},
     * once. Before, it was rejected: an employer could not have two "Бариста" in Moscow.
     */
    @Test
    void aVacancyHhRuTakesForADuplicateOfAnotherExternalIdsIsPublishedAllTheSame() {
        // values already in hh.ru's shape go out as they are
        send("B-7", upsert("B-7", "Бариста", "\"hh\"", validHh().replace("\"area\":\"1\"", "\"area\":{\"id\":\"1\"}")
                .replace("[\"96\"]", "[{\"id\":\"96\"}]")));
        String first = events("B-7", 1).get(0).get("job_id").asText();
        JsonNode published = json(hhRequests("B-7").get(0).body());
        assertThat(published.get("area")).isEqualTo(json("{\"id\":\"1\"}"));
        assertThat(published.get("professional_roles")).isEqualTo(json("[{\"id\":\"96\"}]"));

        // the same name in the same area under another code: hh.ru's duplicate, and not this command's vacancy
        send("B-8", upsert("B-8", "Бариста", "\"vkrabota\",\"hh\"", validHh()));
        List<JsonNode> events = events("B-8", 2);

        assertThat(on("vkrabota", events).get("event").asText()).isEqualTo("created");
        JsonNode created = on("hh", events);
        assertThat(created.get("event").asText()).as(created.toString()).isEqualTo("created");
        assertThat(created.get("job_id").asText()).isNotEqualTo(first);
        assertThat(hhRequests("B-8")).extracting(request -> request.method() + " " + request.rawQuery() + " "
                + request.status()).containsExactly("POST null 403", "POST ignore_duplicates=true 201");
        assertThat(hhPublications("B-8")).isOne();
        assertThat(hhPublications("B-7")).isOne();
    }

    /**
     * An edit that makes a vacancy alike to another external_id's (the same name in the same area) is made, as its
     * publication would have been: an edit publishes nothing, so hh.ru's duplicate check protects nothing here. Before,
     * it was rejected as {@code vacancies: duplicate}, and the change never reached hh.ru.
     */
    @Test
    void anEditMakingAVacancyAlikeToAnotherExternalIdsIsMade() {
        send("B-60", upsert("B-60", "Сомелье", "\"hh\"", validHh()));
        events("B-60", 1);
        send("B-61", upsert("B-61", "Хостес", "\"hh\"", validHh()));
        String hhId = events("B-61", 1).get(0).get("job_id").asText();

        send("B-61", upsert("B-61", "Сомелье", "\"hh\"", validHh()));

        JsonNode updated = eventsFrom("B-61", 1, 2).get(0);
        assertThat(updated.get("event").asText()).as(updated.toString()).isEqualTo("updated");
        assertThat(hh.vacancy(hhId).name()).isEqualTo("Сомелье");
        assertThat(hhRequests("B-61", hhId)).filteredOn(request -> request.method().equals("PUT"))
                .extracting(request -> request.rawQuery() + " " + request.status())
                .containsExactly("ignore_duplicates=true 204");
    }

    /**
     * A publication whose first answer was lost (for all the bridge knows, it published), refused when repeated as
     * alike to more vacancies than hh.ru names (it names five), none of them of its code: one of the others may be its
     * own, so it is not published again with {@code ignore_duplicates}; the refusal says how many hh.ru found.
     */
    @Test
    void aRepeatedPublicationRefusedAsADuplicateOfVacanciesNotAllNamedPublishesNothingMore() {
        for (int i = 0; i < 6; i++) {
            send("B-" + (20 + i), upsert("B-" + (20 + i), "Повар", "\"hh\"", validHh()));
            events("B-" + (20 + i), 1);
        }
        int usedBefore = hh.publicationsUsed();
        hh.loseNextPublishAnswer();

        send("B-26", upsert("B-26", "Повар", "\"hh\"", validHh()));
        JsonNode refused = events("B-26", 1).get(0);

        assertThat(refused.get("event").asText()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.at("/error/detail").asText()).matches("vacancies: duplicate \\((\\d+, ){4}\\d+; \\d+ found\\); .*");
        // here hh.ru refused the first POST too (its answer lost: status -1 in the record)
        assertThat(hh.publicationsUsed() - usedBefore).isZero();
        assertThat(hhRequests("B-26")).extracting(RecordedRequest::status).containsExactly(-1, 403);
        assertThat(refused.at("/error/detail").asText()).as("the intent kept").endsWith("; an earlier attempt's"
                + " answer was lost and it may have published: the next command of this external_id looks for it"
                + " first");

        // sent again: the intent kept makes it no fresh publication, which the same refusal would have forced
        // (before, the intent was undone, and the second upsert went out with ignore_duplicates=true)
        send("B-26", upsert("B-26", "Повар", "\"hh\"", validHh()));

        assertThat(eventsFrom("B-26", 1, 2).get(0).get("event").asText()).isEqualTo("rejected");
        assertThat(hhRequests("B-26")).extracting(RecordedRequest::rawQuery).doesNotContain("ignore_duplicates=true");
        assertThat(hh.publicationsUsed() - usedBefore).isZero();
    }

    /**
     * A close without boards acts where the external_id was published: an upsert that hh.ru's part refused published
     * nothing there, so the close is VK Работа's alone, as it is after a restart. Before, the boards of the last
     * upsert read were remembered as named, and hh.ru answered the close "unknown" until the process restarted.
     */
    @Test
    void aCloseWithoutBoardsAfterAnUpsertHhRuRefusedIsVkRabotasAlone() throws Exception {
        send("B-30", upsert("B-30", "Курьер", "\"vkrabota\",\"hh\"", ""));
        List<JsonNode> upserted = events("B-30", 2);
        assertThat(on("hh", upserted).get("event").asText()).isEqualTo("rejected");

        send("B-30", "{\"command\":\"close\",\"external_id\":\"B-30\"}");
        JsonNode closed = eventsFrom("B-30", 2, 3).get(0);
        Thread.sleep(2_000);

        assertThat(closed.get("board").asText()).isEqualTo("vkrabota");
        assertThat(closed.get("event").asText()).isEqualTo("closed");
        assertThat(events("B-30", 3)).as("no event of hh.ru for the close").hasSize(3);
    }

    @Test
    void anUnknownBoardIsRejectedOnItsOwn() {
        send("B-4", upsert("B-4", "Грузчик", "\"vkrabota\",\"superjob\"", ""));
        List<JsonNode> events = events("B-4", 2);

        assertThat(on("vkrabota", events).get("event").asText()).isEqualTo("created");
        JsonNode unknown = on("superjob", events);
        assertThat(unknown.get("event").asText()).isEqualTo("rejected");
        assertThat(unknown.at("/error/detail").asText()).contains("boards: \"superjob\" is none of [vkrabota, hh]");
        assertThat(hhRequests("B-4")).isEmpty();
    }

    /**
     * A null among the boards is no board id but a wrong type: a dead letter. Before, it failed every poll of both job
     * consumers (a NullPointerException, logged as "null"), and no job command after it, on any partition, was answered.
     */
    @Test
    void aNullAmongTheBoardsIsADeadLetterAndTheCommandsAfterItGoOn() {
        send("B-40", upsert("B-40", "Курьер", "\"vkrabota\",null", ""));
        send("B-41", upsert("B-41", "Курьер", "\"vkrabota\"", ""));

        JsonNode letter = json(records(Topic.DLQ, "B-40", 1).get(0).value());
        assertThat(letter.at("/error/detail").asText()).isEqualTo("boards: [\"vkrabota\",null] holds a null, not a board id");
        assertThat(on("vkrabota", events("B-41", 1)).get("event").asText()).isEqualTo("created");
        assertThat(requestsFor("B-40", null)).isEmpty();
    }

    /**
     * A salary period of none of the known values ("Hourly") is rejected on hh.ru as on VK Работа: before, hh.ru
     * published the hourly wage as a monthly salary (mode MONTH), while VK Работа refused the command.
     */
    @Test
    void aSalaryPeriodOfNoKnownValueIsRejectedOnHhRuToo() {
        send("B-42", upsertBoth("B-42", "Курьер").replace("\"monthly\"", "\"Hourly\""));
        List<JsonNode> events = events("B-42", 2);

        assertThat(on("vkrabota", events).get("event").asText()).isEqualTo("rejected");
        JsonNode onHh = on("hh", events);
        assertThat(onHh.get("event").asText()).isEqualTo("rejected");
        assertThat(onHh.at("/error/detail").asText())
                .isEqualTo("job.salary_period: 'Hourly' is not one of hourly, daily, monthly");
        assertThat(hhPublications("B-42")).isZero();
    }

    /**
     * A vacancy whose list fields, given as cells of ids ("A|A|..."), grow past what one Kafka request takes is
     * rejected before its "creating" intent is written, and the command after it goes on. Before, the intent's write
     * was refused for its size and taken for Kafka unavailable: hh.ru's consumer read that poll again for ever, and
     * no hh.ru command of its partition was answered again.
     */
    @Test
    void aVacancyTooLargeForItsRecordIsRejectedAndTheCommandsAfterItGoOn() {
        String ids = "\"" + "A|".repeat(30_000) + "\"";
        String lists = ",\"work_format\":" + ids + ",\"working_hours\":" + ids + ",\"working_days\":" + ids
                + ",\"driver_license_types\":" + ids;
        send("B-43", upsert("B-43", "Курьер", "\"hh\"", validHh() + lists));
        send("B-43", upsert("B-43", "Курьер", "\"hh\"", validHh()));

        List<JsonNode> events = events("B-43", 2);
        assertThat(events.get(0).get("event").asText()).isEqualTo("rejected");
        assertThat(events.get(0).at("/error/detail").asText())
                .startsWith("hh: the vacancy has 1,320,").contains("characters, more than the 262,144");
        assertThat(events.get(1).get("event").asText()).isEqualTo("created");
        assertThat(hhPublications("B-43")).isOne();
    }

    @Test
    void aVacancyHhRuArchivedAlreadyIsClosedAndCanBeRevived() {
        send("B-15", upsert("B-15", "Фасовщик", "\"hh\"", validHh()));
        String oldId = on("hh", events("B-15", 1)).get("job_id").asText();
        // archived meanwhile on hh.ru's side (it expired, or an earlier archive's answer was lost): hh.ru answers a
        // second archive 404, as for a vacancy it does not know
        hh.archiveVacancy(oldId);

        send("B-15", "{\"command\":\"close\",\"external_id\":\"B-15\"}");

        // before, rejected (404), and the record stayed active: a revive was refused as active, for good
        assertThat(eventsFrom("B-15", 1, 2).get(0).get("event").asText()).isEqualTo("closed");
        assertThat(hh.requests()).anyMatch(request -> request.is("GET", "/vacancies/" + oldId));
        send("B-15", "{\"command\":\"revive\",\"external_id\":\"B-15\"}");
        JsonNode revived = eventsFrom("B-15", 2, 3).get(0);
        assertThat(revived.get("event").asText()).as(revived.toString()).isEqualTo("revived");
        assertThat(hh.vacancy(revived.get("job_id").asText()).previousId()).isEqualTo(oldId);
    }

    @Test
    void aRepublicationHhRuRefusesLeavesTheClosedVacancyAsItWasForARevive() {
        send("B-16", upsert("B-16", "Пекарь", "\"hh\"", validHh()));
        String oldId = on("hh", events("B-16", 1)).get("job_id").asText();
        send("B-16", "{\"command\":\"close\",\"external_id\":\"B-16\"}");
        assertThat(eventsFrom("B-16", 1, 2).get(0).get("event").asText()).isEqualTo("closed");
        // an upsert of the closed vacancy publishes it anew; hh.ru refuses this body (113 is no leaf area)
        send("B-16", upsert("B-16", "Пекарь", "\"hh\"", validHh().replace("\"area\":\"1\"", "\"area\":\"113\"")));
        assertThat(eventsFrom("B-16", 2, 3).get(0).get("event").asText()).isEqualTo("rejected");

        send("B-16", "{\"command\":\"revive\",\"external_id\":\"B-16\"}");

        // before, the record kept the refused body, which the revive sent again: rejected once more
        JsonNode revived = eventsFrom("B-16", 3, 4).get(0);
        assertThat(revived.get("event").asText()).as(revived.toString()).isEqualTo("revived");
        assertThat(hh.vacancy(revived.get("job_id").asText()).body().at("/area/id").asText()).isEqualTo("1");
        assertThat(hh.vacancy(revived.get("job_id").asText()).previousId()).isEqualTo(oldId);
    }

    /**
     * An upsert to both boards and a close without boards read by hh.ru's consumer in one poll: before, the close
     * picked its boards before the upsert had run, found none knowing the id and left hh.ru's vacancy published.
     */
    @Test
    void aCloseReadInThePollOfItsUpsertClosesOnEveryBoardTheUpsertNamed() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // hh.ru's consumer held on another vacancy, so that the next two commands come in its next poll together
        hh.faults().beforeEach(path -> {
            if (path.equals("/vacancies") && holding.getCount() > 0) {
                holding.countDown();
                Latches.awaitQuietly(release, Duration.ofSeconds(30));
            }
        });
        send("B-HOLD", upsert("B-HOLD", "Курьер", "\"hh\"", validHh()));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        send("B-POLL", upsertBoth("B-POLL", "Сборщик"));
        send("B-POLL", "{\"command\":\"close\",\"external_id\":\"B-POLL\"}");
        Thread.sleep(500);
        release.countDown();

        List<JsonNode> events = events("B-POLL", 4);
        assertThat(events.stream().filter(event -> event.path("board").asText().equals("hh"))
                .map(event -> event.path("event").asText())).containsExactly("created", "closed");
        String hhId = events.stream().filter(event -> event.path("board").asText().equals("hh")).findFirst()
                .orElseThrow().path("job_id").asText();
        assertThat(hh.vacancy(hhId).archived()).isTrue();
    }

    @Test
    void closeArchivesOnBothBoardsAndRevivePublishesTheHhVacancyAnewWithPreviousId() {
        send("B-5", upsertBoth("B-5", "Сборщик"));
        String oldId = on("hh", events("B-5", 2)).get("job_id").asText();

        send("B-5", "{\"command\":\"close\",\"external_id\":\"B-5\",\"reason\":\"closed_found\"}");
        List<JsonNode> closed = eventsFrom("B-5", 2, 4);

        assertThat(on("vkrabota", closed).get("event").asText()).isEqualTo("closed");
        assertThat(on("hh", closed).get("event").asText()).isEqualTo("closed");
        assertThat(sim.state().jobsByExternalId("B-5").get(0).status()).isEqualTo("closed");
        assertThat(hh.vacancy(oldId).archived()).isTrue();
        // the employer id of the archive comes from GET /me
        assertThat(hh.requests()).anyMatch(request -> request.is("GET", "/me"));
        assertThat(hh.requests()).anyMatch(request -> request.is("PUT",
                "/employers/" + hh.employerId() + "/vacancies/archived/" + oldId) && request.status() == 204);

        send("B-5", "{\"command\":\"revive\",\"external_id\":\"B-5\"}");
        List<JsonNode> revived = eventsFrom("B-5", 4, 6);

        assertThat(on("vkrabota", revived).get("event").asText()).isEqualTo("revived");
        JsonNode republished = on("hh", revived);
        assertThat(republished.get("event").asText()).isEqualTo("revived");
        String newId = republished.get("job_id").asText();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(hh.vacancy(newId).previousId()).isEqualTo(oldId);
        assertThat(hh.vacancy(newId).archived()).isFalse();
        assertThat(hh.vacancy(oldId).archived()).isTrue();
        assertThat(sim.state().jobsByExternalId("B-5").get(0).status()).isEqualTo("active");

        // the new id is the one a later edit goes to
        send("B-5", upsertBoth("B-5", "Сборщик заказов"));
        assertThat(on("hh", eventsFrom("B-5", 6, 8)).get("job_id").asText()).isEqualTo(newId);
        assertThat(hh.vacancy(newId).name()).isEqualTo("Сборщик заказов");
    }

    @Test
    void aLostPublicationAnswerMakesOneVacancyAndOneCreatedEvent() {
        int usedBefore = hh.publicationsUsed();
        hh.loseNextPublishAnswer();

        send("B-6", upsert("B-6", "Администратор", "\"hh\"", validHh()));
        JsonNode created = events("B-6", 1).get(0);

        assertThat(created.get("board").asText()).isEqualTo("hh");
        assertThat(created.get("event").asText()).isEqualTo("created");
        assertThat(hh.publicationsUsed() - usedBefore).isEqualTo(1);
        assertThat(hh.publishedVacancies()).filteredOn(v -> "B-6".equals(v.code())).singleElement()
                .satisfies(vacancy -> assertThat(vacancy.id()).isEqualTo(created.get("job_id").asText()));
        // the repeat was refused as a duplicate, and the vacancy named there adopted after reading its code
        List<String> calls = hhRequests("B-6", created.get("job_id").asText()).stream()
                .map(r -> r.method() + " " + r.status()).toList();
        assertThat(calls.get(0)).isEqualTo("POST -1");
        assertThat(calls.subList(1, calls.size() - 1)).isNotEmpty().containsOnly("POST 403");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("GET 200");
        assertThat(TestKafka.consumeUntilQuiet(app.topic(Topic.JOBS_EVENTS), Duration.ofSeconds(1),
                Duration.ofSeconds(30))).filteredOn(record -> "B-6".equals(record.key())).hasSize(1);
    }

    /** As on VK Работа: before, hh.ru published it with code "" (paid) and the record was kept under "hh:". */
    @Test
    void aBlankExternalIdIsRejectedOnHhWithoutACall() {
        int usedBefore = hh.publicationsUsed();

        send("", upsert("", "Курьер без кода", "\"hh\"", validHh()));

        JsonNode refused = events("", 1).get(0);
        assertThat(refused.get("event").asText()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.at("/error/detail").asText()).isEqualTo("external_id: '' is blank");
        assertThat(hh.publicationsUsed()).isEqualTo(usedBefore);
        assertThat(hh.requests()).noneMatch(request -> request.body().contains("Курьер без кода"));
    }

    /**
     * The hh object's code is what hh.ru holds: before, the repeated POST's duplicate was not taken for this
     * command's vacancy, the command was rejected and its record forgotten while the vacancy stayed published.
     */
    @Test
    void aLostPublicationAnswerWithAnHhCodeAdoptsTheVacancyPublishedUnderThatCode() {
        int usedBefore = hh.publicationsUsed();
        hh.loseNextPublishAnswer();

        send("B-17", upsert("B-17", "Курьер с кодом магазина", "\"hh\"", validHh() + ",\"code\":\"SHOP-77/B-17\""));
        JsonNode created = events("B-17", 1).get(0);

        assertThat(created.get("event").asText()).as(created.toString()).isEqualTo("created");
        assertThat(hh.publicationsUsed() - usedBefore).isEqualTo(1);
        assertThat(hh.vacancy(created.get("job_id").asText()).code()).isEqualTo("SHOP-77/B-17");
        // the same content again is the vacancy published, not a duplicate to refuse
        send("B-17", upsert("B-17", "Курьер с кодом магазина", "\"hh\"", validHh() + ",\"code\":\"SHOP-77/B-17\""));
        assertThat(eventsFrom("B-17", 1, 2).get(0).get("event").asText()).isEqualTo("unchanged");
    }

    /** hh.ru archives a vacancy itself when it expires, and says nothing: the record still says active. */
    @Test
    void aReviveOfAVacancyHhRuArchivedItselfPublishesItAnew() {
        send("B-18", upsert("B-18", "Упаковщик", "\"hh\"", validHh()));
        String oldId = events("B-18", 1).get(0).get("job_id").asText();
        int usedBefore = hh.publicationsUsed();
        // live on hh.ru: a revive would pay for a second vacancy
        send("B-18", "{\"command\":\"revive\",\"external_id\":\"B-18\"}");
        assertThat(eventsFrom("B-18", 1, 2).get(0).at("/error/detail").asText())
                .startsWith("hh.ru vacancy " + oldId + " is active");
        assertThat(hh.publicationsUsed()).isEqualTo(usedBefore);
        hh.archiveVacancy(oldId);

        send("B-18", "{\"command\":\"revive\",\"external_id\":\"B-18\"}");

        // before, rejected as active, for good
        JsonNode revived = eventsFrom("B-18", 2, 3).get(0);
        assertThat(revived.get("event").asText()).as(revived.toString()).isEqualTo("revived");
        assertThat(hh.vacancy(revived.get("job_id").asText()).previousId()).isEqualTo(oldId);
        assertThat(hh.vacancy(revived.get("job_id").asText()).archived()).isFalse();
    }

    /**
     * An edit of a vacancy hh.ru archived itself is refused (403 unavailable_for_archived): before, the record stayed
     * active and every later upsert was refused the same way, for good.
     */
    @Test
    void anUpsertOfAVacancyHhRuArchivedItselfSaysSoAndTheNextOnePublishesItAnew() {
        send("B-19", upsert("B-19", "Грузчик склада", "\"hh\"", validHh()));
        String oldId = events("B-19", 1).get(0).get("job_id").asText();
        hh.archiveVacancy(oldId);

        send("B-19", upsert("B-19", "Грузчик склада (день)", "\"hh\"", validHh()));
        JsonNode refused = eventsFrom("B-19", 1, 2).get(0);
        assertThat(refused.get("event").asText()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.at("/error/detail").asText()).contains("unavailable_for_archived")
                .contains("archived vacancy " + oldId + " itself").contains("send the upsert again");

        send("B-19", upsert("B-19", "Грузчик склада (день)", "\"hh\"", validHh()));
        JsonNode republished = eventsFrom("B-19", 2, 3).get(0);
        assertThat(republished.get("event").asText()).as(republished.toString()).isEqualTo("revived");
        assertThat(hh.vacancy(republished.get("job_id").asText()).previousId()).isEqualTo(oldId);
        assertThat(hh.vacancy(republished.get("job_id").asText()).name()).isEqualTo("Грузчик склада (день)");
    }

    @Test
    void aFeedWithBoardsAndHhColumnsReportsEachRowOnEachBoard() {
        String header = "external_id;title;description;lat;long;address;profession_id;boards;hh.area;"
                + "hh.professional_roles;hh.description;hh.billing_type;hh.type\n";
        drop("boards.csv", header
                + "BF-1;Курьер на велосипеде;Доставка заказов;55,75;37,61;Москва;3;vkrabota|hh;1;96;" + HH_DESCRIPTION
                + ";standard;open\n"
                + "BF-2;Кассир;Работа в магазине;55,75;37,61;Москва;3;vkrabota|hh;;96;" + HH_DESCRIPTION
                + ";standard;open\n"
                + "BF-3;Повар;Кухня кафе;55,75;37,61;Москва;3;vkrabota;;;;;\n"
                + "BF-4;Повар;Кухня кафе;abc;37,61;Москва;3;hh;1;96;" + HH_DESCRIPTION + ";standard;open\n"
                + "BF-5;Повар;Кухня кафе;abc;37,61;Москва;3;vkrabota|hh;1;96;" + HH_DESCRIPTION
                + ";standard;open\n", StandardCharsets.UTF_8);

        List<String> report = lines(done().resolve("boards.csv.report.csv"));
        String hhId = hh.publishedVacancies().stream().filter(v -> "BF-1".equals(v.code()))
                .map(HhPublishedVacancy::id).findFirst().orElseThrow(() -> new AssertionError(report));
        String vkId = String.valueOf(sim.state().jobsByExternalId("BF-1").get(0).id());

        assertThat(report.get(0)).isEqualTo("row;external_id;outcome;job_id;detail;board");
        assertThat(report.subList(1, report.size())).containsExactlyInAnyOrder(
                "1;BF-1;created;" + vkId + ";;vkrabota",
                "1;BF-1;created;" + hhId + ";;hh",
                "2;BF-2;created;" + sim.state().jobsByExternalId("BF-2").get(0).id() + ";;vkrabota",
                "2;BF-2;rejected;;hh.area: missing;hh",
                "3;BF-3;created;" + sim.state().jobsByExternalId("BF-3").get(0).id() + ";;vkrabota",
                // an unreadable row is rejected on the boards it names, not on the default ones
                "4;BF-4;rejected;;lat: 'abc' is not a number;hh",
                "5;BF-5;rejected;;lat: 'abc' is not a number;vkrabota",
                "5;BF-5;rejected;;lat: 'abc' is not a number;hh");
        assertThat(hh.vacancy(hhId).body().get("professional_roles")).isEqualTo(json("[{\"id\":\"96\"}]"));
        assertThat(on("hh", events("BF-1", 2)).get("origin").asText()).isEqualTo("csv:boards.csv#1");
        assertThat(hhRequests("BF-2")).isEmpty();
        assertThat(hhRequests("BF-3")).isEmpty();
    }

    /**
     * A close without boards of a job upserted for hh.ru alone, read by VK Работа's consumer in a later poll while
     * hh.ru is down: no board's record knows the id yet. Before, VK Работа rejected it as unknown, an outcome of hh.ru's
     * outage (with hh.ru up, it answered nothing).
     */
    @Test
    void aCloseWithoutBoardsOfAJobUpsertedForHhAloneIsNoneOfVkRabotasWhileHhIsDown() {
        hh.faults().onPaths("/vacancies").serverErrors(1.0);
        // hh.ru's consumer waits out the outage on a command before it: the upsert is not started, nothing recorded
        send("BC-0", upsert("BC-0", "Оператор BC-0", "\"hh\"", validHh()));
        await().atMost(Duration.ofSeconds(30)).until(() -> hhRequests("BC-0").size() >= 2);
        send("BC-1", upsert("BC-1", "Оператор BC-1", "\"hh\"", validHh()));
        // VK Работа's consumer answered the upsert (nothing for it) once it answered the command after it
        send("BC-MARK-1", upsert("BC-MARK-1", "Курьер", "\"vkrabota\"", validHh()));
        assertThat(on("vkrabota", events("BC-MARK-1", 1)).get("event").asText()).isEqualTo("created");
        send("BC-1", "{\"command\":\"close\",\"external_id\":\"BC-1\"}");
        send("BC-MARK-2", upsert("BC-MARK-2", "Курьер", "\"vkrabota\"", validHh()));
        assertThat(on("vkrabota", events("BC-MARK-2", 1)).get("event").asText()).isEqualTo("created");
        hh.faults().reset();

        List<JsonNode> events = events("BC-1", 2);
        assertThat(events).extracting(event -> event.path("board").asText() + " " + event.path("event").asText())
                .containsExactly("hh created", "hh closed");
        assertThat(on("hh", events("BC-0", 1)).get("event").asText()).isEqualTo("created");
    }

    @Test
    void whileHhIsDownVkRabotaGoesOnAndHhCatchesUpOnceItAnswers() {
        hh.faults().onPaths("/vacancies").serverErrors(1.0);

        for (String id : List.of("BO-1", "BO-2", "BO-3")) {
            send(id, upsertBoth(id, "Оператор " + id));
            // each VK Работа event comes while hh.ru still fails, before the next command is sent
            assertThat(on("vkrabota", events(id, 1)).get("event").asText()).isEqualTo("created");
        }

        assertThat(hh.requests()).filteredOn(r -> r.is("POST", "/vacancies") && r.body().contains("\"BO-"))
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.status()).isGreaterThanOrEqualTo(500));
        assertThat(hh.publishedVacancies()).noneMatch(vacancy -> String.valueOf(vacancy.code()).startsWith("BO-"));
        hh.faults().reset();

        for (String id : List.of("BO-1", "BO-2", "BO-3")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(on("hh", events(id, 2)).get("event").asText()).isEqualTo("created"));
            assertThat(hhPublications(id)).isEqualTo(1);
        }
    }
}
