package ru.rabota.bridge.applications;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.applications.vk.VkApplications;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.HoldSecondSend;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkCandidate;
import ru.rabota.sandbox.vk.VkJob;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

// each case on a simulator and topics of its own, three side by side (~5 s each, mostly waiting on Kafka); the case
// that reads the log runs alone: the others' polls would log into it
@Execution(ExecutionMode.CONCURRENT)
class VkApplicationsPollTest extends PollTestSupport {

    /** Above a transaction marker (about 80 bytes), below any application event. */
    private static final String LIMIT = "300";
    private static final String LOG = "log";


    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void pagesThroughEveryApplicationOnceOldestFirstThenFromTheWatermarkMinusTheOverlap() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        List<VkApplication> seeded = harness.vk.seedApplications(120);

        harness.poll();

        List<ConsumerRecord<String, String>> events = harness.events();
        assertThat(events).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(seeded.stream().map(a -> "vkrabota:" + a.id()).toList());
        assertThat(events).allSatisfy(e -> {
            assertThat(TestKafka.header(e, BridgeHeaders.EVENT)).isEqualTo("application.created");
            assertThat(PollHarness.json(e).path("event").asText()).isEqualTo("application.created");
        });
        // keys spread over partitions; within each, the order is the order of creation
        assertThat(events.stream().collect(Collectors.groupingBy(ConsumerRecord::partition,
                Collectors.mapping(e -> PollHarness.json(e).path("application_id").asLong(), Collectors.toList()))))
                .allSatisfy((partition, ids) -> assertThat(ids).isSorted());
        List<RecordedRequest> pages = harness.listRequests();
        assertThat(pages).extracting(r -> r.param("page[number]")).containsExactly("1", "2", "3");
        assertThat(pages).extracting(r -> r.param("page[size]")).containsOnly("50");
        assertThat(pages).extracting(r -> r.param("created_from")).containsOnlyNulls();

        harness.poll();

        Instant newest = seeded.get(seeded.size() - 1).createdAt();
        assertThat(harness.listRequests()).extracting(r -> r.param("created_from"))
                .containsOnly(PollHarness.createdFrom(newest.minus(Duration.ofMinutes(10))));
        assertThat(harness.events()).hasSize(120);
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void anApplicationTooLargeForKafkaBecomesADeadLetterAndThePollGoesOn() {
        // requests of 100 KB (1 MB by default), so that the test moves less data
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of(
                "camel.component.kafka.max-request-size", "102400", "bridge.dlq.max-payload", "32KB"));
        List<VkApplication> seeded = harness.vk.seedApplications(3);
        // 120 KB of UTF-8 in the candidate's description: more than Kafka takes in one request
        VkCandidate verbose = harness.vk.state().addCandidate(VkCandidate.builder().description("о".repeat(60_000)));
        VkApplication tooLarge = harness.vk.state().addApplication(seeded.get(0).jobId(), verbose.id(), "unread",
                harness.vk.state().now());

        harness.poll();

