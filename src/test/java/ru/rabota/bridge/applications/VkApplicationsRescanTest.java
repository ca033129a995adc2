package ru.rabota.bridge.applications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** Status changes of applications older than the poll's overlap are found by the re-scan, once each. */
// each case on a simulator and topics of its own; the cases that read the log run one at a time, alone: the others'
// re-scans would log into it
@Execution(ExecutionMode.CONCURRENT)
class VkApplicationsRescanTest extends PollTestSupport {

    private static final String LOG = "log";

    @Test
    @ResourceLock(value = LOG, mode = ResourceAccessMode.READ)
    void aPollAndAReScanAtOnceNeverEmitAStatusBackwards() throws Exception {
        harness = new PollHarness(new VkSimulatorConfig()).start(Map.of("bridge.applications.page-size", "2"));
        long jobJ = harness.vk.state().addJob("Курьер", "HR-J").id();
        long jobK = harness.vk.state().addJob("Повар", "HR-K").id();
        Instant now = harness.vk.state().now();
        VkApplication a = harness.apply(jobJ, "unread", now.minusSeconds(60));
        harness.apply(jobK, "unread", now.minusSeconds(50));
        harness.apply(jobK, "unread", now.minusSeconds(40));
        harness.poll();
        harness.vk.state().setApplicationStatus(a.id(), "read");

        // the re-scan starts first and waits at its first page until the poll has read its first page (A: read);
        // at the poll's second page the recruiter invites A and the re-scan runs to its end (A: invited)
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch pollReadPageOne = new CountDownLatch(1);
        CountDownLatch rescanDone = new CountDownLatch(1);
        harness.vk.faults().beforeEach(path -> {
            if (path.equals("/applications")) {
                int read = reads.incrementAndGet();
                if (read == 1) {
                    Latches.awaitQuietly(pollReadPageOne, Duration.ofSeconds(20));
                } else if (read == 3) {
                    harness.vk.state().setApplicationStatus(a.id(), "invited");
                    pollReadPageOne.countDown();
                    Latches.awaitQuietly(rescanDone, Duration.ofSeconds(20));
                }
            }
        });
        Thread rescan = new Thread(() -> {
            harness.rescan();
            rescanDone.countDown();
        });
        rescan.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1);
        harness.poll();
        rescan.join();
        harness.vk.faults().beforeEach(path -> { });
        harness.poll();

