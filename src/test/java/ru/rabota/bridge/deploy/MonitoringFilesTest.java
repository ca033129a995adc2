package ru.rabota.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alerts (issue 14 item 2): every expression reads a metric (that a running
 * bundle serves each is {@code MetricsTest}'s), every metric of the bundle's own is on the dashboard, every alert is
 * complete.
 */
public class MonitoringFilesTest {

    static final Path DASHBOARD = Path.of("deploy", "grafana", "rabota-bridge.json");
    static final Path ALERTS = Path.of("deploy", "prometheus", "alerts.yaml");
    /** Scenarios of the alerts for promtool: series in, the alerts expected at given times out. */
    static final List<Path> ALERT_SCENARIOS = List.of(Path.of("src", "test", "promtool", "alerts.test.yaml"),
            Path.of("src", "test", "promtool", "no-applications.test.yaml"));

    /**
     * Where the bundle's own metrics are listed: the contract's table for now (the README gets its "Metrics" table,
     * which follows it, with the metrics themselves); the shared folder lies beside the checkout.
     */
    static final Path BUNDLE_METRICS = Path.of("..", "shared", "CONTRACT.md");
    static final String BUNDLE_METRICS_SECTION = "## 8. Metrics";

    private static final Pattern BACKTICKED = Pattern.compile("`([a-z][a-z0-9_]*)`");

    @Test
    void theDashboardReadsMetricsAndShowsEveryMetricOfTheBundle() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("rabota-bridge");

        Map<String, Set<String>> read = dashboardReads();
        assertReadsMetrics(read);
        Set<String> shown = new HashSet<>();
        read.values().forEach(shown::addAll);
        assertThat(shown).containsAll(bundleMetrics());
        // camel-micrometer's route policy adds a whole-context series (routeId ""), the sum of the routes: a panel
        // per route that counts it shows everything twice
        assertThat(read.keySet()).filteredOn(panel -> panel.contains("sum by (routeId)"))
                .isNotEmpty().allSatisfy(panel -> assertThat(panel).contains("routeId!=\"\""));
    }

    @Test
    void everyAlertIsCompleteAndReadsMetrics() {
        Map<String, Set<String>> read = new TreeMap<>();
        Map<String, String> expressions = new TreeMap<>();
        for (JsonNode rule : alertRules()) {
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
        assertReadsMetrics(read);
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

    /**
     * "No application events for 6 hours while an instance polls" compares with the same hours a week before: a night
     * or a weekend without applications, as the one before, is no news (it fired every quiet weekend).
     */
    @Test
    void theNoApplicationsAlertWantsTheSameHoursAWeekBeforeToHaveHadSome() {
        JsonNode rule = alertRules().stream().filter(r -> r.path("alert").asText().equals("RabotaBridgeNoApplications"))
                .findFirst().orElseThrow();
        assertThat(rule.path("expr").asText())
                .contains("increase(bridge_applications_total[6h])) == 0")
                .contains("increase(bridge_applications_total[6h] offset 1w)) >= ");
    }

    /**
     * The heap fills with the state every instance holds: an alert watches what stays of it after collections, the
     * old generation's lowest point over a while (its peaks are garbage as much as state; Micrometer's live data size
     * stays 0 under G1 while the heap only grows).
     */
    @Test
    void anAlertWatchesTheHeapThatStaysAfterCollections() {
        assertThat(alertRules()).anySatisfy(rule -> assertThat(rule.path("expr").asText())
                .contains("min_over_time(jvm_memory_used_bytes{area=\"heap\", id=~\".*Old Gen|Tenured Gen\"}[")
                .contains("/ jvm_memory_max_bytes{area=\"heap\", id=~\".*Old Gen|Tenured Gen\"}")
                .doesNotContain("jvm_gc_live_data_size_bytes"));
    }

    /**
     * The alerts against their scenarios ({@link #ALERT_SCENARIOS}: each fires where it names a fault, and stays quiet
     * where nothing is wrong), where promtool is on the PATH: Debian's package prometheus has it; skipped elsewhere.
     */
    @Test
    void theAlertsFireInTheirScenariosAndStayQuietOtherwise() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on the PATH");
        List<String> command = new ArrayList<>(List.of(promtool.get().toString(), "test", "rules"));
        ALERT_SCENARIOS.forEach(scenarios -> command.add(scenarios.toString()));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isZero();
    }

    /**
     * A panel with a line per instance names it by its pod where the scrape gives a {@code pod} label (Kubernetes
     * service discovery, a PodMonitor), by its address otherwise: the legends showed the pod's IP and port, which say
     * nothing to an operator. Also every expression of the dashboard is PromQL that promtool reads (as a recording
     * rule each), where promtool is on the PATH.
     */
    @Test
    void theDashboardNamesEachInstanceByItsPodWhereTheScrapeGivesOne(@TempDir Path folder) throws Exception {
        List<JsonNode> targets = dashboardTargets();
        assertThat(targets).extracting(target -> target.path("legendFormat").asText())
                .allSatisfy(legend -> assertThat(legend).doesNotContain("{{instance}}"))
                .anySatisfy(legend -> assertThat(legend).contains("{{replica}}"));
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on the PATH");

        List<Map<String, String>> rules = new ArrayList<>();
        for (JsonNode target : targets) {
            rules.add(Map.of("record", "dashboard:expression_" + rules.size(), "expr", grafanaVariablesSet(target)));
        }
        YAMLMapper yaml = new YAMLMapper();
        yaml.writeValue(folder.resolve("dashboard.yaml").toFile(),
                Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
        String leader = targets.stream().filter(target -> target.path("expr").asText().startsWith(
                "label_replace(label_replace(bridge_leader")).map(MonitoringFilesTest::grafanaVariablesSet)
                .findFirst().orElseThrow();
        String kubernetes = "instance=\"10.1.2.3:9876\", namespace=\"acme\", pod=\"rabota-bridge-7d9f-x2\"";
        String byAddress = "instance=\"bridge-2:9876\", namespace=\"acme\"";
        yaml.writeValue(folder.resolve("legends.test.yaml").toFile(), Map.of(
                "rule_files", List.of("dashboard.yaml"),
                "tests", List.of(Map.of(
                        "interval", "1m",
                        "input_series", List.of(
                                Map.of("series", "bridge_leader{" + kubernetes + "}", "values", "1+0x5"),
                                Map.of("series", "bridge_leader{" + byAddress + "}", "values", "0+0x5")),
                        "promql_expr_test", List.of(Map.of(
                                "expr", leader,
                                "eval_time", "2m",
                                "exp_samples", List.of(
                                        Map.of("labels", "bridge_leader{" + kubernetes
                                                + ", replica=\"rabota-bridge-7d9f-x2\"}", "value", 1),
                                        Map.of("labels", "bridge_leader{" + byAddress
                                                + ", replica=\"bridge-2:9876\"}", "value", 0))))))));

        Process run = new ProcessBuilder(promtool.get().toString(), "test", "rules", "legends.test.yaml")
                .directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isZero();
    }

    /** An expression as Prometheus would get it from Grafana: every namespace, a rate over 5 minutes. */
    private static String grafanaVariablesSet(JsonNode target) {
        return target.path("expr").asText().replace("$namespace", ".*").replace("$__rate_interval", "5m");
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

    /**
     * Every metric the dashboard and the alert rules read, by the names PromQL reads them (a histogram's without its
     * series suffix): {@code MetricsTest} checks that a running bundle serves each.
     */
    public static Set<String> metricsRead() throws IOException {
        Set<String> metrics = new TreeSet<>();
        dashboardReads().values().forEach(metrics::addAll);
        alertRules().forEach(rule -> metrics.addAll(PromQl.metricNames(rule.path("expr").asText())));
        return metrics;
    }

    /** The metrics each expression of the dashboard reads, by "panel title: expression". */
    private static Map<String, Set<String>> dashboardReads() throws IOException {
        Map<String, Set<String>> read = new TreeMap<>();
        for (JsonNode target : dashboardTargets()) {
            String expression = target.path("expr").asText();
            read.put(target.path("panel").asText() + ": " + expression, PromQl.metricNames(expression));
        }
        return read;
    }

    /** The queries of the dashboard's panels, each with its panel's title added as {@code panel}. */
    private static List<JsonNode> dashboardTargets() throws IOException {
        List<JsonNode> panels = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels").forEach(panels::add);
        assertThat(panels).isNotEmpty();
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
            panel.path("targets").forEach(target -> targets.add(((ObjectNode) target.deepCopy()).put("panel", title)));
        }
        return targets;
    }

    private static List<JsonNode> alertRules() {
        List<JsonNode> documents = ProjectFiles.yamlDocuments(ALERTS);
        assertThat(documents).hasSize(1);
        List<JsonNode> rules = new ArrayList<>();
        documents.get(0).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    private static Optional<Path> onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, program);
            if (!folder.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Each expression reads a metric; that a running bundle serves them is MetricsTest's. */
    private static void assertReadsMetrics(Map<String, Set<String>> readByExpression) {
        readByExpression.forEach((expression, metrics) -> assertThat(metrics).as(expression).isNotEmpty());
    }
}
