package ru.rabota.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alerts (issue 14 item 2) against the metrics the bundle serves: every
 * expression reads only metrics that exist, every metric of the bundle's own is on the dashboard, every alert is
 * complete.
 */
class MonitoringFilesTest {

    static final Path DASHBOARD = Path.of("deploy", "grafana", "rabota-bridge.json");
    static final Path ALERTS = Path.of("deploy", "prometheus", "alerts.yaml");

    /**
     * Where the bundle's own metrics are listed: the contract's table for now (the README gets its "Metrics" table,
     * which follows it, with the metrics themselves); the shared folder lies beside the checkout.
     */
    static final Path BUNDLE_METRICS = Path.of("..", "shared", "CONTRACT.md");
    static final String BUNDLE_METRICS_SECTION = "## 8. Metrics";

    /**
     * The other meters the dashboard reads, by the names they take in Prometheus: Micrometer's JVM and process binders
     * (JvmMemoryMetrics, JvmGcMetrics, JvmThreadMetrics, ProcessorMetrics), its KafkaClientMetrics
     * ({@code kafka.<group without -metrics>.<name>}) and camel-micrometer's route meters (seen on /observe/metrics).
     */
    static final Set<String> OTHER_METRICS = Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds", "jvm_threads_live_threads", "process_cpu_usage",
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_lag",
            "camel_exchanges_failed_total");

    private static final Pattern BACKTICKED = Pattern.compile("`([a-z][a-z0-9_]*)`");

    @Test
    void theDashboardReadsOnlyMetricsThatExistAndShowsEveryMetricOfTheBundle() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("rabota-bridge");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).isNotEmpty();

        Map<String, Set<String>> read = new TreeMap<>();
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asText();
                read.put(title + ": " + expression, PromQl.metricNames(expression));
            }
        }
        assertReadsKnownMetrics(read);
        Set<String> shown = new HashSet<>();
        read.values().forEach(shown::addAll);
        assertThat(shown).containsAll(bundleMetrics());
        // camel-micrometer's route policy adds a whole-context series (routeId ""), the sum of the routes: a panel
        // per route that counts it shows everything twice
        assertThat(read.keySet()).filteredOn(panel -> panel.contains("sum by (routeId)"))
                .isNotEmpty().allSatisfy(panel -> assertThat(panel).contains("routeId!=\"\""));
    }

    @Test
    void everyAlertIsCompleteAndReadsOnlyMetricsThatExist() {
        List<JsonNode> documents = ProjectFiles.yamlDocuments(ALERTS);
        assertThat(documents).hasSize(1);
        Map<String, Set<String>> read = new TreeMap<>();
        Map<String, String> expressions = new TreeMap<>();
        for (JsonNode group : documents.get(0).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertThat(alert).as("alert name of %s", rule).isNotBlank();
                assertThat(rule.path("for").asText()).as("for of %s", alert).matches("\\d+[smhd]");
                assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", alert)
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as("summary of %s", alert)
                        .isNotBlank();
                expressions.put(alert, rule.path("expr").asText());
                read.put(alert + ": " + rule.path("expr").asText(), PromQl.metricNames(rule.path("expr").asText()));
            }
        }
        assertReadsKnownMetrics(read);
        // the alerts of the issue: dead letters, an API down, no applications while polling, spend, no leader
        assertThat(read.values()).anySatisfy(metrics -> assertThat(metrics).contains("bridge_dead_letters_total"))
                .anySatisfy(metrics -> assertThat(metrics).contains("bridge_api_up"))
                .anySatisfy(metrics -> assertThat(metrics).contains("bridge_applications_total", "bridge_leader"))
                .anySatisfy(metrics -> assertThat(metrics).contains("bridge_spend_today_rub"))
                .anySatisfy(metrics -> assertThat(metrics).containsExactly("bridge_leader"));
        // the leaders: none, and more than one
        assertThat(expressions.values()).anySatisfy(expression -> assertThat(expression).contains("bridge_leader")
                .contains("< 1")).anySatisfy(expression -> assertThat(expression).contains("bridge_leader")
                .contains("> 1"));
        // the budget in the spend alert is the default one, which its comment tells the operator to adjust
        assertThat(expressions.get("RabotaBridgeSpendNearBudget"))
                .endsWith("* " + ProjectFiles.properties().getProperty("bridge.vas.daily-budget"));
    }

    @Test
    void theMetricsOfAnExpressionAreItsNamesLessFunctionsLabelsAndSeriesSuffixes() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (api, operation, le) "
                + "(rate(bridge_api_requests_seconds_bucket{status!~\"2..\", api=\"vk\"}[$__rate_interval])))"))
                .containsExactly("bridge_api_requests_seconds");
        assertThat(PromQl.metricNames("(sum(increase(bridge_applications_total[6h])) or vector(0)) == 0 "
                + "and sum(bridge_leader) > 0.9 * 1e3"))
                .containsExactly("bridge_applications_total", "bridge_leader");
        assertThat(PromQl.metricNames("sum(rate(bridge_job_total[5m])) by (board) / on (board) bridge_jobs"))
                .containsExactly("bridge_job_total", "bridge_jobs");
    }

    /** The bundle's own metrics, from the first cells of the metrics table. */
    static Set<String> bundleMetrics() {
        Set<String> metrics = new HashSet<>();
        for (List<String> row : ProjectFiles.tableRows(ProjectFiles.section(BUNDLE_METRICS, BUNDLE_METRICS_SECTION))) {
            Matcher name = BACKTICKED.matcher(row.get(0));
            assertThat(name.find()).as("a metric name in %s", row).isTrue();
            metrics.add(name.group(1));
        }
        assertThat(metrics).as("metrics of %s %s", BUNDLE_METRICS, BUNDLE_METRICS_SECTION).hasSizeGreaterThan(5);
        return metrics;
    }

    private static void assertReadsKnownMetrics(Map<String, Set<String>> readByExpression) {
        Set<String> known = new HashSet<>(bundleMetrics());
        known.addAll(OTHER_METRICS);
        readByExpression.forEach((expression, metrics) -> assertThat(metrics).as(expression).isNotEmpty()
                .isSubsetOf(known));
    }
}
