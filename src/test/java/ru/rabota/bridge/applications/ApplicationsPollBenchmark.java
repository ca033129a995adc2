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
import ru.rabota.bridge.testing.MovableClock;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Applications into Kafka, in this JVM: the VK Работа simulator holds {@code bench.applications} applications with
 * candidates, on loopback without latency; a first poll of the bundle reads them all into the test broker, while the
 * JIT compiles what it runs. Then as many new applications arrive (the simulator's clock moved on past the first
 * ones and the poll's overlap), and a second poll reads them (and the overlap's, already known): the goal is its
 * figure, warm, as the bare loop's is. {@link BareApplicationsLoop} reads all pages without Camel, before the first
 * poll (cold, which also warms the simulator up) and after the second; the faster run is the yardstick. Prints
 * applications per second of both polls and of the bare loop, the ratio, and the HTTP requests of the second poll.
 */
public final class ApplicationsPollBenchmark {

    private static final Goal RATE = Goal.atLeast(10_000, "applications/s", "");

    private ApplicationsPollBenchmark() {
    }

    public static void run() throws IOException {
        int count = Benchmarks.setting("bench.applications");
        System.out.printf(Locale.ROOT, "applications: %,d with candidates in the simulator, loopback, no latency%n",
                count);
        MovableClock clock = new MovableClock();
        try (PollHarness harness = new PollHarness(new VkSimulatorConfig().clock(clock))) {
            harness.vk.seedApplications(count);
            harness.start(Map.of("camel.main.startup-summary-level", "Off"));
            BareApplicationsLoop bare = new BareApplicationsLoop(harness.vk, harness.prefix() + "bare.applications");
            double bareBefore = bareRate(bare, count);
            double firstPoll = pollRate(harness, count);

            // the second batch is dated after the first and after the poll's overlap (10 minutes) before its end
            clock.advance(Duration.ofSeconds(count).plus(Duration.ofHours(1)));
            harness.vk.seedApplications(count);
            harness.vk.clearRequests();
            double secondPoll = pollRate(harness, count);
            List<RecordedRequest> requests = harness.vk.requests();
            double bareAfter = bareRate(bare, 2 * count);

            System.out.printf(Locale.ROOT, "polls: %,d events committed; second poll's HTTP: %,d GET /applications "
                    + "(at least ceil(N/50) = %,d, and the overlap's) + %d POST /session%n",
                    committedRecords(harness.topic(Topic.APPLICATIONS)),
                    requests.stream().filter(r -> r.is("GET", "/applications")).count(), (count + 49) / 50,
                    requests.stream().filter(r -> r.is("POST", "/session")).count());
            System.out.printf(Locale.ROOT, "bare loop (HttpClient 5, Jackson, KafkaProducer; no Camel): %s "
                    + "applications/s before the first poll, %s after the second (both batches)%n",
                    Goal.number(bareBefore), Goal.number(bareAfter));
            System.out.printf(Locale.ROOT, "first poll, the JVM cold: %s applications/s%n", Goal.number(firstPoll));
            RATE.print("applications into Kafka, second poll", secondPoll);
            double bareBest = Math.max(bareBefore, bareAfter);
            Goal.atLeast(0.5, "x the bare loop", "its faster run, " + Goal.number(bareBest) + "/s")
                    .print("applications into Kafka against the bare loop", secondPoll / bareBest);
        }
    }

    /** Polls once; returns the new applications per second. */
    private static double pollRate(PollHarness harness, int applications) {
        long started = System.nanoTime();
        harness.poll();
        return applications / ((System.nanoTime() - started) / 1e9);
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
