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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Throughput of the job flow: the whole bundle against the VK Работа simulator answering every call after a fixed
 * latency, publishing {@code bench.jobs} new jobs from Kafka commands, then {@code bench.feed-rows} rows of a CSV
 * feed over {@code bench.feed-ids} external_ids (more rows than ids: the repeats are {@code unchanged}, no call),
 * then {@code bench.board-jobs} Kafka commands to VK Работа and hh.ru at once, against an hh.ru simulator with the
 * same latency. Prints jobs/s (per board for the last run) next to the ideal {@code concurrency / latency} and the
 * CPU per job (per command for the last run), of the whole process (simulators and broker included) and of the
 * bundle's Camel threads. Not a test (Surefire skips {@code *Benchmark*}):
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dbench.jobs=2000 -Dbench.latency=20 -Dbench.concurrency=8
 * mvn -q -Pbench test-compile exec:exec -Dbench.jobs=0 -Dbench.feed-rows=1000000 -Dbench.feed-ids=1000 -Dbench.heap=256m
 * mvn -q -Pbench test-compile exec:exec -Dbench.jobs=0 -Dbench.feed-rows=0 -Dbench.board-jobs=1000
 * </pre>
 */
public final class JobsBenchmark {

    private static final String DESCRIPTION = "Доставка заказов по городу";
    private static final String HH_DESCRIPTION = "<p>" + "Доставка заказов по городу на автомобиле компании. ".repeat(5)
            + "</p>";
    private static final String VK = "vkrabota";
    private static final String HH = "hh";

    private JobsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 2000);
        int feedRows = Integer.getInteger("bench.feed-rows", jobs);
        int feedIds = Integer.getInteger("bench.feed-ids", feedRows);
        int latency = Integer.getInteger("bench.latency", 20);
        int concurrency = Integer.getInteger("bench.concurrency", 8);
        int boardJobs = Integer.getInteger("bench.board-jobs", jobs);
        Path feeds = Files.createTempDirectory("bench-feeds");
        System.out.printf(Locale.ROOT, "jobs %d, feed rows %d over %d ids, jobs to both boards %d, latency %d ms, "
                + "concurrency %d, heap %d MB%n", jobs, feedRows, feedIds, boardJobs, latency, concurrency,
                Runtime.getRuntime().maxMemory() >> 20);

        try (VkSimulator sim = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", Integer.MAX_VALUE))
                .start();
                HhSimulator hh = new HhSimulator(new HhSimulatorConfig()).start();
                TestApplication app = TestApplication.start(Map.ofEntries(
                        Map.entry("bridge.vk.base-url", sim.baseUrl()),
                        Map.entry("bridge.vk.login", "sandbox"),
                        Map.entry("bridge.vk.password", "sandbox"),
                        Map.entry("bridge.hh.enabled", "true"),
                        Map.entry("bridge.hh.base-url", hh.baseUrl()),
                        Map.entry("bridge.hh.access-token", hh.accessToken()),
                        Map.entry("bridge.hh.user-agent", "RabotaBridgeBench/1.0 (bench@example.com)"),
                        Map.entry("bridge.hh.vacancy-ids", "123456"),
                        Map.entry("bridge.hh.poll-interval", "1h"),
                        Map.entry("bridge.jobs.concurrency", String.valueOf(concurrency)),
                        Map.entry("bridge.jobs.batch-size", "500"),
                        Map.entry("bridge.feed.inbox", feeds.resolve("inbox").toString()),
                        Map.entry("bridge.feed.progress-every", "100000")),
                        Map.of("professions", JobsTestSupport.professions()));
                Events events = new Events(app.topic(Topic.JOBS_EVENTS));
                KafkaProducer<String, String> producer = new KafkaProducer<>(TestKafka.clientConfig(),
                        new StringSerializer(), new StringSerializer())) {
            // warm-up: the session, the producers, the topics' metadata
            producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), "WARM-UP", command("WARM-UP")));
            events.await("WARM-UP", 1);
            sim.faults().latency(latency);
            hh.faults().latency(latency);
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
            if (boardJobs > 0) {
                Measure measure = new Measure();
                for (int i = 1; i <= boardJobs; i++) {
                    producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), "B-" + i, twoBoards("B-" + i)));
                }
                producer.flush();
                Map<String, Events.Span> spans = events.await("B-", boardJobs, VK, HH);
                measure.report("both boards, vkrabota", spans.get(VK), ideal);
                measure.report("both boards, hh      ", spans.get(HH), ideal);
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

    /** A command to both boards; hh.ru refuses a second vacancy of one name in one area, so each has its own. */
    private static String twoBoards(String externalId) {
        return "{\"command\":\"upsert\",\"external_id\":\"" + externalId + "\",\"profession_id\":3,"
                + "\"boards\":[\"" + VK + "\",\"" + HH + "\"],\"job\":{\"title\":\"Курьер " + externalId + "\","
                + "\"description\":\"" + DESCRIPTION + "\",\"lat\":55.75,\"long\":37.61,"
                + "\"address\":\"Москва, Тверская улица, 1\"},\"hh\":{\"description\":\"" + HH_DESCRIPTION + "\","
                + "\"area\":\"1\",\"professional_roles\":[\"96\"],\"billing_type\":\"standard\",\"type\":\"open\"}}";
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

    /**
     * Follows the events topic, counting events per external_id prefix and board with their first and last
     * timestamps.
     */
    private static final class Events implements AutoCloseable {

        record Span(long count, long first, long last) {

            Span add(long timestamp) {
                return new Span(count + 1, Math.min(first, timestamp), Math.max(last, timestamp));
            }
        }

        private static final ObjectMapper MAPPER = new ObjectMapper();

        private final KafkaConsumer<String, String> consumer;

        Events(String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads on until {@code count} events of ids starting with {@code prefix} came (VK Работа's). */
        Span await(String prefix, long count) {
            return await(prefix, count, VK).get(VK);
        }

        /** Reads on until each board had {@code count} events of ids starting with {@code prefix}. */
        Map<String, Span> await(String prefix, long count, String... boards) {
            Map<String, Span> spans = new HashMap<>();
            for (String board : boards) {
                spans.put(board, new Span(0, Long.MAX_VALUE, 0));
            }
            while (spans.values().stream().anyMatch(span -> span.count() < count)) {
                for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(200))) {
                    if (event.key() != null && event.key().startsWith(prefix)) {
                        spans.computeIfPresent(board(event.value()), (board, span) -> span.add(event.timestamp()));
                    }
                }
            }
            return spans;
        }

        private static String board(String event) {
            try {
                return MAPPER.readTree(event).path("board").asText();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