        assertThat(harness.events()).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(
                seeded.stream().map(a -> "vkrabota:" + a.id()).toList());
        List<ConsumerRecord<String, String>> letters = TestKafka.consumeUntilQuiet(harness.topic(Topic.DLQ),
                Duration.ofMillis(400), Duration.ofSeconds(20));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo("vkrabota:" + tooLarge.id());
            JsonNode json = PollHarness.json(letter);
            assertThat(json.path("topic").asText()).isEqualTo(harness.topic(Topic.APPLICATIONS));
            assertThat(json.at("/error/type").asText()).contains("RecordTooLarge");
            assertThat(json.at("/error/detail").asText()).contains("max-request-size");
            assertThat(json.path("payload_truncated").asBoolean()).isTrue();
        });

        // seen: the next poll, whose overlap reads it again, neither publishes it nor writes another letter
        harness.poll();

        assertThat(harness.events()).hasSize(3);
        assertThat(TestKafka.consumeUntilQuiet(harness.topic(Topic.DLQ), Duration.ofMillis(400),
                Duration.ofSeconds(20))).hasSize(1);
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void applicationsArrivingWhileNewestFirstPagesAreReadAreNeitherMissedNorDuplicated() {
        harness = new PollHarness(new VkSimulatorConfig()
                .applicationsOrder(VkSimulatorConfig.ApplicationsOrder.NEWEST_FIRST)).start();
        harness.vk.seedApplications(120);
        long job = harness.vk.state().activeJobIds().get(0);
        AtomicInteger pageReads = new AtomicInteger();
        List<Long> arrived = Collections.synchronizedList(new ArrayList<>());
        // one application arrives before each page after the first: every later page shifts by one
        harness.vk.faults().beforeEach(path -> {
            if (path.equals("/applications") && pageReads.incrementAndGet() > 1) {
                arrived.add(harness.apply(job, "unread", harness.vk.state().now()).id());
            }
        });

        harness.poll();
        harness.vk.faults().reset();
        harness.poll();

        List<String> keys = harness.events().stream().map(ConsumerRecord::key).toList();
        assertThat(arrived).isNotEmpty();
        assertThat(keys).doesNotHaveDuplicates().hasSize(120 + arrived.size());
        assertThat(keys).containsAll(arrived.stream().map(id -> "vkrabota:" + id).toList());
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void anApplicationDatedAheadOfTheClockDoesNotMoveTheWatermarkPastTheApplicationsCreatedMeanwhile() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        long job = harness.vk.state().addJob("Курьер", "HR-AHEAD").id();
        // its created_at written with a wrong offset: three hours ahead of when VK showed it
        VkApplication ahead = harness.apply(job, "unread", harness.vk.state().now().plus(Duration.ofHours(3)));
        harness.poll();
        VkApplication meanwhile = harness.apply(job, "unread", harness.vk.state().now());

        harness.poll();

        // before, the watermark moved three hours ahead: the next polls asked from there and missed this one
        assertThat(harness.events()).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("vkrabota:" + ahead.id(), "vkrabota:" + meanwhile.id());
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void eventCarriesTheContractFieldsAndTheCandidateWithEveryRelationship() {
        harness = new PollHarness(new VkSimulatorConfig().videoResumeRelationship(true)).start();
        VkJob job = harness.vk.state().addJob("Курьер", "HR-1001");
        harness.store("jobState").put("HR-1001", "{\"job_id\":\"" + job.id() + "\",\"content_hash\":\"x\"}");
        VkCandidate candidate = harness.vk.state().addCandidate(VkCandidate.builder().name("Мария", "Сидорова")
                .phone("79995225325").nationalityId(1).hasAvatar(true)
                .experience("Служба доставки", "Доставка заказов", 18, true, 85)
                .experience("Кафе", "Официант", null, false, null));
        VkApplication application = harness.vk.state().addApplication(job.id(), candidate.id(), "read",
                Instant.parse("2019-03-08T07:15:00.123Z"));

        harness.poll();

        List<ConsumerRecord<String, String>> events = harness.events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("vkrabota:" + application.id());
        assertThat(TestKafka.header(events.get(0), BridgeHeaders.CORRELATION_ID)).isEqualTo("vkrabota:" + application.id() + ":read");
        JsonNode event = PollHarness.json(events.get(0));
        assertThat(event.path("event").asText()).isEqualTo("application.created");
        assertThat(event.path("source").asText()).isEqualTo("vkrabota");
        assertThat(event.path("application_id").asText()).isEqualTo(String.valueOf(application.id()));
        assertThat(event.path("job_id").asText()).isEqualTo(String.valueOf(job.id()));
        assertThat(event.path("external_job_id").asText()).isEqualTo("HR-1001");
        assertThat(event.path("status").asText()).isEqualTo("read");
        assertThat(event.has("previous_status") && event.path("previous_status").isNull()).isTrue();
        assertThat(event.path("created_at").asText()).isEqualTo("2019-03-08T10:15:00.123+03:00");
        JsonNode person = event.path("candidate");
        assertThat(person.path("id").asText()).isEqualTo(String.valueOf(candidate.id()));
        assertThat(person.path("first_name").asText()).isEqualTo("Мария");
        assertThat(person.path("phone").asText()).isEqualTo("79995225325");
        assertThat(person.path("last_online_time").isTextual()).isTrue();
        assertThat(person.at("/experiences/0/title").asText()).isEqualTo("Служба доставки");
        assertThat(person.at("/experiences/0/duration").asInt()).isEqualTo(18);
        assertThat(person.at("/experiences/0/profession/title").asText()).isEqualTo("актер");
        assertThat(person.at("/experiences/1/profession").isNull()).isTrue();
        assertThat(person.at("/nationality/name").isTextual()).isTrue();
        assertThat(person.at("/avatar/small").asText()).startsWith("https://");
        // a relationship the contract does not name passes through
        assertThat(person.has("video_resume")).isTrue();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void whenKafkaRefusesTheEventsNeitherStateNorWatermarkMoveAndTheNextPollSendsThemAll() throws Exception {
        // one record a batch: the broker's refusal then fails the send at once (a batch of several is split and
        // sent again until the delivery timeout, bounded here to 5 s, is over, keeping a core busy meanwhile)
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.state.timeout", "5s",
                "camel.component.kafka.producer-batch-size", "0"));
        harness.vk.seedApplications(60);
        String eventsTopic = harness.topic(Topic.APPLICATIONS);
        KafkaStateStore applicationState = harness.store("applicationState");
        KafkaStateStore watermarkState = harness.store("watermarkState");

        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            // the broker refuses every event as too large; the state topics still take their records
            maxMessageBytes(admin, eventsTopic, AlterConfigOp.OpType.SET);
            assertThatThrownBy(harness::poll).hasRootCauseInstanceOf(KafkaException.class);

            applicationState.readToEnd();
            assertThat(applicationState.size()).isZero();
            assertThat(watermarkState.get(VkApplications.WATERMARK_KEY)).isEmpty();
            assertThat(harness.events()).isEmpty();

            maxMessageBytes(admin, eventsTopic, AlterConfigOp.OpType.DELETE);
        }
        harness.poll();

        assertThat(harness.events()).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(60);
        assertThat(applicationState.size()).isEqualTo(60);
        assertThat(watermarkState.get(VkApplications.WATERMARK_KEY)).isPresent();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void anApplicationThePollCannotReadIsOneDeadLetterNamingTheFieldAndTheRestGoOut() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        String page = """
                {"data":[
                 {"id":"900001","type":"application","attributes":{"id":900001,"job_id":298,"status":"unread",
                  "created_at":"2026-12-01T10:00:00.000+03:00"},"relationships":{"candidate":{"data":null}}},
                 {"id":"900002","type":"application","attributes":{"id":900002,"job_id":298,"status":"unread",
                  "created_at":"01.12.2026 10:05"},"relationships":{"candidate":{"data":null}}},
                 {"id":"900003","type":"application","attributes":{"id":900003,"job_id":298,
                  "created_at":"2026-12-01T10:06:00.000+03:00"},"relationships":{"candidate":{"data":null}}}
                ]}""";
        // VK serves the unreadable ones to every poll; at the third, with content that changed but not their fault
        // (before, each version was lettered again)
        harness.vk.faults().onPaths("/applications").answerNext(2, page);
        harness.poll();
        harness.poll();
        harness.vk.faults().onPaths("/applications").answerNext(1, page.replace("\"job_id\":298,",
                "\"job_id\":298,\"candidate_id\":77,"));
        harness.poll();

        assertThat(harness.events()).extracting(ConsumerRecord::key).containsExactly("vkrabota:900001");
        List<JsonNode> letters = TestKafka.consumeUntilQuiet(harness.topic(Topic.DLQ), Duration.ofMillis(400),
                Duration.ofSeconds(20)).stream().map(PollHarness::json).toList();
        assertThat(letters).extracting(l -> l.path("key").asText()).containsExactly("vkrabota:900002",
                "vkrabota:900003");
        assertThat(letters.get(0).at("/error/detail").asText())
                .contains("created_at \"01.12.2026 10:05\" is no date and time with offset");
        assertThat(letters.get(1).at("/error/detail").asText()).contains("status null");
        assertThat(harness.store("watermarkState").get(VkApplications.WATERMARK_KEY)).isPresent();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void aServiceThatIgnoresThePageNumberEndsThePollWithAFailureInsteadOfBeingReadForever() {
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.applications.page-size", "2"));
        String page = """
                {"data":[
                 {"id":"910001","type":"application","attributes":{"id":910001,"job_id":298,"status":"unread",
                  "created_at":"2026-12-01T10:00:00.000+03:00"},"relationships":{"candidate":{"data":null}}},
                 {"id":"910002","type":"application","attributes":{"id":910002,"job_id":298,"status":"unread",
                  "created_at":"2026-12-01T10:01:00.000+03:00"},"relationships":{"candidate":{"data":null}}}
                ]}""";
        harness.vk.faults().onPaths("/applications").answerNext(1000, page);

        assertThatThrownBy(harness::poll).hasRootCauseMessage(
                "GET /applications (new applications): page 2 repeats page 1, page[number] seems ignored");

        assertThat(pagesAsked()).containsExactly("1", "2");
        assertThat(harness.store("watermarkState").get(VkApplications.WATERMARK_KEY)).isEmpty();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void readsTheNextPagesWhileKafkaCommitsABatchAndABatchThatFailsStopsThePollBeforeTheNextOne() throws Exception {
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.state.timeout", "5s",
                "camel.component.kafka.producer-batch-size", "0",
                "camel.component.kafka.interceptor-classes", HoldSecondSend.class.getName(),
                "bridge.applications.page-size", "10", "bridge.applications.batch-size", "20"));
        harness.vk.seedApplications(40);
        String eventsTopic = harness.topic(Topic.APPLICATIONS);
        KafkaStateStore applicationState = harness.store("applicationState");

        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            // the first batch (pages 1 and 2) stops in the middle of its transaction
            HoldSecondSend.arm(eventsTopic);
            CompletableFuture<Void> poll = CompletableFuture.runAsync(harness::poll);
            assertThat(HoldSecondSend.awaitHolding()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> pagesAsked().containsAll(List.of("3", "4")));
            assertThat(poll).isNotDone();

            // then fails: the poll ends with its failure, and the batch read meanwhile is not published
            maxMessageBytes(admin, eventsTopic, AlterConfigOp.OpType.SET);
            HoldSecondSend.release();
            assertThatThrownBy(() -> poll.get(60, TimeUnit.SECONDS)).hasRootCauseInstanceOf(KafkaException.class);
            assertThat(pagesAsked()).containsExactly("1", "2", "3", "4");
            applicationState.readToEnd();
            assertThat(applicationState.size()).isZero();
            assertThat(harness.store("watermarkState").get(VkApplications.WATERMARK_KEY)).isEmpty();
            assertThat(harness.events()).isEmpty();

            maxMessageBytes(admin, eventsTopic, AlterConfigOp.OpType.DELETE);
        } finally {
            HoldSecondSend.release();
        }
        harness.poll();

        assertThat(harness.events()).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(40);
        assertThat(applicationState.size()).isEqualTo(40);
    }

    private List<String> pagesAsked() {
        return harness.vk.requests().stream().filter(r -> r.is("GET", "/applications"))
                .map(r -> r.param("page[number]")).toList();
    }

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ_WRITE)
    void theTimerPollsAndFailedPollsLogOneWarningWithoutStackTraceOrPhonesAndOneLineWhenARunSucceeds() {
        harness = new PollHarness(new VkSimulatorConfig());
        List<VkApplication> seeded = harness.vk.seedApplications(30);
        List<String> phones = seeded.stream()
                .map(a -> harness.vk.state().candidate(a.candidateId()).orElseThrow().phone()).toList();
        // three runs in a row fail
        harness.vk.faults().onPaths("/applications").failNext(3, 500);

        try (LogCapture logs = new LogCapture()) {
            harness.start(Map.of("bridge.applications.enabled", "true", "bridge.applications.initial-delay", "0s",
                    "bridge.applications.poll-interval", "1s", "bridge.retry.max-attempts", "1",
                    "bridge.applications.page-size", "10", "bridge.applications.batch-size", "10"));
            // the run's line comes once its events are written: after the state has them
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.store("applicationState").size() == 30
                    && logs.lines("INFO", "VK Работа applications poll succeeds again") == 1);

            assertThat(logs.lines("WARN", "VK Работа applications poll failed, the next poll repeats it")).isEqualTo(1);
            assertThat(logs.lines("INFO", "VK Работа applications poll succeeds again, after 3 failed runs since"))
                    .isEqualTo(1);
            assertThat(logs.errorsExceptKafkaClientShutdown()).isZero();
            assertThat(logs.text()).doesNotContain("\tat ").doesNotContain(phones);
            assertThat(logs.lines("INFO", "30 new, 0 status changes, 0 unchanged on 4 page(s), newest created"))
                    .isEqualTo(1);
            // a scan of several batches shows its progress; the polls after it, which re-read the last pages and
            // find nothing new, do not
            assertThat(logs.lines("INFO", "VK Работа applications, new applications: 10 new, 0 status changes, 0"
                    + " unchanged on 1 page(s)")).isEqualTo(1);
            assertThat(logs.lines("INFO", "VK Работа applications, new applications: 20 new, 0 status changes, 0"
                    + " unchanged on 2 page(s)")).isEqualTo(1);
            assertThat(logs.lines("INFO", " so far")).isEqualTo(3);
        }
        assertThat(harness.events()).hasSize(30);
    }

    private static void maxMessageBytes(Admin admin, String topic, AlterConfigOp.OpType op) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LIMIT), op)))).all().get();
        String wanted = op == AlterConfigOp.OpType.SET ? LIMIT : null;
        // the broker applies a topic's config a moment after the controller accepted it
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return wanted == null ? !LIMIT.equals(entry.value()) : wanted.equals(entry.value());
        });
    }
}
