package ru.rabota.bridge.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import ru.rabota.bridge.it.RunningJar;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * What a benchmark of the fat jar runs it against, inside the benchmark's JVM: the test broker and a VK Работа
 * simulator with unlimited publications, on a topic prefix of the benchmark's own. The jar runs without a profile,
 * on the bundle's defaults but for these connections and what a benchmark sets.
 */
final class JarBench implements AutoCloseable {

    static final String DESCRIPTION = "Доставка заказов по городу";
    static final String ADDRESS = "Москва, Тверская улица, 1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final String ROUTES_STARTED = "Routes startup (total:";

    final VkSimulator vk;
    private final String prefix;

    JarBench(Class<?> benchmark) throws IOException {
        // the broker is up before any jar starts
        TestKafka.bootstrapServers();
        vk = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", Integer.MAX_VALUE)).start();
        prefix = TestKafka.uniquePrefix(benchmark);
    }

    /** Starts the jar; {@code settings} over the connections, {@code jvmOptions} after the default -Xmx512m. */
    RunningJar start(List<String> jvmOptions, Map<String, String> settings) throws IOException {
        return start(prefix, jvmOptions, settings);
    }

    private RunningJar start(String topicPrefix, List<String> jvmOptions, Map<String, String> settings)
            throws IOException {
        Map<String, String> properties = new HashMap<>(Map.of(
                "camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                Topic.PREFIX_PROPERTY, topicPrefix,
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password()));
        properties.putAll(settings);
        return RunningJar.start(jvmOptions, properties);
    }

    /** Starts the jar and waits until it is ready and every route started. */
    RunningJar startReady(List<String> jvmOptions, Map<String, String> settings) throws IOException {
        return startReady(prefix, jvmOptions, settings);
    }

    private RunningJar startReady(String topicPrefix, List<String> jvmOptions, Map<String, String> settings)
            throws IOException {
        RunningJar jar = start(topicPrefix, jvmOptions, settings);
        awaitReady(jar);
        routesStartedAt(jar);
        return jar;
    }

    /**
     * Publishes {@code jobs} new jobs through a jar of its own, on topics of its own, and stops it: the broker and the
     * simulator then run more compiled code, as a production broker and a job board do. Without it, their JIT
     * compiler took 0.95 to 1.03 ms of the machine's CPU per job while the measured jar ran, on the cores the jar
     * shares; after 3,000 jobs 0.77 to 0.81 ms (a method run once per job reaches C2 after about 5,000 calls).
     */
    void warmFixtures(int jobs, Map<String, String> settings) throws Exception {
        String own = TestKafka.uniquePrefix(JarBench.class);
        try (RunningJar jar = startReady(own, List.of(), settings);
                JobEvents events = new JobEvents(Topic.JOBS_EVENTS.topicName(own))) {
            sendUpserts(Topic.JOBS_COMMANDS.topicName(own), "W-", jobs);
            events.await("W-", jobs, Duration.ofSeconds(60 + jobs / 10));
        }
    }

    /** Waits until {@code /observe/health/ready} answers 200, looking every 10 ms. */
    static void awaitReady(RunningJar jar) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!jar.isReady()) {
            checkDeadline(jar, deadline, "ready");
            sleep(10);
        }
    }

    /**
     * When the route controller logged that every route started (its {@code Routes startup} line): readiness
     * answers 200 before that, while the supervised routes (the feed's and the job consumers among them) start.
     */
    static LocalTime routesStartedAt(RunningJar jar) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Optional<String> line = jar.log().lines().filter(text -> text.contains(ROUTES_STARTED)).findFirst();
            if (line.isPresent()) {
                return LocalTime.parse(line.get().substring(0, line.get().indexOf(' ')));
            }
            checkDeadline(jar, deadline, "started every route");
            sleep(50);
        }
    }

    private static void checkDeadline(RunningJar jar, long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the jar had not " + what + " within " + START_TIMEOUT + "; its log: "
                    + jar.workDir().resolve("bridge.log"));
        }
    }

    String topic(Topic topic) {
        return topic.topicName(prefix);
    }

    /** Puts {@code count} upserts of new jobs, {@code <keyPrefix>1...}, on the job command topic. */
    void sendUpserts(String keyPrefix, int count) {
        sendUpserts(topic(Topic.JOBS_COMMANDS), keyPrefix, count);
    }

    private static void sendUpserts(String commandTopic, String keyPrefix, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(TestKafka.clientConfig(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= count; i++) {
                producer.send(new ProducerRecord<>(commandTopic, keyPrefix + i, upsert(keyPrefix + i)));
            }
        }
    }

    private static String upsert(String externalId) {
        return "{\"command\":\"upsert\",\"external_id\":\"" + externalId + "\",\"profession_id\":3,\"job\":{"
                + "\"title\":\"Курьер\",\"description\":\"" + DESCRIPTION + "\",\"lat\":55.75,\"long\":37.61,"
                + "\"address\":\"" + ADDRESS + "\"}}";
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vk.close();
    }
}
