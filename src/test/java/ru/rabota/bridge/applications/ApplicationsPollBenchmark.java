package ru.rabota.bridge.applications;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import ru.rabota.bridge.bench.Benchmarks;
import ru.rabota.bridge.bench.CompilerThreads;
import ru.rabota.bridge.bench.Goal;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.MovableClock;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Applications into Kafka, in this JVM: the VK Работа simulator holds {@code bench.applications} applications with
 * candidates, on loopback without latency; a first poll of the bundle reads them all into the test broker, while the
 * JIT compiles what it runs. Then, again and again, as many new applications arrive (the simulator's clock moved on
 * past the ones before and the poll's overlap) and a poll reads them (and the overlap's, already known), until the
 * JVM's JIT compiler threads take less than 10 % of its CPU during a poll, or {@code bench.polls} polls were made:
 * the goal is the last poll's figure, warm, as the bare loop's is (on two cores the second poll still spent 30 to 40 %
 * of its CPU compiling). {@link BareApplicationsLoop} reads the same number of applications without Camel, before the
 * first poll (cold, which also warms the simulator up) and after the last; the faster run is the yardstick. Prints
 * applications per second of every poll and of the bare loop with this JVM's CPU per application, the ratio, and the
 * HTTP requests of the last poll.
 */
public final class ApplicationsPollBenchmark {

    private static final Goal RATE = Goal.atLeast(10_000, "applications/s", "");
    /** A poll is warm once the JIT compiler threads take less than this share of the JVM's CPU during it. */
    private static final double WARM = 0.10;

    private ApplicationsPollBenchmark() {
    }

    public static void run() throws IOException {
        int count = Benchmarks.setting("bench.applications");
        int maxPolls = Benchmarks.setting("bench.polls");
        System.out.printf(Locale.ROOT, "applications: %,d with candidates in the simulator, loopback, no latency%n",
                count);
        MovableClock clock = new MovableClock();
        try (PollHarness harness = new PollHarness(new VkSimulatorConfig().clock(clock))) {
            harness.vk.seedApplications(count);
            harness.start(Map.of("camel.main.startup-summary-level", "Off"));
            BareApplicationsLoop bare = new BareApplicationsLoop(harness.vk, harness.prefix() + "bare.applications");
            double bareBefore = bareRate(bare, count);
            double firstPoll = pollRate(harness, count);

            // then polls of new batches, each dated after the one before and after the poll's overlap (10 minutes)
            // before its end, until the JIT compiler has little left to do: the goal is the bundle's, warm
            CompilerThreads jit = new CompilerThreads(Path.of("/proc/self/task"));
            List<Poll> polls = new ArrayList<>();
            List<RecordedRequest> requests;
            do {
                clock.advance(Duration.ofSeconds(count).plus(Duration.ofHours(1)));
                harness.vk.seedApplications(count);
                harness.vk.clearRequests();
                Cpu before = Cpu.now(jit);
                double rate = pollRate(harness, count);
                polls.add(new Poll(rate, count, before, Cpu.now(jit)));
                requests = harness.vk.requests();
            } while (polls.size() + 1 < maxPolls && polls.get(polls.size() - 1).compilerShare() > WARM);
            Poll last = polls.get(polls.size() - 1);
            Cpu beforeBare = Cpu.now(jit);
            double bareAfter = bareRate(bare, count);
            Cpu afterBare = Cpu.now(jit);

            System.out.printf(Locale.ROOT, "polls: %,d events committed; last poll's HTTP: %,d GET /applications "
                    + "(at least ceil(N/50) = %,d, and the overlap's) + %d POST /session%n",
                    committedRecords(harness.topic(Topic.APPLICATIONS)),
                    requests.stream().filter(r -> r.is("GET", "/applications")).count(), (count + 49) / 50,
                    requests.stream().filter(r -> r.is("POST", "/session")).count());
            System.out.printf(Locale.ROOT, "bare loop (HttpClient 5, Jackson, KafkaProducer; no Camel): %s "
                    + "applications/s before the first poll, %s after the last (CPU per application: %s)%n",
                    Goal.number(bareBefore), Goal.number(bareAfter), beforeBare.perApplication(afterBare, count));
            System.out.printf(Locale.ROOT, "first poll, the JVM cold: %s applications/s%n", Goal.number(firstPoll));
            System.out.printf(Locale.ROOT, "polls after it, until the JIT compiler takes under %.0f %% of this JVM's "
                    + "CPU (at most %d polls in all), with this JVM's CPU per application: %s%n", WARM * 100, maxPolls,
                    polls.stream().map(Poll::toString).collect(Collectors.joining(", ")));
            RATE.print("applications into Kafka, last poll", last.rate());
            double bareBest = Math.max(bareBefore, bareAfter);
            Goal.atLeast(0.5, "x the bare loop", "its faster run, " + Goal.number(bareBest) + "/s")
                    .print("applications into Kafka against the bare loop", last.rate() / bareBest);
        }
    }

    /** This JVM's CPU so far, and its JIT compiler threads' part, in nanoseconds. */
    private record Cpu(long process, long compiler) {

        static Cpu now(CompilerThreads jit) {
            return new Cpu(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime(), jit.nanos());
        }

        /** The CPU per application until {@code end}, e.g. {@code 210 µs, 12 % the JIT compiler's}. */
        String perApplication(Cpu end, int applications) {
            return String.format(Locale.ROOT, "%s µs, %.0f %% the JIT compiler's",
                    Goal.number((end.process - process) / 1e3 / applications),
                    100.0 * (end.compiler - compiler) / Math.max(1, end.process - process));
        }
    }

    /** One poll after the first: its rate and this JVM's CPU around it. */
    private record Poll(double rate, int applications, Cpu before, Cpu after) {

        double compilerShare() {
            return (after.compiler() - before.compiler()) / (double) Math.max(1, after.process() - before.process());
        }

        @Override
        public String toString() {
            return Goal.number(rate) + "/s (" + before.perApplication(after, applications) + ")";
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
        long read = bare.run(count);
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
