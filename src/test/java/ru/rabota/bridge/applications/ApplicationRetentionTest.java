package ru.rabota.bridge.applications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application state forgets what no read can show as new again (bridge.applications.retention), and a forgotten
 * application read again is no new one.
 */
@Execution(ExecutionMode.CONCURRENT)
class ApplicationRetentionTest extends PollTestSupport {

    @Test
    void aFinalVkApplicationPastTheRetentionIsForgottenAndAReScanThatReadsItAgainEmitsNothing() throws Exception {
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.applications.retention", "2s"));
        long jobA = harness.vk.state().addJob("Курьер", "HR-RA").id();
        long jobB = harness.vk.state().addJob("Повар", "HR-RB").id();
        Instant twoDaysAgo = harness.vk.state().now().minus(Duration.ofDays(2));
        // job A is re-scanned from its open application, older than its final one: the re-scan reads both
        VkApplication open = harness.apply(jobA, "unread", twoDaysAgo.minusSeconds(3600));
        VkApplication rejected = harness.apply(jobA, "rejected", twoDaysAgo);
        VkApplication declined = harness.apply(jobB, "declined", twoDaysAgo);
        // a recent application puts the watermark at now: the older ones are outside the poll's overlap
        VkApplication recent = harness.apply(jobB, "rejected", harness.vk.state().now());
        harness.poll();
        assertThat(harness.events()).hasSize(4);
        KafkaStateStore state = harness.store("applicationState");
        Thread.sleep(2_500);

        try (LogCapture logs = new LogCapture()) {
            retention();
            assertThat(logs.text()).contains("Application state: 2 applications whose last status is older than"
                    + " PT2S (bridge.applications.retention) forgotten {vkrabota=2}; 2 kept");
        }

        // the open one stays for the re-scan; the recent final one is inside the poll's overlap
        assertThat(state.get(key(rejected))).isEmpty();
        assertThat(state.get(key(declined))).isEmpty();
        assertThat(state.get(key(open))).isPresent();
        assertThat(state.get(key(recent))).isPresent();
        assertThat(state.size()).isEqualTo(2);
        harness.rescan();
        harness.poll();
        assertThat(harness.events()).as("the re-scan of job A read the forgotten application again").hasSize(4);

        // another process reads the state topic without them, and the marks with it
        harness.start(Map.of("bridge.applications.retention", "2s"));
        assertThat(harness.store("applicationState").get(key(rejected))).isEmpty();
        harness.vk.state().setApplicationStatus(open.id(), "invited");
        VkApplication newOne = harness.apply(jobA, "unread", harness.vk.state().now());
        harness.rescan();
        harness.poll();
        assertThat(harness.events()).extracting(record -> record.key() + " "
                        + PollHarness.json(record).path("previous_status").asText("-") + "->"
                        + PollHarness.json(record).path("status").asText())
                .hasSize(6).contains(key(open) + " unread->invited", key(newOne) + " -->unread");
    }

    @Test
    void aForgottenApplicationReadAgainIsNoNewOneAndAStatusCommandsAnswerLeavesItForgotten() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        ApplicationPublisher publisher = harness.app().context().getRegistry()
                .lookupByNameAndType("applicationPublisher", ApplicationPublisher.class);
        ApplicationSnapshot discarded = negotiation("701", "discard", "2024-01-02T10:00:00+03:00");
        ApplicationSnapshot later = negotiation("702", "response", "2024-03-02T10:00:00+03:00");
        publisher.publish(List.of(discarded, later), null, Map.of());

        // a month on, hh.ru's rule lets vacancy 9's negotiations go
        ApplicationRetention retention = forgettingDiscarded(publisher);
        // an entry a publication changed since the retention saw it stays
        assertThat(publisher.forget(Map.of("hh:702", "{\"status\":\"seen before\"}"), Map.of())).isZero();
        retention.forget();
        assertThat(harness.store("applicationState").get("hh:701")).isEmpty();
        assertThat(harness.store("applicationState").get("hh:702")).isPresent();
        assertThat(harness.store("watermarkState").get("hh:forgotten:9"))
                .contains("{\"created_from\":\"2024-01-02T07:00:00Z\",\"created_at\":\"2024-01-02T07:00:00Z\"}");

        // the poll reads the vacancy again: the forgotten one is no new one; one created since is
        ApplicationSnapshot created = negotiation("703", "response", "2024-01-02T10:00:01+03:00");
        assertThat(publisher.publishPolled(List.of(discarded, created), Map.of()))
                .isEqualTo(new Publication(1, 0, 1));
        // a webhook's read (no answer) leaves it forgotten
        assertThat(publisher.publish(List.of(negotiation("701", "invitation", "2024-01-02T10:00:00+03:00")), null,
                Map.of())).isEqualTo(new Publication(0, 0, 1));
        assertThat(harness.store("applicationState").get("hh:701")).isEmpty();
        // so does a status command's answer: the statuses emitted before it went are not known
        assertThat(publisher.publish(List.of(negotiation("701", "invitation", "2024-01-02T10:00:00+03:00")), "c-1",
                Map.of())).isEqualTo(new Publication(0, 0, 1));
        assertThat(harness.store("applicationState").get("hh:701")).isEmpty();

