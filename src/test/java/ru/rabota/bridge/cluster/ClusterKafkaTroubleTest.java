package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.TcpForwarder;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Two instances in cluster mode (election through Kafka, {@code bridge.cluster.failover-timeout} 6 s) with their
 * real poll routes (VK Работа applications and re-scan, hh.ru negotiations, company, the application state's
 * retention), against a broker of this test's own, while applications keep arriving on both boards. The gauge
 * {@code bridge_leader} of both and their poll routes are read every 50 ms all along.
 */
class ClusterKafkaTroubleTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String VACANCY = "123456";
    /** The routes of policy activePoller these settings run. */
    private static final List<String> POLL_ROUTES = List.of("applications-poll", "applications-rescan",
            "hh-negotiations-poll", "company-poll", "applications-retention", "paid-commands-from-kafka",
            "vas-state-contact-data");
    private static final List<String> NAMES = List.of("a", "b");
    /** At most this many lines of the bundle's own (loggers ru.rabota.*) per flow and instance for one outage. */
    private static final int LINES_PER_FLOW = 3;

    private final int kafkaPort = FreePort.next();
    private final String prefix = TestKafka.uniquePrefix(getClass());
    private final Map<String, TestApplication> instances = new ConcurrentHashMap<>();
    private final Map<String, MeterRegistry> registries = new ConcurrentHashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Set<String> seededKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger negotiations = new AtomicInteger();
    /** Every 50 ms: when (epoch ms), then each instance's bridge_leader, then each one's poll routes started. */
    private final List<long[]> samples = new CopyOnWriteArrayList<>();
    @TempDir
    Path kafkaData;
    private volatile KafkaBroker broker;
    private HhSimulator hh;
    private VkSimulator vk;
    private ScheduledExecutorService background;

    @BeforeEach
    void startSimulators() throws IOException {
        hh = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015)).start();
        vk = new VkSimulator(new VkSimulatorConfig()).start();
    }

    @AfterEach
    void stopAll() {
        if (background != null) {
            background.shutdownNow();
        }
        instances.values().forEach(TestApplication::close);
        if (broker != null) {
            broker.close();
        }
        hh.close();
        vk.close();
    }

    /**
     * The broker stopped for 30 s and started again: {@code bridge_leader} is never 1 on both, and 0 on both for less
     * than the failover timeout once the broker is back; then the poll routes run on one instance only (hh.ru polled
     * by one), every application and status has one event, readiness is DOWN during the outage and everything UP
     * after it, and the bundle's own lines of the outage are a few per flow, not one per retry or poll.
     */
    @Test
    void aBrokerOutageLeavesOneLeaderAfterItAndEachApplicationEventOnce() throws Exception {
        broker = KafkaBroker.start(kafkaPort, kafkaData);
        try (LogCapture logs = new LogCapture()) {
            for (String name : NAMES) {
                start(name, broker.bootstrapServers());
            }
            startBackground();
            await().atMost(Duration.ofSeconds(60)).until(() -> leaders() == 1 && !hh.requests().isEmpty());
            // a few polls of every kind before the outage
            Thread.sleep(4_000);
            Map<String, Map<String, String>> healthBefore = health();

            int logStart = logs.text().length();
            long stoppedAt = System.currentTimeMillis();
            broker.close();
            List<String> healthDuring = new ArrayList<>();
            List<Map<String, Map<String, String>>> reportsDuring = new ArrayList<>();
            while (System.currentTimeMillis() < stoppedAt + OUTAGE.toMillis()) {
                Thread.sleep(5_000);
                Map<String, Map<String, String>> report = health();
                reportsDuring.add(report);
                healthDuring.add(System.currentTimeMillis() - stoppedAt + " ms into the outage: " + report);
            }
            broker = KafkaBroker.start(kafkaPort, kafkaData);
            long startedAt = System.currentTimeMillis();
            String outageLog = logs.text().substring(logStart);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> leaders() == 1);
            long leaderAgainAt = System.currentTimeMillis();
            // long enough for a second rebalance and the routes' restarts
            Thread.sleep(15_000);
            Map<String, Map<String, String>> healthAfter = health();
            int hhSeen = hh.requests().size();
            Thread.sleep(5_000);
            List<String> hhAgentsAfter = hh.requests().subList(hhSeen, hh.requests().size()).stream()
                    .map(request -> request.header("User-Agent")).distinct().toList();
            stopBackground();
            String afterLog = logs.text().substring(logStart + outageLog.length());

            Outcome outcome = outcome();
            long bothLeaders = samples.stream().filter(s -> s[1] == 1 && s[2] == 1).count();
            long bothPolling = samples.stream().filter(s -> s[3] > 0 && s[4] > 0).count();
            long leaderLostAfter = samples.stream().filter(s -> s[0] >= stoppedAt && s[1] == 0 && s[2] == 0)
                    .mapToLong(s -> s[0]).findFirst().orElse(-1) - stoppedAt;
            System.out.printf("broker down %d ms; leader lost %d ms after the stop; no leader for %d ms after the"
                    + " start; samples %d, both leading %d, both polling %d%n", startedAt - stoppedAt,
                    leaderLostAfter, leaderAgainAt - startedAt, samples.size(), bothLeaders, bothPolling);
            System.out.println("leader and routes started, a b: " + transitions(stoppedAt));
            System.out.println("health before: " + healthBefore);
            healthDuring.forEach(line -> System.out.println("health " + line));
            System.out.println("health after: " + healthAfter);
            System.out.println("hh.ru polled afterwards by: " + hhAgentsAfter);
            outcome.print();
            System.out.printf("WARN and ERROR lines of every logger during the outage: %d, of the bundle: %d%n",
                    outageLog.lines().filter(line -> line.startsWith("WARN ") || line.startsWith("ERROR ")).count(),
                    bundleLines(outageLog).filter(line -> line.startsWith("WARN ") || line.startsWith("ERROR "))
                            .count());
            System.out.println("the bundle's lines during the outage:");
            bridgeLines(outageLog).forEach((line, count) -> System.out.printf("  %4d x %s%n", count, line));
            System.out.println("the bundle's lines after the outage:");
            bridgeLines(afterLog).forEach((line, count) -> System.out.printf("  %4d x %s%n", count, line));

            assertThat(bothLeaders).as("samples with bridge_leader 1 on both").isZero();
            assertThat(Duration.ofMillis(leaderAgainAt - startedAt)).as("no leader after the broker is back")
                    .isLessThanOrEqualTo(FAILOVER_TIMEOUT);
            assertThat(bothPolling).as("samples with poll routes started on both").isZero();
            assertThat(hhAgentsAfter).as("instances polling hh.ru afterwards").hasSize(1);
            outcome.assertEachEventOnce();
            // README, Operations: readiness DOWN while the consumers have no broker, liveness UP; all UP after
            assertThat(reportsDuring).allSatisfy(report -> assertThat(report).allSatisfy((name, checks) -> {
                assertThat(checks).containsEntry("/observe/health/ready", "503 DOWN")
                        .containsEntry("/observe/health/live", "200 UP");
                assertThat(checks.get("consumer:commands-from-kafka")).startsWith("DOWN");
            }));
            assertThat(healthAfter).allSatisfy((name, checks) -> assertThat(checks)
                    .containsEntry("/observe/health", "200 UP").containsEntry("/observe/health/ready", "200 UP")
                    .containsEntry("active-poller", "UP"));
            Map<String, Integer> perFlow = linesPerFlow(outageLog + afterLog);
            System.out.println("the bundle's lines of the outage and the recovery per flow (both instances): "
                    + perFlow);
            assertThat(perFlow).allSatisfy((flow, lines) -> assertThat(lines).as(flow)
                    .isLessThanOrEqualTo(LINES_PER_FLOW * NAMES.size()));
            // each poll's WARN line has its INFO line, on the instance that polls no more too
            String outage = outageLog + afterLog;
            for (String poll : List.of("VK Работа applications poll", "VK Работа applications re-scan",
                    "hh.ru negotiations poll", "Company poll", "Application state retention")) {
                assertThat(bundleLines(outage).filter(line -> line.startsWith("INFO ru.rabota.bridge.schedule.PollRuns "
                        + poll + " succeeds again") || line.startsWith("INFO ru.rabota.bridge.schedule.PollRuns "
                        + poll + " no longer runs here")).count()).as(poll).isEqualTo(bundleLines(outage)
                        .filter(line -> line.startsWith("WARN ru.rabota.bridge.schedule.PollRuns " + poll + " failed"))
                        .count());
            }
        }
    }

    /**
     * The leader alone cut off from Kafka (its connections through a forwarder closed, the other instance's direct
     * ones untouched), its process running: it stops leading before the other instance leads, says so in one line,
     * sends no hh.ru request once its lead lapsed, and every event is once. Its poll routes' stop lags (Camel stops
     * one at a time, a run blocked on Kafka a second each): printed, with the moments of both instances.
     */
    @Test
    void aLeaderCutOffFromKafkaStopsLeadingAndPollingBeforeTheOtherLeads() throws Exception {
        int cutPort = FreePort.next();
        int forwarderPort = FreePort.next();
        broker = KafkaBroker.startWithSecondListener(kafkaPort, kafkaData, cutPort, forwarderPort);
        TcpForwarder forwarder = new TcpForwarder(forwarderPort, cutPort);
        try (LogCapture logs = new LogCapture()) {
            // a first, so that it leads, through the forwarder
            start("a", "127.0.0.1:" + forwarderPort);
            await().atMost(Duration.ofSeconds(60)).until(() -> leaderGauge("a") == 1);
            start("b", broker.bootstrapServers());
            startBackground();
            await().atMost(Duration.ofSeconds(60)).until(() -> routesStarted("b") == 0 && leaderGauge("a") == 1
                    && stableLeaderGroupMembers() == 2);
            Thread.sleep(4_000);
            assertThat(leaderGauge("a")).isOne();

            int logStart = logs.text().length();
            long cutAt = System.currentTimeMillis();
            forwarder.cut();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> leaderGauge("b") == 1 && routesStarted("b") > 0);
            // the new leader polls a while; then a is back
            Thread.sleep(8_000);
            String cutLog = logs.text().substring(logStart);
            forwarder = new TcpForwarder(forwarderPort, cutPort);
            Thread.sleep(15_000);
            stopBackground();

            long aLost = firstSample(cutAt, s -> s[1] == 0);
            long aStopped = firstSample(cutAt, s -> s[3] == 0);
            long bLeads = firstSample(cutAt, s -> s[2] == 1);
            long bStarted = firstSample(cutAt, s -> s[4] > 0);
            Instant firstOfB = hh.requests().stream().filter(r -> r.at().toEpochMilli() > cutAt
                    && agent("b").equals(r.header("User-Agent"))).map(RecordedRequest::at).findFirst().orElseThrow();
            List<RecordedRequest> aAfterB = hh.requests().stream().filter(r -> agent("a").equals(r.header("User-Agent"))
                    && r.at().isAfter(firstOfB)).toList();
            // the gauge is read every 50 ms: a request sent just before the lapse may arrive after the sample
            List<RecordedRequest> aAfterLapse = hh.requests().stream().filter(r -> agent("a").equals(
                    r.header("User-Agent")) && r.at().toEpochMilli() > aLost + 100).toList();
            long bothLeaders = samples.stream().filter(s -> s[1] == 1 && s[2] == 1).count();
            long bothPolling = samples.stream().filter(s -> s[3] > 0 && s[4] > 0).count();
            System.out.printf("after the cut: a no longer leads at %d ms, its poll routes stopped at %d ms; b leads at"
                    + " %d ms, its poll routes started at %d ms, first hh.ru poll %d ms; a's hh.ru calls after its"
                    + " lead lapsed: %d, after b's first: %d; samples both leading %d, both with poll routes started"
                    + " %d%n", aLost - cutAt, aStopped - cutAt, bLeads - cutAt, bStarted - cutAt,
                    firstOfB.toEpochMilli() - cutAt, aAfterLapse.size(), aAfterB.size(), bothLeaders, bothPolling);
            System.out.println("leader and routes started, a b: " + transitions(cutAt));
            System.out.println("the bundle's lines while a was cut off:");
            bridgeLines(cutLog).forEach((line, count) -> System.out.printf("  %4d x %s%n", count, line));
            Outcome outcome = outcome();
            outcome.print();

            assertThat(aLost).as("a no longer leads before b leads").isLessThan(bLeads);
            assertThat(aAfterLapse).as("a's hh.ru calls once its lead lapsed").isEmpty();
            assertThat(aAfterB).as("a's hh.ru calls after b's first").isEmpty();
            assertThat(bothLeaders).as("samples with bridge_leader 1 on both").isZero();
            // the routes' stop lags (Camel stops one route at a time, each after its run for up to a second) but
            // the runs call nothing more (above)
            assertThat(aStopped).as("a's poll routes stopped").isLessThan(Long.MAX_VALUE);
            assertThat(cutLog.lines().filter(line -> line.startsWith("INFO ") && line.contains("no longer the leader")))
                    .singleElement().asString().contains("cut off from Kafka?");
            outcome.assertEachEventOnce();
        } finally {
            forwarder.cut();
        }
    }

    /**
     * The application state's retention (route applications-retention, with hh.ru's rule on the polls the leader
     * saw) on a retention of 3 s run every second: it runs on the leader only, forgets once the negotiation of a
     * vacancy no longer polled, and forgets none of the polled vacancy's through a broker outage and the change of
     * lead it brings, and the stop of the leader after it: a status a negotiation seen long before takes afterwards is
     * emitted once (a forgotten one's would not be).
     */
    @Test
    void theRetentionRunsOnTheLeaderAloneAndForgetsNothingStillPolledThroughAnOutage() throws Exception {
        broker = KafkaBroker.start(kafkaPort, kafkaData);
        String old = "654321";
        hh.addVacancy(old, "Грузчик");
        String oldNegotiation = "hh:" + hh.addNegotiation(old, "inbox", "response",
                HhResume.of("r-old", "Пётр", "Петров", "Грузчик")).id();
        String seenLongBefore = hh.addNegotiation(VACANCY, "inbox", "response",
                HhResume.of("r-kept", "Анна", "Смирнова", "Кассир")).id();
        seededKeys.add("hh:" + seenLongBefore);
        // an instance of before polled the old vacancy too
        Map<String, String> before = settings("seed", broker.bootstrapServers());
        before.putAll(Map.of("bridge.cluster.enabled", "false", "bridge.hh.vacancy-ids", old + "," + VACANCY,
                "bridge.applications.enabled", "false", "bridge.company.poll-delay", "1h"));
        try (TestApplication seed = TestApplication.start(before)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.consumeUntilQuiet(broker.bootstrapServers(),
                    Topic.APPLICATIONS.topicName(prefix), Duration.ofMillis(500), Duration.ofSeconds(10)).size() == 2);
        }
        try (LogCapture logs = new LogCapture()) {
            for (String name : NAMES) {
                start(name, broker.bootstrapServers(), Map.of("bridge.applications.retention", "3s",
                        "bridge.applications.retention-interval", "1s"));
            }
            startBackground();
            await().atMost(Duration.ofSeconds(60)).until(() -> NAMES.stream()
                    .allMatch(name -> state(name).get(oldNegotiation).isEmpty()));
            assertThat(NAMES).allSatisfy(name -> assertThat(state(name).get("hh:" + seenLongBefore)).isPresent());

            long stoppedAt = System.currentTimeMillis();
            broker.close();
            Thread.sleep(8_000);
            broker = KafkaBroker.start(kafkaPort, kafkaData);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> leaders() == 1);
            // several runs of the retention on the leader after the outage; then the lead moves for sure
            Thread.sleep(6_000);
            String leader = NAMES.stream().filter(name -> leaderGauge(name) == 1).findFirst().orElseThrow();
            String other = NAMES.stream().filter(name -> !name.equals(leader)).findFirst().orElseThrow();
            registries.remove(leader);
            instances.remove(leader).close();
            await().atMost(Duration.ofSeconds(30)).until(() -> leaderGauge(other) == 1);
            Thread.sleep(6_000);
            hh.moveNegotiation(seenLongBefore, "invited", "invitation");
            await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.consumeUntilQuiet(broker.bootstrapServers(),
                    Topic.APPLICATIONS.topicName(prefix), Duration.ofMillis(500), Duration.ofSeconds(10)).stream()
                    .anyMatch(event -> keyAndStatus(event).equals("hh:" + seenLongBefore + " invitation")));
            stopBackground();

            Outcome outcome = outcome();
            outcome.print();
            Set<String> hhKeys = seededKeys.stream().filter(key -> key.startsWith("hh:")).collect(Collectors.toSet());
            Map<String, Long> forgottenWhilePolled = Map.of(other,
                    hhKeys.stream().filter(key -> state(other).get(key).isEmpty()).count());
            long bothRetaining = samples.stream().filter(s -> s[3] > 0 && s[4] > 0).count();
            List<String> runs = logs.text().lines().filter(line -> line.contains("(bridge.applications.retention)"))
                    .toList();
            System.out.println("leader and routes started, a b, from the outage: " + transitions(stoppedAt)
                    + "; " + leader + " stopped, " + other + " leads");
            System.out.printf("negotiations of the polled vacancy missing from the state: %s; samples with poll routes"
                    + " (the retention's among them) started on both: %d; retention lines: %s%n", forgottenWhilePolled,
                    bothRetaining, runs);

            assertThat(forgottenWhilePolled).allSatisfy((name, missing) -> assertThat(missing).as(name).isZero());
            assertThat(bothRetaining).isZero();
            assertThat(runs).singleElement().asString().contains("forgotten {hh=1}");
            outcome.assertEachEventOnce();
        }
    }

    private KafkaStateStore state(String name) {
        return instances.get(name).context().getRegistry().lookupByNameAndType("applicationState",
                KafkaStateStore.class);
    }

    private void start(String name, String brokers) {
        start(name, brokers, Map.of());
    }

    private void start(String name, String brokers, Map<String, String> more) {
        Map<String, String> settings = settings(name, brokers);
        settings.putAll(more);
        TestApplication app = TestApplication.start(settings);
        instances.put(name, app);
        registries.put(name, app.context().getRegistry().findSingleByType(MeterRegistry.class));
    }

    private Map<String, String> settings(String name, String brokers) {
        int management = FreePort.next();
        managementPorts.put(name, management);
        Map<String, String> settings = new HashMap<>(Map.of(
                "camel.component.kafka.brokers", brokers,
                Topic.PREFIX_PROPERTY, prefix,
                "bridge.cluster.enabled", "true",
                "bridge.cluster.failover-timeout", FAILOVER_TIMEOUT.toSeconds() + "s",
                "camel.management.enabled", "true",
                "camel.management.port", String.valueOf(management),
                "camel.route-controller.back-off-delay", "1000"));
        settings.putAll(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.applications.initial-delay", "0ms",
                "bridge.applications.poll-interval", "500ms",
                "bridge.applications.rescan-interval", "5s",
                "bridge.company.poll-delay", "0s",
                "bridge.company.poll-interval", "1s",
                "bridge.retry.initial-delay", "50ms",
                "bridge.retry.max-delay", "1s"));
        settings.putAll(Map.of(
                "bridge.hh.enabled", "true",
                "bridge.hh.base-url", hh.baseUrl(),
                "bridge.hh.access-token", hh.accessToken(),
                // the User-Agent tells the simulator which instance asked
                "bridge.hh.user-agent", agent(name),
                "bridge.hh.vacancy-ids", VACANCY,
                "bridge.hh.poll-interval", "500ms",
                "bridge.hh.initial-delay", "0ms"));
        // the outage outlasts every Kafka wait several times over, as an outage of minutes outlasts the defaults
        settings.putAll(Map.of(
                "bridge.state.timeout", "3s",
                "camel.component.kafka.request-timeout-ms", "3000",
                "camel.component.kafka.max-block-ms", "3000",
                "camel.component.kafka.delivery-timeout-ms", "3000",
                "camel.component.kafka.session-timeout-ms", "6000",
                "camel.component.kafka.heartbeat-interval-ms", "2000"));
        return settings;
    }

    private static String agent(String name) {
        return "RabotaBridgeTrouble-" + name + "/1.0 (it@example.com)";
    }

    private void startBackground() {
        background = Executors.newScheduledThreadPool(2);
        background.scheduleWithFixedDelay(this::sample, 0, 50, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::newApplications, 0, 300, TimeUnit.MILLISECONDS);
    }

    private void stopBackground() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void newApplications() {
        int i = negotiations.incrementAndGet();
        seededKeys.add("hh:" + hh.addNegotiation(VACANCY, "inbox", "response",
                HhResume.of("r" + i, "Имя", "Фамилия", "Кассир")).id());
        vk.seedApplications(1).forEach(application -> seededKeys.add("vkrabota:" + application.id()));
    }

    private void sample() {
        long[] sample = new long[1 + 2 * NAMES.size()];
        sample[0] = System.currentTimeMillis();
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            sample[1 + i] = (long) leaderGauge(name);
            sample[1 + NAMES.size() + i] = routesStarted(name);
        }
        samples.add(sample);
    }

    private double leaderGauge(String name) {
        MeterRegistry registry = registries.get(name);
        Gauge gauge = registry == null ? null : registry.find("bridge.leader").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private long routesStarted(String name) {
        TestApplication app = instances.get(name);
        return app == null ? 0 : POLL_ROUTES.stream()
                .filter(id -> app.context().getRouteController().getRouteStatus(id) == ServiceStatus.Started).count();
    }

    /** Members of the leader group on this test's broker, 0 while it rebalances. */
    private int stableLeaderGroupMembers() throws Exception {
        String group = prefix + "rabota-bridge-leader-rabota-bridge-pollers";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get();
            return description.state() == ConsumerGroupState.STABLE ? description.members().size() : 0;
        }
    }

    private long leaders() {
        return NAMES.stream().filter(name -> leaderGauge(name) == 1).count();
    }

    /** When (epoch ms) the first sample from {@code since} on matched, or Long.MAX_VALUE. */
    private long firstSample(long since, java.util.function.Predicate<long[]> matches) {
        return samples.stream().filter(s -> s[0] >= since && matches.test(s)).mapToLong(s -> s[0]).findFirst()
                .orElse(Long.MAX_VALUE);
    }

    /** Each change of (leader a, leader b, poll routes started on a and on b), in ms from {@code from}. */
    private String transitions(long from) {
        List<String> changes = new ArrayList<>();
        String last = null;
        for (long[] s : samples) {
            String now = s[1] + "" + s[2] + " routes " + s[3] + "/" + s[4];
            if (!now.equals(last)) {
                changes.add((s[0] - from) + " ms: " + now);
                last = now;
            }
        }
        return String.join("; ", changes);
    }

    /** Per instance, its reports' statuses and every check not UP, with active-poller's always. */
    private Map<String, Map<String, String>> health() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String name : NAMES) {
            Map<String, String> report = new LinkedHashMap<>();
            for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/health/live")) {
                try {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + managementPorts.get(name) + path)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode body = MAPPER.readTree(answer.body());
                    report.put(path, answer.statusCode() + " " + body.path("status").asText());
                    if (path.equals("/observe/health")) {
                        for (JsonNode check : body.path("checks")) {
                            String id = check.path("name").asText();
                            String status = check.path("status").asText();
                            if (!"UP".equals(status) || id.equals("active-poller")) {
                                report.put(id, (status + " " + check.path("message").asText("")).trim());
                            }
                        }
                    }
                } catch (IOException e) {
                    report.put(path, "no answer: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return all;
                }
            }
            all.put(name, report);
        }
        return all;
    }

    /** What came out: the application events and the company's records. */
    private record Outcome(int events, int seeded, Set<String> missing, Map<String, Long> repeated,
            Map<String, Long> company) {

        void print() {
            System.out.printf("application events %d for %d applications seeded; without an event %s; repeated %s;"
                    + " company records per key %s%n", events, seeded, missing, repeated, company);
        }

        void assertEachEventOnce() {
            assertThat(missing).as("applications without an event").isEmpty();
            assertThat(repeated).as("application events repeated (key and status)").isEmpty();
            assertThat(company.get("company")).as("company records").isOne();
        }
    }

    private Outcome outcome() {
        String topic = Topic.APPLICATIONS.topicName(prefix);
        String brokers = broker.bootstrapServers();
        await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.consumeUntilQuiet(brokers, topic,
                Duration.ofSeconds(1), Duration.ofSeconds(20)).stream().map(ConsumerRecord::key)
                .collect(Collectors.toSet()).containsAll(seededKeys));
        List<ConsumerRecord<String, String>> events = TestKafka.consumeUntilQuiet(brokers, topic,
                Duration.ofSeconds(2), Duration.ofSeconds(30));
        Map<String, Long> repeated = events.stream().collect(Collectors.groupingBy(
                ClusterKafkaTroubleTest::keyAndStatus, TreeMap::new, Collectors.counting()));
        repeated.values().removeIf(count -> count == 1);
        Set<String> missing = new TreeSet<>(seededKeys);
        events.forEach(event -> missing.remove(event.key()));
        // the simulator's packets and balance carry times relative to now: they change at every poll
        Map<String, Long> company = TestKafka.consumeUntilQuiet(brokers, Topic.COMPANY.topicName(prefix),
                Duration.ofSeconds(1), Duration.ofSeconds(20)).stream().collect(Collectors.groupingBy(
                        ConsumerRecord::key, TreeMap::new, Collectors.counting()));
        return new Outcome(events.size(), seededKeys.size(), missing, repeated, company);
    }

    /** The bundle's lines (loggers ru.rabota.*), numbers blanked, counted. */
    private static Map<String, Integer> bridgeLines(String log) {
        Map<String, Integer> lines = new TreeMap<>();
        bundleLines(log).forEach(line -> lines.merge(cut(line.replaceAll("\\d+", "#"), 300), 1, Integer::sum));
        return lines;
    }

    /**
     * The bundle's WARN and ERROR lines and the INFO lines that end them, per flow: the poll named in a poll's
     * line, otherwise the logger. The routine lines of a poll that went well (how many applications it read) are
     * not about the outage.
     */
    private static Map<String, Integer> linesPerFlow(String log) {
        Map<String, Integer> perFlow = new TreeMap<>();
        bundleLines(log).filter(line -> line.startsWith("WARN ") || line.startsWith("ERROR ")
                || line.contains("again") || line.contains("leader") || line.contains("no longer leads"))
                .forEach(line -> {
                    String[] parts = line.split(" ", 3);
                    String message = parts.length > 2 ? parts[2] : "";
                    String flow = message.contains(" poll") ? message.substring(0, message.indexOf(" poll") + 5)
                            : parts[1].substring(parts[1].lastIndexOf('.') + 1);
                    perFlow.merge(flow, 1, Integer::sum);
                });
        return perFlow;
    }

    private static java.util.stream.Stream<String> bundleLines(String log) {
        return log.lines().filter(line -> line.matches("(TRACE|DEBUG|INFO|WARN|ERROR) ru\\.rabota\\..*"));
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "...";
    }

    private static String keyAndStatus(ConsumerRecord<String, String> event) {
        try {
            return event.key() + " " + MAPPER.readTree(event.value()).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
