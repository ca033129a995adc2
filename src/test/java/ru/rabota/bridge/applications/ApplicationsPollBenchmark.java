package ru.rabota.bridge.applications;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import ru.rabota.bridge.bench.Benchmarks;
import ru.rabota.bridge.bench.Goal;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Applications into Kafka, in this JVM: the VK Работа simulator holds {@code bench.applications} applications with
 * candidates, on loopback without latency; one poll of the bundle reads them all into the test broker. In the same
 * run {@link BareApplicationsLoop} reads the same pages without Camel, before the poll and after it (the first run
 * also warms the simulator up); the faster run is the yardstick. Prints applications per second of the poll and of
 * the bare loop, their ratio, and the HTTP requests the poll made.
 */
public final class ApplicationsPollBenchmark {

    private static final Goal RATE = Goal.atLeast(10_000, "applications/s", "");

    private ApplicationsPollBenchmark() {
    }

    public static void run() throws IOException {
        int count = Benchmarks.setting("bench.applications");
        System.out.printf(Locale.ROOT, "applications: %,d with candidates in the simulator, loopback, no latency%n",
                count);
        try (PollHarness harness = new PollHarness(new VkSimulatorConfig())) {
            harness.vk.seedApplications(count);
            harness.start(Map.of("camel.main.startup-summary-level", "Off"));
            BareApplicationsLoop bare = new BareApplicationsLoop(harness.vk, harness.prefix() + "bare.applications");
            double bareBefore = bareRate(bare, count);

            harness.vk.clearRequests();
            long started = System.nanoTime();
            harness.poll();
            double poll = count / ((System.nanoTime() - started) / 1e9);
            List<RecordedRequest> requests = harness.vk.requests();
            double bareAfter = bareRate(bare, count);

            System.out.printf(Locale.ROOT, "poll: %,d events committed; HTTP: %,d GET /applications (at least "
                    + "ceil(N/50) = %,d) + %d POST /session%n", committedRecords(harness.topic(Topic.APPLICATIONS)),
                    requests.stream().filter(r -> r.is("GET", "/applications")).count(), (count + 49) / 50,
                    requests.stream().filter(r -> r.is("POST", "/session")).count());
            System.out.printf(Locale.ROOT, "bare loop (HttpClient 5, Jackson, KafkaProducer; no Camel): %s "
                    + "applications/s before the poll, %s after it%n", Goal.number(bareBefore), Goal.number(bareAfter));
            RATE.print("applications into Kafka", poll);
            double bareBest = Math.max(bareBefore, bareAfter);
            Goal.atLeast(0.5, "x the bare loop", "its faster run, " + Goal.number(bareBest) + "/s")
                    .print("applications into Kafka against the bare loop", poll / bareBest);
        }
    }

    private static double bareRate(BareApplicationsLoop bare, int count) throws IOException {
        long started = System.nanoTime();
        long read = bare.run();
        if (read != count) {
            throw new IllegalStateException("the bare loop read " + read + " applications of " + count);
        }
        return count / ((System.nanoTime() - started) / 1e9);
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
