package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.JobCommands;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Kafka unreachable mid-flow (CONTRACT.md section 7): the fat jar runs as its own process against a broker of this
 * test's own (not the shared {@link TestKafka} one) and the VK Работа simulator, while job upserts arrive steadily
 * (ten a second, in bursts of eight), status commands now and then and new applications on VK Работа. Once a third
 * of the jobs were answered, the broker is stopped when VK Работа receives the next job request (so that commands are
 * in flight at every step: state written, job created, event sent), stays down for {@link #OUTAGE}, and starts again
 * on the same port with the same data. The jar's Kafka and state timeouts are a few seconds here (the defaults are
 * 30 s to 2 min), so that the outage outlasts every one of them several times over, as an outage of minutes outlasts
 * the defaults.
 * <p>
 * What a user would notice: every external_id has one job event and it is {@code created} (not {@code created}
 * and then {@code unchanged}), one job on VK Работа (one {@code POST /jobs}), every status command one result,
 * every application and status one event, nothing on {@code rabota.dlq}, the same process all along, and health UP
 * again afterwards.
 * <p>
 * When something is missing, it prints where answers could hide: per job events partition the end and the last
 * stable offset, the job consumer group's offsets, open transactions, every job event in the log committed or not,
 * and a thread dump of the jar's consumers.
 */
class BrokerOutageIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "outage.";
    private static final int JOBS = 120;
    /** As many as the jar handles at once ({@code bridge.jobs.concurrency}). */
    private static final int BURST = 8;
    private static final Duration BURST_INTERVAL = Duration.ofMillis(800);
    /** One status command after every this many job commands. */
    private static final int STATUS_EVERY = 12;
    /** Three times the longest of the jar's Kafka waits here (5 s), as an outage of minutes outlasts the defaults. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    /** The jar's WARN and ERROR lines the test may log: each flow's at the outage's start and a few more. */
    private static final int MAX_TROUBLE_LINES = 50;
    /** No status that {@link VkSimulator#seedApplications} gives: each command changes its application's status. */
    private static final String NEW_STATUS = "selected";

    private final int kafkaPort = FreePort.next();
    /** When the watcher found the jar's process gone. */
    private final List<Long> foundDead = new CopyOnWriteArrayList<>();
    private final Map<String, String> statusCommands = new ConcurrentHashMap<>();
    private final Set<String> applicationKeys = ConcurrentHashMap.newKeySet();
    private volatile long lastSentAtMillis;
    private Path kafkaDir;
    private volatile KafkaBroker broker;
    private VkSimulator vk;
    private RunningJar jar;
    private KafkaProducer<String, String> producer;
    private ExecutorService sender;
    private ScheduledExecutorService watcher;

    @BeforeEach
    void startBrokerAndSimulator() throws IOException {
        kafkaDir = Files.createTempDirectory("broker-outage-kafka");
        broker = KafkaBroker.start(kafkaPort, kafkaDir);
        vk = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", 1_000)).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (sender != null) {
            sender.shutdownNow();
        }
        if (jar != null) {
            jar.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
        vk.close();
        try (Stream<Path> paths = Files.walk(kafkaDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void brokersDownForFifteenSecondsMidFlowLoseAndRepeatNothingAndTheSameProcessGoesOn() throws Exception {
        // applications polled before the flow, so that the status commands find them known
        List<VkApplication> seeded = vk.seedApplications(JOBS / STATUS_EVERY);
        seeded.forEach(application -> applicationKeys.add("vkrabota:" + application.id()));
        jar = RunningJar.start(properties());
        long pid = jar.pid();
        System.out.printf("jar pid %d, log %s%n", pid, jar.workDir().resolve("bridge.log"));
        try {
            run(seeded, pid);
        } finally {
            printLogDigest();
            printKafkaDigest();
        }
    }

    private void run(List<VkApplication> seeded, long pid) throws Exception {
        jar.awaitUp(Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> keys(read(Topic.APPLICATIONS, Duration.ofSeconds(1))).containsAll(applicationKeys));
        watcher = Executors.newSingleThreadScheduledExecutor();
        AtomicLong healthUpAt = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong();
        watcher.scheduleWithFixedDelay(() -> {
            if (!jar.isAlive()) {
                foundDead.add(System.nanoTime());
            }
            if (restartedAt.get() != 0 && healthUpAt.get() == 0 && jar.get("/observe/health")
                    .contains("\"status\":\"UP\"")) {
                healthUpAt.set(System.nanoTime());
            }
        }, 0, 250, TimeUnit.MILLISECONDS);

        producer = producer();
        sender = Executors.newSingleThreadExecutor();
        Future<?> sending = sender.submit(() -> sendCommands(seeded));
        Set<String> externalIds = externalIds();
        int before = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> readUntil(Topic.JOBS_EVENTS, JOBS / 3).size(), count -> count >= JOBS / 3);

        // the broker goes while the jar works on a burst: when VK Работа receives the next job request, the other
        // commands of the burst are at every step between their first state write and their event
        CountDownLatch jobRequest = new CountDownLatch(1);
        vk.faults().beforeEach(path -> {
            if (path.equals("/jobs")) {
                jobRequest.countDown();
            }
        });
        assertThat(jobRequest.await(10, TimeUnit.SECONDS)).as("a job request after the first third").isTrue();
        vk.faults().reset();
        long stoppedAt = System.nanoTime();
        broker.close();
        // applications keep arriving on VK Работа meanwhile: polled while Kafka is away
        vk.seedApplications(3).forEach(application -> applicationKeys.add("vkrabota:" + application.id()));
        Thread.sleep(OUTAGE.toMillis() / 2);
        String healthDuringOutage = jar.get("/observe/health");
        Thread.sleep(OUTAGE.toMillis() - OUTAGE.toMillis() / 2);
        broker = KafkaBroker.start(kafkaPort, kafkaDir);
        restartedAt.set(System.nanoTime());
        long restartedAtMillis = System.currentTimeMillis();
        Duration outage = Duration.ofNanos(restartedAt.get() - stoppedAt);
        System.out.printf("broker down for %d ms, jar alive: %s, health meanwhile: %s%n", outage.toMillis(),
                jar.isAlive(), healthDuringOutage.isEmpty() ? "(no answer)" : cut(healthDuringOutage, 300));

        sending.get(3, TimeUnit.MINUTES);
        vk.seedApplications(3).forEach(application -> applicationKeys.add("vkrabota:" + application.id()));
        // bounded waits that do not throw: whatever did not come is reported below with the rest
        boolean allAnswered = waitFor(Duration.ofSeconds(90),
                () -> keys(readUntil(Topic.JOBS_EVENTS, externalIds)).containsAll(externalIds));
        waitFor(Duration.ofSeconds(allAnswered ? 15 : 5), () -> keys(readUntil(Topic.APPLICATIONS_RESULTS,
                statusCommands.keySet())).containsAll(statusCommands.keySet()) && keys(readUntil(Topic.APPLICATIONS,
                        applicationKeys)).containsAll(applicationKeys));
        boolean up = waitFor(Duration.ofSeconds(allAnswered ? 30 : 5),
                () -> jar.get("/observe/health").contains("\"status\":\"UP\""));
        String healthAfter = jar.get("/observe/health");

        // everything, once nothing more came for a few seconds (a repeat would come right after the first answer)
        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(bootstrap(),
                topic(Topic.JOBS_EVENTS), Duration.ofSeconds(4), Duration.ofSeconds(60));
        List<ConsumerRecord<String, String>> commands = read(Topic.JOBS_COMMANDS, Duration.ofSeconds(1));
        List<ConsumerRecord<String, String>> results = read(Topic.APPLICATIONS_RESULTS, Duration.ofSeconds(1));
        List<ConsumerRecord<String, String>> applicationEvents = read(Topic.APPLICATIONS, Duration.ofSeconds(1));
        List<ConsumerRecord<String, String>> deadLetters = read(Topic.DLQ, Duration.ofSeconds(1));

        Map<String, List<String>> eventsById = byKey(events, "event");
        Map<String, List<String>> notOnce = new TreeMap<>();
        externalIds.forEach(id -> {
            List<String> answers = eventsById.getOrDefault(id, List.of());
            if (!answers.equals(List.of("created"))) {
                notOnce.put(id, answers);
            }
        });
        Map<String, Integer> postsById = new TreeMap<>();
        Map<String, Integer> jobsById = new TreeMap<>();
        externalIds.forEach(id -> {
            postsById.put(id, (int) vk.requests().stream()
                    .filter(request -> request.is("POST", "/jobs") && request.body().contains("\"" + id + "\""))
                    .count());
            jobsById.put(id, vk.state().jobsByExternalId(id).size());
        });
        Map<String, List<String>> resultsById = byKey(results, "outcome");
        Map<String, Long> applicationEventsByStatus = applicationEvents.stream()
                .collect(Collectors.groupingBy(BrokerOutageIT::keyAndStatus, TreeMap::new, Collectors.counting()));
        Set<String> applicationsMissing = new TreeSet<>(applicationKeys);
        applicationsMissing.removeAll(keys(applicationEvents));
        Map<String, Long> applicationsRepeated = new TreeMap<>(applicationEventsByStatus);
        applicationsRepeated.values().removeIf(count -> count == 1);

        // the jar's producer stamps its records (same clock): when the flow went on after the restart
        long[] afterRestart = events.stream().mapToLong(ConsumerRecord::timestamp)
                .filter(timestamp -> timestamp >= restartedAtMillis).sorted().toArray();
        System.out.printf("outage %d ms (broker stopped after %d of %d job events); after the restart: first job "
                + "event %d ms, last job event %d ms, last command sent %d ms, health UP %d ms (-1: none)%n",
                outage.toMillis(), before, JOBS, afterRestart.length == 0 ? -1 : afterRestart[0] - restartedAtMillis,
                afterRestart.length == 0 ? -1 : afterRestart[afterRestart.length - 1] - restartedAtMillis,
                lastSentAtMillis - restartedAtMillis, millisSince(restartedAt, healthUpAt.get()));
        System.out.printf("job events: %d for %d of %d external_ids (%d commands on the topic); not exactly one "
                + "created: %d %s%n", events.size(), eventsById.size(), JOBS, commands.size(), notOnce.size(),
                notOnce);
        System.out.println("their commands at partition@offset: " + commands.stream()
                .filter(command -> notOnce.containsKey(command.key()))
                .map(command -> command.key() + " " + command.partition() + "@" + command.offset()).toList());
        System.out.printf("VK Работа: %d POST /jobs, %d jobs for these external_ids, %d job lookups (GET /jobs, a "
                + "replayed intent); dead letters: %d%n", postsById.values().stream().mapToInt(Integer::intValue).sum(),
                jobsById.values().stream().mapToInt(Integer::intValue).sum(),
                vk.requests().stream().filter(request -> request.is("GET", "/jobs")).count(), deadLetters.size());
        System.out.printf("status commands: %d, results: %d %s%n", statusCommands.size(), results.size(),
                resultsById);
        System.out.printf("application events: %d for %d applications; without an event: %s; repeated: %s%n",
                applicationEvents.size(), applicationKeys.size(), applicationsMissing, applicationsRepeated);
        applicationEvents.stream().filter(event -> applicationsRepeated.containsKey(keyAndStatus(event)))
                .forEach(event -> System.out.printf("  repeated: %s at %d@%d, %tT.%<tL, %s, correlation %s: %s%n",
                        keyAndStatus(event), event.partition(), event.offset(), event.timestamp(),
                        TestKafka.header(event, BridgeHeaders.EVENT), TestKafka.header(event, BridgeHeaders.CORRELATION_ID),
                        cut(event.value(), 300)));
        System.out.printf("health afterwards: %s%n", cut(healthAfter, 300));
        deadLetters.forEach(letter -> System.out.printf("dead letter %s: %s%n", letter.key(), cut(letter.value(), 600)));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(foundDead).as("moments the jar process was found dead").isEmpty();
        softly.assertThat(jar.isAlive()).as("jar alive").isTrue();
        softly.assertThat(jar.pid()).as("jar pid").isEqualTo(pid);
        // the test's own producer wrote each command once (an idempotent producer across the outage)
        softly.assertThat(commands).extracting(ConsumerRecord::key).as("job commands on the topic").hasSize(JOBS)
                .doesNotHaveDuplicates();
        softly.assertThat(deadLetters).as("dead letters").isEmpty();
        softly.assertThat(notOnce).as("external_ids whose job events are not one created").isEmpty();
        softly.assertThat(postsById).as("POST /jobs per external_id")
                .allSatisfy((id, posts) -> assertThat(posts).as(id).isOne());
        softly.assertThat(jobsById).as("VK Работа jobs per external_id")
                .allSatisfy((id, jobs) -> assertThat(jobs).as(id).isOne());
        softly.assertThat(resultsById).as("results per status command").containsOnlyKeys(statusCommands.keySet())
                .allSatisfy((id, outcomes) -> assertThat(outcomes).as(id).containsExactly("ok"));
        softly.assertThat(applicationsMissing).as("applications without an event").isEmpty();
        softly.assertThat(applicationsRepeated).as("application events repeated (application and status)").isEmpty();
        statusCommands.keySet().forEach(id -> softly.assertThat(applicationEventsByStatus)
                .as("events of a status command").containsKey("vkrabota:" + id + " " + NEW_STATUS));
        softly.assertThat(up).as("health UP afterwards").isTrue();
        // one WARN when trouble starts, not a line per reconnection of each Kafka client (about 20 a second)
        softly.assertThat(jar.log().lines().filter(BrokerOutageIT::warnOrError).count())
                .as("WARN and ERROR lines of the jar, a 15 s outage included").isLessThan(MAX_TROUBLE_LINES);
        softly.assertAll();
    }

    /**
     * The job upserts in bursts of {@link #BURST} every {@link #BURST_INTERVAL} (ten a second), a status command after
     * every {@link #STATUS_EVERY}th upsert and a new application after every 20th. A send waits until the broker has the record: during the outage the sender waits with
     * it, as an employer's producer would, and goes on after.
     */
    private void sendCommands(List<VkApplication> seeded) {
        try {
            for (int i = 1; i <= JOBS; ) {
                List<Future<RecordMetadata>> burst = new ArrayList<>();
                for (int end = i + BURST; i < end && i <= JOBS; i++) {
                    String externalId = externalId(i);
                    burst.add(producer.send(new ProducerRecord<>(topic(Topic.JOBS_COMMANDS), externalId,
                            JobCommands.upsert(externalId))));
                    if (i % STATUS_EVERY == 0 && i / STATUS_EVERY <= seeded.size()) {
                        String applicationId = String.valueOf(seeded.get(i / STATUS_EVERY - 1).id());
                        burst.add(producer.send(new ProducerRecord<>(topic(Topic.APPLICATIONS_COMMANDS), applicationId,
                                """
                                {"application_id":"%s","status":"%s","request_id":"st-%s"}"""
                                        .formatted(applicationId, NEW_STATUS, applicationId))));
                        statusCommands.put(applicationId, NEW_STATUS);
                    }
                    if (i % 20 == 0) {
                        vk.seedApplications(1)
                                .forEach(application -> applicationKeys.add("vkrabota:" + application.id()));
                    }
                }
                for (Future<RecordMetadata> sent : burst) {
                    acknowledged(sent);
                }
                lastSentAtMillis = System.currentTimeMillis();
                Thread.sleep(BURST_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the broker's acknowledgement of a record the test wrote. */
    private static void acknowledged(Future<RecordMetadata> sent) throws InterruptedException {
        try {
            sent.get();
        } catch (ExecutionException e) {
            // no resend: a resend could write the command twice, and the test would count its own repeat
            throw new IllegalStateException("the test could not write a command", e.getCause());
        }
    }

    /** Waits for the broker, whatever the outage: idempotent, so a retried batch is written once. */
    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000),
                new StringSerializer(), new StringSerializer());
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(Map.of(
                "camel.component.kafka.brokers", bootstrap(),
                Topic.PREFIX_PROPERTY, PREFIX,
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.applications.initial-delay", "0ms",
                "bridge.applications.poll-interval", "1s",
                "bridge.company.poll-delay", "1h",
                "bridge.retry.initial-delay", "50ms",
                "bridge.retry.max-delay", "1s"));
        properties.putAll(Map.of(
                "camel.component.kafka.poll-timeout-ms", "500",
                "camel.main.shutdown-timeout", "5",
                // the outage outlasts every Kafka wait several times over (defaults: 30 s, 30 s, 60 s, 120 s)
                "bridge.state.timeout", "5s",
                "camel.component.kafka.request-timeout-ms", "3000",
                "camel.component.kafka.max-block-ms", "5000",
                "camel.component.kafka.delivery-timeout-ms", "5000",
                // events batched for a moment, as many deployments do (Kafka 4 lingers 5 ms by default): the outage
                // then finds events waiting in the producer of commands whose state and job were written already
                "camel.component.kafka.linger-ms", "200",
                // a consumer that camel-kafka replaced during the outage could not leave its group: the group waits
                // for its session to end before the new one gets the partitions (45 s by default)
                "camel.component.kafka.session-timeout-ms", "6000",
                "camel.component.kafka.heartbeat-interval-ms", "2000"));
        return properties;
    }


    private static String externalId(int i) {
        return "OUT-" + i;
    }

    private static Set<String> externalIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 1; i <= JOBS; i++) {
            ids.add(externalId(i));
        }
        return ids;
    }

    private String bootstrap() {
        return broker.bootstrapServers();
    }

    private static String topic(Topic topic) {
        return topic.topicName(PREFIX);
    }

    /** The topic's records so far (read_committed), once none came for {@code quiet}. */
    private List<ConsumerRecord<String, String>> read(Topic topic, Duration quiet) {
        return TestKafka.consumeUntilQuiet(bootstrap(), topic(topic), quiet, Duration.ofSeconds(30));
    }

    /** The topic's records once there are {@code count}, or what there is after a second. */
    private List<ConsumerRecord<String, String>> readUntil(Topic topic, int count) {
        return TestKafka.consumeUntil(bootstrap(), topic(topic), records -> records.size() >= count,
                Duration.ofSeconds(1));
    }

    /** The topic's records once they have every one of these keys, or what there is after two seconds. */
    private List<ConsumerRecord<String, String>> readUntil(Topic topic, Set<String> keys) {
        return TestKafka.consumeUntil(bootstrap(), topic(topic), records -> keys(records).containsAll(keys),
                Duration.ofSeconds(2));
    }

    /** Whether the condition held within the timeout (checked every half second); never throws for the timeout. */
    private static boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    /** Per key, a field of each record's value in topic order. */
    private static Map<String, List<String>> byKey(List<ConsumerRecord<String, String>> records, String field) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        records.forEach(record -> byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
                .add(json(record.value()).path(field).asText()));
        return byKey;
    }

    private static String keyAndStatus(ConsumerRecord<String, String> event) {
        return event.key() + " " + json(event.value()).path("status").asText();
    }

    private static JsonNode json(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millisSince(AtomicLong start, long end) {
        return end == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(end - start.get());
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "...";
    }

    /** The jar's warnings and errors, one of each (Kafka's own reconnection warnings left out). */
    /**
     * Where answers could hide: per partition of the job events, the end and what read_committed readers see (the
     * last stable offset, held back by an open transaction); the job consumer group's offsets; open transactions.
     */
    private void printKafkaDigest() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            List<TopicPartition> events = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(
                    topic(Topic.JOBS_EVENTS), p)).toList();
            Map<TopicPartition, OffsetSpec> latest = events.stream().collect(Collectors.toMap(p -> p,
                    p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(10, TimeUnit.SECONDS);
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, TimeUnit.SECONDS);
            events.forEach(p -> System.out.printf("%s: end %d, last stable %d%n", p, ends.get(p).offset(),
                    stable.get(p).offset()));
            try (KafkaConsumer<String, String> all = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                    new StringDeserializer(), new StringDeserializer())) {
                all.assign(events);
                all.seekToBeginning(events);
                List<String> written = new ArrayList<>();
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (events.stream().anyMatch(p -> all.position(p) < ends.get(p).offset())
                        && System.nanoTime() < until) {
                    all.poll(Duration.ofMillis(200)).forEach(record -> written.add(record.key() + "@"
                            + record.partition() + ":" + record.offset()));
                }
                System.out.printf("job events in the log, committed or not: %d %s%n", written.size(), written);
            }
            admin.listConsumerGroupOffsets(PREFIX + "rabota-bridge-jobs").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).forEach((p, offset) -> System.out.printf("group %s committed %s%n", p,
                            offset == null ? null : offset.offset()));
            admin.listTransactions().all().get(10, TimeUnit.SECONDS).forEach(listing -> System.out.printf(
                    "transaction %s: %s%n", listing.transactionalId(), listing.state()));
        } catch (Exception e) {
            System.out.println("Kafka digest failed: " + e);
        }
        printConsumerThreads();
    }

    /** What the jar's Kafka consumer threads are doing (a SIGQUIT thread dump in its log): idle, or stuck. */
    private void printConsumerThreads() {
        try {
            new ProcessBuilder("kill", "-3", String.valueOf(jar.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1000);
        } catch (IOException | InterruptedException e) {
            System.out.println("no thread dump: " + e);
            return;
        }
        for (String thread : jar.log().split("\n\n")) {
            if (thread.startsWith("\"") && thread.contains("KafkaConsumer[")) {
                System.out.println(thread.lines().limit(30).collect(Collectors.joining("\n")));
            }
        }
    }

    private static boolean warnOrError(String line) {
        return line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN |ERROR).*");
    }

    private void printLogDigest() {
        Map<String, Integer> lines = new LinkedHashMap<>();
        jar.log().lines()
                .filter(BrokerOutageIT::warnOrError)
                .filter(line -> !line.contains("[NetworkClient"))
                .forEach(line -> lines.merge(cut(line.substring(13).replaceAll("\\d+", "#"), 400), 1, Integer::sum));
        System.out.printf("jar log %s: %d kinds of WARN/ERROR lines%n", jar.workDir().resolve("bridge.log"),
                lines.size());
        lines.entrySet().stream().limit(60)
                .forEach(line -> System.out.printf("  %4d x %s%n", line.getValue(), line.getKey()));
    }
}
