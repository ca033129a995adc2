package ru.rabota.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.deploy.MonitoringFilesTest;
import ru.rabota.bridge.jobs.JobsTestSupport;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkApplication;

/**
 * {@code GET /observe/metrics} on the management port, right after start and after traffic against the VK Работа
 * simulator and the test broker (a job, two applications, a status command VK refuses, a paid command, a malformed
 * command): every meter of CONTRACT.md section 8 with its labels, counts equal to what Kafka holds, the JVM's, the
 * process's and the Kafka clients' meters, and every metric the Grafana dashboard and the Prometheus alerts read.
 */
class MetricsTest extends JobsTestSupport {

    private final int port = FreePort.next();
    private Scrape atStart;
    private Scrape afterTraffic;
    private List<VkApplication> applications;

    @Override
    protected Map<String, String> properties() {
        return Map.of("camel.management.enabled", "true", "camel.management.port", String.valueOf(port),
                "bridge.applications.initial-delay", "1s", "bridge.applications.poll-interval", "1s");
    }

    @BeforeAll
    void traffic() throws Exception {
        atStart = scrape();
        applications = sim.seedApplications(2);
        send("MET-1", upsert("MET-1", "m-1", "Курьер"));
        String jobId = events("MET-1", 1).get(0).path("job_id").asText();
        send("MET-BAD", "{\"command\": \"upsert\", ");
        records(Topic.DLQ, "MET-BAD", 1);
        TestKafka.send(app.topic(Topic.APPLICATIONS_COMMANDS), "987654",
                "{\"application_id\":\"987654\",\"status\":\"read\",\"request_id\":\"m-2\"}");
        records(Topic.APPLICATIONS_RESULTS, "987654", 1);
        TestKafka.send(app.topic(Topic.VAS_COMMANDS), "m-3",
                "{\"request_id\":\"m-3\",\"actions\":[{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}");
        records(Topic.VAS_RESULTS, "m-3", 1);
        applications.forEach(application -> records(Topic.APPLICATIONS, "vkrabota:" + application.id(), 1));
        afterTraffic = scrape();
    }

    @Test
    void everyCounterIsThereFromStartUpAtZero() {
        assertThat(atStart.value("bridge_jobs_total", "board", "vkrabota", "event", "created")).isZero();
        assertThat(atStart.value("bridge_jobs_total", "board", "hh", "event", "rejected")).isZero();
        assertThat(atStart.value("bridge_applications_total", "source", "hh", "event", "application.status_changed"))
                .isZero();
        assertThat(atStart.value("bridge_command_results_total", "topic", "rabota.vas.results", "outcome", "failed"))
                .isZero();
        assertThat(atStart.value("bridge_dead_letters_total", "topic", "rabota.jobs.commands")).isZero();
        assertThat(atStart.value("bridge_dead_letters_total", "topic", "csv")).isZero();
        // an application event too large for Kafka, a record from elsewhere: before, their series began at 1, and
        // the alert's increase() saw none
        assertThat(atStart.value("bridge_dead_letters_total", "topic", "rabota.applications")).isZero();
        assertThat(atStart.value("bridge_dead_letters_total", "topic", "vkrabota")).isZero();
        assertThat(atStart.value("bridge_dead_letters_total", "topic", "other")).isZero();
        assertThat(atStart.value("bridge_leader")).isEqualTo(1);
        assertThat(atStart.value("bridge_api_up", "api", "hh")).isEqualTo(1);
        assertThat(atStart.value("bridge_api_access", "api", "vk")).isEqualTo(1);
        assertThat(atStart.value("bridge_api_access", "api", "hh")).isEqualTo(1);
    }

    @Test
    void jobEventsAreCountedByBoardAndEventAsKafkaHoldsThem() {
        assertThat(afterTraffic.value("bridge_jobs_total", "board", "vkrabota", "event", "created"))
                .isEqualTo(events("MET-1", 1).size()).isEqualTo(1);
        assertThat(afterTraffic.value("bridge_jobs_total", "board", "vkrabota", "event", "rejected")).isZero();
        assertThat(afterTraffic.value("bridge_jobs_total", "board", "hh", "event", "created")).isZero();
    }

    @Test
    void applicationEventsAreCountedBySourceAndEventAsKafkaHoldsThem() {
        List<ConsumerRecord<String, String>> published = TestKafka.consume(app.topic(Topic.APPLICATIONS),
                Integer.MAX_VALUE, Duration.ofSeconds(1));

        assertThat(afterTraffic.value("bridge_applications_total", "source", "vkrabota", "event",
                "application.created")).isEqualTo(published.size()).isEqualTo(applications.size());
        assertThat(afterTraffic.value("bridge_applications_total", "source", "hh", "event", "application.created"))
                .isZero();
    }

