package ru.rabota.bridge.jobs.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import ru.rabota.bridge.jobs.JobsTestSupport;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.sandbox.vk.VkSimulator;
import ru.rabota.bridge.sandbox.vk.VkSimulatorConfig;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

/**
 * Throughput of the job flow: the whole bundle against the VK Работа simulator answering every call after a fixed
 * latency, publishing {@code bench.jobs} new jobs from Kafka commands, then {@code bench.feed-rows} rows of a CSV
 * feed over {@code bench.feed-ids} external_ids (more rows than ids: the repeats are {@code unchanged}, no call).
 * Prints jobs/s next to the ideal {@code concurrency / latency} and the CPU per job, of the whole process (simulator
 * and broker included) and of the bundle's Camel threads. Not a test (Surefire skips {@code *Benchmark*}):
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dbench.jobs=2000 -Dbench.latency=20 -Dbench.concurrency=8
 * mvn -q -Pbench test-compile exec:exec -Dbench.jobs=0 -Dbench.feed-rows=1000000 -Dbench.feed-ids=1000 -Dbench.heap=256m
 * </pre>
 */
public final class JobsBenchmark {

    private static final String DESCRIPTION = "Доставка заказов по городу";

    private JobsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 2000);
        int feedRows = Integer.getInteger("bench.feed-rows", jobs);
        int feedIds = Integer.getInteger("bench.feed-ids", feedRows);
        int latency = Integer.getInteger("bench.latency", 20);
        int concurrency = Integer.getInteger("bench.concurrency", 8);
        Path feeds = Files.createTempDirectory("bench-feeds");
        System.out.printf(Locale.ROOT, "jobs %d, feed rows %d over %d ids, latency %d ms, concurrency %d, heap %d MB%n",
                jobs, feedRows, feedIds, latency, concurrency, Runtime.getRuntime().maxMemory() >> 20);

        try (VkSimulator sim = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", Integer.MAX_VALUE))
                .start();
                TestApplication app = TestApplication.start(Map.of(
                        "bridge.vk.base-url", sim.baseUrl(),
                        "bridge.vk.login", "sandbox",
                        "bridge.vk.password", "sandbox",
                        "bridge.jobs.concurrency", String.valueOf(concurrency),
                        "bridge.jobs.batch-size", "500",
                        "bridge.feed.inbox", feeds.resolve("inbox").toString(),
                        "bridge.feed.progress-every", "100000"),
                        Map.of("professions", JobsTestSupport.professions()));
                Events events = new Events(app.topic(Topic.JOBS_EVENTS));
                KafkaProducer<String, String> producer = new KafkaProducer<>(TestKafka.clientConfig(),
                        new StringSerializer(), new StringSerializer())) {
            // warm-up: the session, the producers, the topics' metadata
            producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), "WARM-UP", command("WARM-UP")));
            events.await("WARM-UP", 1);
            sim.faults().latency(latency);
            double ideal = concurrency * 1000.0 / latency;

            if (jobs > 0) {
                Measure measure = new Measure();
                for (int i = 1; i <= jobs; i++) {
                    producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), "K-" + i, command("K-" + i)));
                }
                producer.flush();
                measure.report("kafka", events.await("K-", jobs), ideal);
            }
            if (feedRows > 0) {
                Measure measure = new Measure();
                drop(feeds, feedRows, feedIds);
                measure.report("feed ", events.await("F-", feedRows), ideal);
            }
        }
        // the test broker's threads would keep the JVM alive; its shutdown hook stops it
        System.exit(0);
    }

    private static String command(String externalId) {
        return "{\"command\":\"upsert\",\"external_id\":\"" + externalId + "\",\"profession_id\":3,\"job\":{"
                + "\"title\":\"Курьер\",\"description\":\"" + DESCRIPTION + "\",\"lat\":55.75,\"long\":37.61,"
                + "\"address\":\"Москва, Тверская улица, 1\"}}";
    }

    /** Writes the feed beside the inbox, row by row, and moves it in. */
    private static void drop(Path feeds, int rows, int ids) throws IOException {
        Path file = feeds.resolve("bench.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("external_id;title;description;lat;long;address;profession_id\n");
            for (int i = 0; i < rows; i++) {
                out.write("F-" + (i % ids + 1) + ";Курьер;" + DESCRIPTION + ";55,75;37,61;Москва, Тверская улица, 1;3\n");
            }
        }
        Path inbox = Files.createDirectories(feeds.resolve("inbox"));
        Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** CPU from now on: the process's, and the Camel threads' (the bundle's routes and job pool). */
    private static final class Measure {

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long processCpu = os.getProcessCpuTime();
        private final long camelCpu = camelCpu();

        void report(String source, Events.Span span, double ideal) {
            double seconds = (span.last() - span.first()) / 1000.0;
            double perSecond = (span.count() - 1) / Math.max(seconds, 0.001);
            System.out.printf(Locale.ROOT, "%s: %d events in %.1f s (first to last) = %.0f jobs/s, ideal %.0f jobs/s "
                    + "(%.0f%%); CPU per job %.2f ms (process), %.2f ms (Camel threads)%n", source, span.count(),
                    seconds, perSecond, ideal, 100 * perSecond / ideal,
                    (os.getProcessCpuTime() - processCpu) / 1e6 / span.count(),
                    (camelCpu() - camelCpu) / 1e6 / span.count());
        }

        private long camelCpu() {
            return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                    .filter(info -> info != null && info.getThreadName().startsWith("Camel"))
                    .mapToLong(info -> Math.max(0, threads.getThreadCpuTime(info.getThreadId()))).sum();
        }
    }

    /** Follows the events topic, counting events per external_id prefix with their first and last timestamps. */
    private static final class Events implements AutoCloseable {

        record Span(long count, long first, long last) {
        }

        private final KafkaConsumer<String, String> consumer;

        Events(String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads on until {@code count} events of ids starting with {@code prefix} came. */
        Span await(String prefix, long count) {
            long seen = 0;
            long first = Long.MAX_VALUE;
            long last = 0;
            while (seen < count) {
                for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(200))) {
                    if (event.key() != null && event.key().startsWith(prefix)) {
                        seen++;
                        first = Math.min(first, event.timestamp());
                        last = Math.max(last, event.timestamp());
                    }
                }
            }
            return new Span(seen, first, last);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