        // before, the poll's older page was taken for newer than the re-scan's start: invited -> read was emitted,
        // then read -> invited again
        assertThat(harness.events()).filteredOn(event -> event.key().equals("vkrabota:" + a.id()))
                .extracting(event -> PollHarness.json(event).path("previous_status").asText("-") + "->"
                        + PollHarness.json(event).path("status").asText())
                .containsExactly("-->unread", "unread->invited");
    }

    @Test
    @ResourceLock(LOG)
    void rescanReadsTheJobsWithOpenApplicationsAndEmitsEachChangeOnceWithThePreviousStatus() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        long jobA = harness.vk.state().addJob("Курьер", "HR-A").id();
        long jobB = harness.vk.state().addJob("Повар", "HR-B").id();
        long jobC = harness.vk.state().addJob("Кассир", "HR-C").id();
        Instant twoDaysAgo = harness.vk.state().now().minus(Duration.ofDays(2));
        VkApplication a1 = harness.apply(jobA, "unread", twoDaysAgo);
        VkApplication a2 = harness.apply(jobA, "read", twoDaysAgo.plusSeconds(60));
        harness.apply(jobB, "declined", twoDaysAgo);
        VkApplication c1 = harness.apply(jobC, "invited", twoDaysAgo.plusSeconds(30));
        // a recent application puts the watermark at now: the older ones are outside the poll's overlap
        harness.apply(jobB, "rejected", harness.vk.state().now());
        harness.poll();
        assertThat(harness.events()).hasSize(5);

        harness.vk.state().setApplicationStatus(a1.id(), "invited");
        harness.vk.state().setApplicationStatus(a2.id(), "declined");
        harness.vk.state().setApplicationStatus(c1.id(), "reserved");
        harness.poll();
        assertThat(harness.events()).as("older than the overlap: the poll does not see the changes").hasSize(5);
        harness.listRequests();

        try (LogCapture logs = new LogCapture()) {
            harness.rescan();
            // one line for the re-scan's jobs, not one a job (hundreds for an employer with hundreds open)
            assertThat(logs.lines("INFO", "VK Работа applications")).isOne();
            assertThat(logs.text()).contains("VK Работа applications re-scan of 2 job(s): 0 new, 3 status changes,"
                    + " 0 unchanged");
        }

        List<ConsumerRecord<String, String>> events = harness.events();
        assertThat(events).hasSize(8);
        List<ConsumerRecord<String, String>> changes = events.stream()
                .filter(e -> "application.status_changed".equals(TestKafka.header(e, BridgeHeaders.EVENT))).toList();
        assertThat(changes).extracting(e -> transition(PollHarness.json(e))).containsExactlyInAnyOrder(
                a1.id() + ": unread -> invited", a2.id() + ": read -> declined", c1.id() + ": invited -> reserved");
        // job B has only a final application: not asked; the others from their oldest open application
        List<RecordedRequest> requests = harness.listRequests();
        assertThat(requests).extracting(r -> r.param("job_id") + " " + r.param("created_from")).containsExactlyInAnyOrder(
                jobA + " " + PollHarness.createdFrom(twoDaysAgo), jobC + " " + PollHarness.createdFrom(twoDaysAgo.plusSeconds(30)));
        assertThat(requests).extracting(r -> r.param("status[]")).containsOnlyNulls();

        harness.rescan();
        harness.poll();

        assertThat(harness.events()).hasSize(8);
        // a2 is final now: job A is read from a1, job C from c1, job B still not at all
        assertThat(harness.listRequests()).extracting(r -> r.param("job_id")).filteredOn(id -> id != null)
                .containsExactlyInAnyOrder(String.valueOf(jobA), String.valueOf(jobC));
    }

    @Test
    @ResourceLock(LOG)
    void aJobVkRefusesToListIsSkippedWithOneWarningAndTheOtherJobsAreReScanned() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        long jobA = harness.vk.state().addJob("Курьер", "HR-RA").id();
        long jobC = harness.vk.state().addJob("Кассир", "HR-RC").id();
        Instant twoDaysAgo = harness.vk.state().now().minus(Duration.ofDays(2));
        VkApplication a = harness.apply(jobA, "unread", twoDaysAgo);
        VkApplication c = harness.apply(jobC, "unread", twoDaysAgo);
        harness.apply(jobC, "rejected", harness.vk.state().now());
        harness.poll();
        harness.vk.state().setApplicationStatus(a.id(), "invited");
        harness.vk.state().setApplicationStatus(c.id(), "invited");
        // the re-scan reads the jobs in the order of their ids as text: VK refuses the first one's list
        boolean aFirst = String.valueOf(jobA).compareTo(String.valueOf(jobC)) < 0;
        VkApplication refused = aFirst ? a : c;
        VkApplication read = aFirst ? c : a;

        try (LogCapture logs = new LogCapture()) {
            harness.vk.faults().onPaths("/applications").failNext(1, 404);
            harness.rescan();
            assertThat(changed()).containsExactly(read.id() + ": unread -> invited");

            harness.vk.faults().onPaths("/applications").failNext(1, 404);
            harness.rescan();
            harness.rescan();

            assertThat(changed()).containsExactlyInAnyOrder(read.id() + ": unread -> invited",
                    refused.id() + ": unread -> invited");
            String job = "re-scan of job " + refused.jobId();
            assertThat(logs.lines("WARN", job + " refused: ")).isEqualTo(1);
            assertThat(logs.lines("INFO", job + " read again, after 2 refused re-scans since")).isEqualTo(1);
        }
    }

    @Test
    @ResourceLock(LOG)
    void aRefusedJobThatNeedsNoReScanAnyMoreEndsItsWarningWithOneLine() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        long job = harness.vk.state().addJob("Курьер", "HR-RD").id();
        VkApplication open = harness.apply(job, "unread", harness.vk.state().now().minus(Duration.ofDays(2)));
        harness.apply(job, "rejected", harness.vk.state().now());
        harness.poll();

        try (LogCapture logs = new LogCapture()) {
            harness.vk.faults().onPaths("/applications").failNext(1, 404);
            harness.rescan();
            // its last open application is declined through the bridge: the job is no longer re-scanned
            harness.app().template().requestBody("direct:application-status-command",
                    "{\"application_id\":\"" + open.id() + "\",\"status\":\"declined\"}");
            harness.rescan();

            String rescan = "re-scan of job " + job;
            assertThat(logs.lines("WARN", rescan + " refused: ")).isEqualTo(1);
            // before, the WARN was never followed by a line: the job was no longer read, so never "read again"
            assertThat(logs.lines("INFO", rescan + " no longer needed")).isEqualTo(1);
        }
    }

    private List<String> changed() {
        return harness.events().stream()
                .filter(e -> "application.status_changed".equals(TestKafka.header(e, BridgeHeaders.EVENT)))
                .map(e -> transition(PollHarness.json(e))).toList();
    }

    private static String transition(JsonNode event) {
        return event.path("application_id").asText() + ": " + event.path("previous_status").asText() + " -> "
                + event.path("status").asText();
    }
}
