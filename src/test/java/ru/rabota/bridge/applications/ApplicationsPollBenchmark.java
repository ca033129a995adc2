package ru.rabota.bridge.applications;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Not a test (surefire skips {@code *Benchmark*}): the VK simulator holds N applications with candidates
 * (100,000 unless given), one poll reads them all into Kafka (the in-process broker), and the benchmark prints
 * applications per second, the HTTP requests made, and the heap. The simulator and the broker live in the same
 * JVM, so the heap line says what they hold before the poll, the peak during it, and what stays after it. Run
 * with a small {@code -Xmx} to see that the poll holds a batch at a time, not all events.
 * <pre>
 * mvn -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.classpathScope=test \
 *   -Dexec.executable=java \
 *   -Dexec.args="-Xmx256m -cp %classpath ru.rabota.bridge.applications.ApplicationsPollBenchmark 100000"
 * </pre>
 */
public final class ApplicationsPollBenchmark {

    private static final long MB = 1024 * 1024;

    private ApplicationsPollBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seeded;
        try (PollHarness harness = new PollHarness(new VkSimulatorConfig())) {
            long seeding = System.nanoTime();
            harness.vk.seedApplications(count);
            seeded = System.nanoTime() - seeding;
            harness.start(Map.of("camel.main.startup-summary-level", "Off"));
            harness.vk.clearRequests();
            long before = heapAfterGc();
            AtomicLong peak = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(heapUsed(), Math::max), 0, 10,
                    TimeUnit.MILLISECONDS);

            long started = System.nanoTime();
            harness.poll();
            double seconds = (System.nanoTime() - started) / 1e9;

            sampler.shutdownNow();
            long after = heapAfterGc();
            List<RecordedRequest> requests = harness.vk.requests();
            long lists = requests.stream().filter(r -> r.is("GET", "/applications")).count();
            long sessions = requests.stream().filter(r -> r.is("POST", "/session")).count();
            long events = committedRecords(harness.topic(Topic.APPLICATIONS));

            System.out.printf("%n%,d applications seeded in %.1f s%n", count, seeded / 1e9);
            System.out.printf("poll: %,d events committed in %.1f s = %,.0f applications/s%n", events, seconds,
                    count / seconds);
            System.out.printf("HTTP: %,d GET /applications (minimum ceil(N/50) = %,d) + %d POST /session%n", lists,
                    (count + 49) / 50, sessions);
            System.out.printf("heap: %,d MB live before the poll (simulator, broker, bundle); peak used during it "
                    + "%,d MB (garbage included); %,d MB live after it (the state of %,d applications); -Xmx %,d MB%n",
                    before / MB, peak.get() / MB, after / MB, count, Runtime.getRuntime().maxMemory() / MB);
        }
        // the test broker's threads would keep the JVM alive
        System.exit(0);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapAfterGc() {
        System.gc();
        return heapUsed();
    }

    /** Counts the committed records without keeping them. */
    private static long committedRecords(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
            return records;
        }
    }
}