    @Test
    void commandResultsAreCountedByTopicAndOutcome() {
        assertThat(afterTraffic.value("bridge_command_results_total", "topic", "rabota.applications.results",
                "outcome", "rejected")).isEqualTo(1);
        assertThat(afterTraffic.value("bridge_command_results_total", "topic", "rabota.vas.results", "outcome", "ok"))
                .isEqualTo(1);
        assertThat(afterTraffic.value("bridge_command_results_total", "topic", "rabota.applications.results",
                "outcome", "ok")).isZero();
    }

    @Test
    void deadLettersAreCountedByTheTopicTheRecordCameFrom() {
        assertThat(afterTraffic.value("bridge_dead_letters_total", "topic", "rabota.jobs.commands")).isEqualTo(1);
        assertThat(afterTraffic.value("bridge_dead_letters_total", "topic", "rabota.applications.commands")).isZero();
    }

    @Test
    void apiCallsAreTimedByOperationAndAnswer() {
        String[] refused = {"api", "vk", "operation", "POST /applications/{id}/proceed", "status", "404"};
        assertThat(afterTraffic.value("bridge_api_requests_seconds_count", refused)).isEqualTo(1);
        assertThat(afterTraffic.value("bridge_api_requests_seconds_sum", refused)).isPositive();
        assertThat(afterTraffic.value("bridge_api_requests_seconds_bucket", with(refused, "le", "+Inf")))
                .isEqualTo(1);
        assertThat(afterTraffic.value("bridge_api_requests_seconds_bucket", with(refused, "le", "60.0")))
                .isEqualTo(1);
        assertThat(afterTraffic.series("bridge_api_requests_seconds_count", "api", "vk", "operation", "POST /jobs"))
                .singleElement().satisfies(created -> {
                    assertThat(created.labels().get("status")).startsWith("2");
                    assertThat(created.value()).isEqualTo(1);
                });
        assertThat(afterTraffic.value("bridge_api_requests_seconds_count", "api", "vk", "operation",
                "POST /paid_actions", "status", "200")).isEqualTo(1);
        assertThat(afterTraffic.series("bridge_api_requests_seconds_count", "api", "vk", "operation", "POST /session"))
                .isNotEmpty();
        assertThat(afterTraffic.series("bridge_api_requests_seconds_count"))
                .allSatisfy(series -> assertThat(series.labels().get("operation")).doesNotContainPattern("\\d"));
    }

    @Test
    void aRequestWithoutAnswerIsStatusZeroAlsoAfterAnAnsweredOneOfTheSameFlow() throws Exception {
        // the company poll reads GET /company (200), then its transactions: the first of those gets no answer
        sim.faults().onPaths(".*/vas_transactions").dropNext(1);
        app.template().sendBody("direct:company-poll-once", null);

        String[] unanswered = {"api", "vk", "operation", "GET /vas_transactions", "status", "0"};
        assertThat(scrape().value("bridge_api_requests_seconds_count", unanswered)).isEqualTo(1);
    }

    @Test
    void gaugesShowTheApisTheLeaderTodaysSpendAndTheStateKeys() {
        assertThat(afterTraffic.value("bridge_api_up", "api", "vk")).isEqualTo(1);
        assertThat(afterTraffic.value("bridge_leader")).isEqualTo(1);
        // job_highlight costs 300 roubles in the simulator
        assertThat(afterTraffic.value("bridge_spend_today_rub")).isEqualTo(300);
        // the two applications polled, and the job published
        assertThat(afterTraffic.value("bridge_state_keys", "topic", "rabota.state.applications")).isEqualTo(2);
        assertThat(afterTraffic.value("bridge_state_keys", "topic", "rabota.state.jobs")).isEqualTo(1);
    }

