package ru.rabota.bridge.jobs;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkReferenceData;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The bundle (all routes of {@code routes/}) against the VK Работа simulator and the test broker, one per test
 * class, with the simulator's professions as the profession directory and a feed inbox of its own. Tests of a class
 * share it, so each uses external_ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class JobsTestSupport {

    protected static final ObjectMapper MAPPER = new ObjectMapper();
    /** The feed folders: inbox/, done/, error/. */
    @TempDir
    protected static Path feeds;

    protected VkSimulator sim;
    protected TestApplication app;
    protected String prefix;

    /** Properties of a test class on top of the defaults here. */
    protected Map<String, String> properties() {
        return Map.of();
    }

    @BeforeAll
    void startBundle() throws IOException {
        // publications are paid from limits: enough for every test
        sim = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", 100_000)
                .limit("otvas_super_jobs_limit", 100_000)).start();
        prefix = TestKafka.uniquePrefix(getClass());
        start();
    }

    /** A test's faults of the simulator end with it. */
    @AfterEach
    void noFaults() {
        sim.faults().reset();
    }

    @AfterAll
    void stopBundle() {
        app.close();
        sim.close();
    }

    /** Starts the bundle (again, after {@link #stop()}): same topics, same consumer group, same state. */
    protected void start() {
        app = startApplication(settings(), beans());
    }

    /** The bundle's properties: the class's on top of the defaults here. */
    protected Map<String, String> settings() {
        Map<String, String> all = new HashMap<>(Map.of(
                "bridge.vk.base-url", sim.baseUrl(),
                "bridge.vk.login", "sandbox",
                "bridge.vk.password", "sandbox",
                "bridge.retry.initial-delay", "10ms",
                "bridge.retry.max-delay", "50ms",
                "bridge.retry.max-attempts", "3",
                "bridge.feed.inbox", feeds.resolve("inbox").toString(),
                "bridge.feed.poll-interval-ms", "100",
                "bridge.jobs.poll-timeout-ms", "100",
                Topic.PREFIX_PROPERTY, prefix));
        // the tests move whole files in
        all.put("bridge.feed.min-age", "100ms");
        all.putAll(properties());
        return all;
    }

    /** How the bundle starts: as its own main configures it, by default. */
    protected TestApplication startApplication(Map<String, String> properties, Map<String, Object> beans) {
        return TestApplication.start(properties, beans);
    }

    /** Beans bound before start: by default the simulator's professions, so tests need not wait for reference data. */
    protected Map<String, Object> beans() {
        return Map.of("professions", professions());
    }

    protected void stop() {
        app.close();
    }

    /**
     * With the bundle stopped, moves a job consumer group ({@code rabota-bridge-jobs}, {@code rabota-bridge-jobs-hh})
     * back to this command: as if the process had died after handling it, before its answer reached Kafka.
     */
    protected void rewind(String group, RecordMetadata command) throws Exception {
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.alterConsumerGroupOffsets(prefix + group, Map.of(new TopicPartition(command.topic(),
                    command.partition()), new OffsetAndMetadata(command.offset()))).all().get();
        }
    }

    /** The simulator's profession list, as the reference cache would hold it. */
    private static ProfessionDirectory professions() {
        return new ProfessionDirectory(VkReferenceData.defaults().professions().stream()
                .collect(Collectors.toMap(VkReferenceData.Profession::id, VkReferenceData.Profession::title)));
    }

    protected RecordMetadata send(String key, String command) {
        return TestKafka.send(app.topic(Topic.JOBS_COMMANDS), key, command);
    }

    /** Sends upserts of {@code count} new jobs with this title, external_ids {@code <idPrefix>1..}; returns those. */
    protected List<String> sendUpserts(String idPrefix, int count, String title) {
        List<String> ids = IntStream.rangeClosed(1, count).mapToObj(i -> idPrefix + i).toList();
        ids.forEach(id -> send(id, upsert(id, "r-" + id, title)));
        return ids;
    }

    /** An upsert of a valid job with this title. */
    protected static String upsert(String externalId, String requestId, String title) {
        return """
                {"command":"upsert","external_id":"%s","request_id":"%s","profession_id":3,
                 "job":{"title":"%s","description":"Доставка заказов по городу","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1","salary_from":50000,"salary_to":70000,
                        "salary_period":"monthly"}}""".formatted(externalId, requestId, title);
    }

    /** The records of a topic with this key, once there are at least {@code count}. */
    protected List<ConsumerRecord<String, String>> records(Topic topic, String key, int count) {
        AtomicReference<List<ConsumerRecord<String, String>>> seen = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen.set(TestKafka.consume(app.topic(topic), Integer.MAX_VALUE, Duration.ofMillis(300)).stream()
                    .filter(record -> key.equals(record.key())).toList());
            return seen.get().size() >= count;
        });
        return seen.get();
    }

    /** The job events of an external_id, once there are at least {@code count}, oldest first. */
    protected List<JsonNode> events(String externalId, int count) {
        return values(records(Topic.JOBS_EVENTS, externalId, count));
    }

    protected static List<JsonNode> values(List<ConsumerRecord<String, String>> records) {
        List<JsonNode> values = new ArrayList<>();
        records.forEach(record -> values.add(json(record.value())));
        return values;
    }

    protected static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The job calls the simulator received ({@code /jobs} and below): not sessions, reference data or the polls of
     * applications and the company, which run on timers of their own.
     */
    protected List<RecordedRequest> apiRequests() {
        return sim.requests().stream().filter(request -> request.path().equals("/jobs")
                || request.path().startsWith("/jobs/")).toList();
    }

    /** Requests whose body names this external_id, or whose path is this job's. */
    protected List<RecordedRequest> requestsFor(String externalId, String jobId) {
        return apiRequests().stream().filter(request -> request.body().contains("\"" + externalId + "\"")
                || jobId != null && request.path().startsWith("/jobs/" + jobId)).toList();
    }

    protected KafkaStateStore jobState() {
        return app.context().getRegistry().lookupByNameAndType("jobState", KafkaStateStore.class);
    }
}