        assertThat(harness.events()).extracting(record -> record.key() + " "
                        + PollHarness.json(record).path("previous_status").asText("-") + "->"
                        + PollHarness.json(record).path("status").asText())
                .containsExactly("hh:701 -->discard", "hh:702 -->response", "hh:703 -->response");
    }

    @Test
    void aStatusCommandOnAForgottenApplicationDoesNotLetAStatusEmittedBeforeBeEmittedAgain() throws Exception {
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.applications.retention", "2s"));
        long job = harness.vk.state().addJob("Курьер", "HR-RC").id();
        VkApplication application = harness.apply(job, "unread", harness.vk.state().now().minus(Duration.ofDays(2)));
        harness.poll();
        harness.vk.state().setApplicationStatus(application.id(), "declined");
        harness.rescan();
        harness.apply(job, "rejected", harness.vk.state().now());
        harness.poll();
        forgetPastTheRetention(application);

        // the employer invites the candidate through the bridge, then declines them in VK Работа's own interface
        invite(application);
        harness.vk.state().setApplicationStatus(application.id(), "declined");
        harness.rescan();

        assertThat(harness.events()).filteredOn(record -> record.key().equals(key(application)))
                .extracting(record -> PollHarness.json(record).path("status").asText())
                .as("one event per (source, application, status)").containsExactly("unread", "declined");
    }

    @Test
    void aStatusCommandOnAnApplicationNeverEmittedEmitsItThoughItsJobHasForgottenOnesCreatedAfterIt()
            throws Exception {
        Instant now = Instant.now();
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.applications.retention", "2s",
                "bridge.applications.since", now.minus(Duration.ofDays(3)).toString()));
        long job = harness.vk.state().addJob("Курьер", "HR-RD").id();
        // before bridge.applications.since: no poll reads it
        VkApplication before = harness.apply(job, "unread", now.minus(Duration.ofDays(4)));
        VkApplication declined = harness.apply(job, "declined", now.minus(Duration.ofDays(2)));
        harness.apply(job, "rejected", now);
        harness.poll();
        forgetPastTheRetention(declined);

        invite(before);

        assertThat(harness.events()).extracting(record -> record.key() + " "
                        + PollHarness.json(record).path("event").asText())
                .as("emitted as it is without the retention").contains(key(before) + " application.created");
    }

    /** Waits out the retention of 2 s and runs it: the application's state is gone. */
    /**
     * A backlog larger than a transaction (the first run after an upgrade) is forgotten a transaction at a time, each
     * with its jobs' marks, spanning what every transaction forgot.
     */
    @Test
    void aBacklogIsForgottenATransactionAtATimeWithMarksSpanningItWhole() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        ApplicationPublisher publisher = harness.app().context().getRegistry()
                .lookupByNameAndType("applicationPublisher", ApplicationPublisher.class);
        Instant first = Instant.parse("2024-01-02T07:00:00Z");
        List<ApplicationSnapshot> backlog = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            backlog.add(negotiation(String.valueOf(10_000 + i), "discard",
                    first.plusSeconds(i).atOffset(ZoneOffset.ofHours(3)).toString()));
        }
        publisher.publish(backlog, null, Map.of());
        KafkaStateStore state = harness.store("applicationState");
        assertThat(state.size()).isEqualTo(2_500);

        forgettingDiscarded(publisher).forget();

        assertThat(state.size()).isZero();
        assertThat(harness.store("watermarkState").get("hh:forgotten:9")).contains("{\"created_from\":\""
                + first + "\",\"created_at\":\"" + first.plusSeconds(2_499) + "\"}");
        // read again, none of them is a new one
        assertThat(publisher.publishPolled(backlog, Map.of())).isEqualTo(new Publication(0, 0, 2_500));
    }

    /** The retention of hh.ru's discarded negotiations, a month on. */
    private ApplicationRetention forgettingDiscarded(ApplicationPublisher publisher) {
        return new ApplicationRetention(harness.store("applicationState"), harness.store("watermarkState"), publisher,
                Duration.ofDays(30), Clock.offset(Clock.systemUTC(), Duration.ofDays(31)),
                () -> List.of(new ApplicationRetention.Rule() {
                    @Override
                    public String source() {
                        return "hh";
                    }

                    @Override
                    public boolean mayForget(ApplicationState state, Instant createdAt) {
                        return state.status().equals("discard");
                    }
                }));
    }

    private void forgetPastTheRetention(VkApplication application) throws InterruptedException {
        Thread.sleep(2_500);
        retention();
        assertThat(harness.store("applicationState").get(key(application))).isEmpty();
    }

    /** A status command through the bridge. */
    private void invite(VkApplication application) {
        harness.app().template().requestBody("direct:application-status-command",
                "{\"application_id\":\"" + application.id() + "\",\"status\":\"invited\"}");
    }

    private void retention() {
        harness.app().template().requestBody("direct:applications-retention-once", (Object) null);
    }

    private static String key(VkApplication application) {
        return "vkrabota:" + application.id();
    }

    private static ApplicationSnapshot negotiation(String id, String state, String createdAt) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("candidate_state", state)
                .put("collection", "response");
        extra.putArray("actions");
        return new ApplicationSnapshot("hh", id, "9", null, state, createdAt, null, extra, Instant.now());
    }
}