    @Test
    void theJvmAndTheProcessAreMetered() {
        assertThat(afterTraffic.series("jvm_memory_used_bytes", "area", "heap")).isNotEmpty()
                .allSatisfy(series -> assertThat(series.value()).isNotNegative());
        assertThat(afterTraffic.series("jvm_memory_used_bytes", "area", "heap").stream()
                .mapToDouble(Series::value).sum()).isPositive();
        assertThat(afterTraffic.value("jvm_threads_live_threads")).isPositive();
        assertThat(afterTraffic.value("jvm_classes_loaded_classes")).isPositive();
        assertThat(afterTraffic.series("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
        assertThat(afterTraffic.value("process_cpu_usage")).isBetween(0.0, 1.0);
        assertThat(afterTraffic.value("process_uptime_seconds")).isPositive();
        assertThat(afterTraffic.value("process_files_open_files")).isPositive();
        assertThat(afterTraffic.value("system_cpu_count")).isPositive();
        assertThat(afterTraffic.series("camel_exchanges_total")).isNotEmpty();
    }

    @Test
    void routeMetersCountTheFlowsNotTheStepsTheyCall() {
        // the job's consumer counted its poll; the direct: routes it went through (job-command, vk-job, the API
        // operation and its attempt) are metered by the bundle's own meters, not per route
        assertThat(afterTraffic.series("camel_exchanges_total", "routeId", "jobs-from-kafka"))
                .singleElement().satisfies(series -> assertThat(series.value()).isPositive());
        assertThat(afterTraffic.series("camel_exchanges_total").stream().map(series -> series.labels().get("routeId")))
                .doesNotContain("job-command", "vk-job", "vk-create-job", "vk-call");
    }

    @Test
    void routesAreCountedWithoutAnEventPerExchange() {
        assertThat(afterTraffic.value("camel_routes_running_routes")).isPositive();
        // camel-micrometer's route counts take route events only: Camel makes none per exchange and step
        assertThat(app.context().getCamelContextExtension().isEventNotificationApplicable()).isFalse();
    }

    @Test
    void everyKafkaClientIsMeteredConsumerLagIncluded() {
        // camel-kafka's consumer of job commands (its group); every record goes out through the bundle's producers
        assertThat(afterTraffic.series("kafka_consumer_fetch_manager_records_lag_max")).anySatisfy(series -> {
            assertThat(series.labels().get("client_id")).contains(prefix + "rabota-bridge-jobs");
            // a windowed maximum: NaN once nothing was fetched for its window (not negative either)
            assertThat(series.value()).isFinite().isNotNegative();
        });
        // the bundle's own: the output (dead letters, reference data, company, backgrounds), a state store, and the
        // transactions of the job consumer's answers
        assertThat(afterTraffic.value("kafka_producer_record_send_total", "client_id", "rabota-bridge-output"))
                .isPositive();
        assertThat(afterTraffic.value("kafka_producer_record_send_total", "client_id",
                "rabota-bridge-state-" + prefix + "rabota.state.jobs")).isPositive();
        assertThat(afterTraffic.value("kafka_producer_record_send_total", "client_id",
                "rabota-bridge-jobs-from-kafka")).isPositive();
        assertThat(afterTraffic.series("kafka_consumer_fetch_manager_records_consumed_total", "client_id",
                "rabota-bridge-state-reader-" + prefix + "rabota.state.jobs")).isNotEmpty();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsServed() throws IOException {
        Set<String> served = afterTraffic.all().stream().map(Series::name).collect(Collectors.toSet());
        Set<String> read = MonitoringFilesTest.metricsRead();

        // the per-partition lag comes once KafkaClientMetrics reads a client's metrics again, a minute after the
        // client started (README, "Metrics"): longer than this test's application runs. Its client-wide maximum,
        // which Kafka's client has from the start, is served
        String perPartitionLag = "kafka_consumer_fetch_manager_records_lag";
        assertThat(read).contains(perPartitionLag);
        assertThat(served).contains(perPartitionLag + "_max");
        // a histogram's or a timer's series are its name with a suffix, as PromQL reads them (a counter's name is
        // its _total series)
        assertThat(read).filteredOn(metric -> !metric.equals(perPartitionLag)).isNotEmpty()
                .allSatisfy(metric -> assertThat(served).as("series of %s", metric)
                        .containsAnyOf(metric, metric + "_bucket", metric + "_count", metric + "_sum"));
    }

    private Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = new String[labels.length + more.length];
        System.arraycopy(labels, 0, all, 0, labels.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    private record Series(String name, Map<String, String> labels, double value) {
    }

    /** Prometheus' text format, read simply: one series a line, {@code name{label="value",...} value}. */
    private record Scrape(List<Series> all) {

        private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][\\w:]*)(?:\\{(.*)})? (\\S+)");
        private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Scrape parse(String text) {
            List<Series> all = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher matcher = LINE.matcher(line);
                if (line.startsWith("#") || !matcher.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(matcher.group(2) == null ? "" : matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                all.add(new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
            }
            return new Scrape(all);
        }

        /** The series of this name that carry these labels (name, value, name, value...), among others. */
        List<Series> series(String name, String... labels) {
            return all.stream().filter(series -> series.name().equals(name)).filter(series -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(series.labels().get(labels[i]))) {
                        return false;
                    }
                }
                return true;
            }).toList();
        }

        /** The value of the one series of this name with these labels. */
        double value(String name, String... labels) {
            List<Series> found = series(name, labels);
            assertThat(found).as("%s %s", name, String.join(",", labels)).hasSize(1);
            return found.get(0).value();
        }
    }
}
