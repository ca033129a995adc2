package ru.rabota.bridge.applications;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import ru.rabota.bridge.applications.vk.VkApplications;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restarts between polls and in the middle of one: counted on the topic, no gap and no duplicate. */
@Execution(ExecutionMode.CONCURRENT) // each case on a simulator, topics and a transactional id of its own
class VkApplicationsRestartTest extends PollTestSupport {

    /** Each page is committed on its own, and a failed page fails the poll at once. */
    private static final Map<String, String> PAGE_BY_PAGE = Map.of("bridge.applications.batch-size", "50",
            "bridge.retry.max-attempts", "1");


    @Test
    void aPollCutShortAfterTwoPagesIsCompletedAfterTheRestartWithoutDuplicates() {
        harness = new PollHarness(new VkSimulatorConfig()).start(PAGE_BY_PAGE);
        harness.vk.seedApplications(150);
        failThirdPage();

        assertThatThrownBy(harness::poll).hasStackTraceContaining("GET /applications -> 503");
        assertThat(harness.events()).hasSize(100);
        // pages came oldest first, so the watermark moved with each page that was committed
        assertThat(harness.store("watermarkState").get(VkApplications.WATERMARK_KEY)).isPresent();

        harness.vk.faults().reset();
        harness.start(PAGE_BY_PAGE);
        harness.vk.seedApplications(30);
        harness.poll();
        assertThat(keys()).doesNotHaveDuplicates().hasSize(180);

        harness.start(PAGE_BY_PAGE);
        harness.poll();
        assertThat(keys()).doesNotHaveDuplicates().hasSize(180);
    }

    @Test
    void newestFirstPagesMoveTheWatermarkOnlyWhenThePollIsComplete() {
        harness = new PollHarness(new VkSimulatorConfig()
                .applicationsOrder(VkSimulatorConfig.ApplicationsOrder.NEWEST_FIRST)).start(PAGE_BY_PAGE);
        harness.vk.seedApplications(150);
        failThirdPage();

        assertThatThrownBy(harness::poll).hasStackTraceContaining("GET /applications -> 503");
        assertThat(harness.events()).hasSize(100);
        assertThat(harness.store("watermarkState").get(VkApplications.WATERMARK_KEY)).isEmpty();

        harness.vk.faults().reset();
        harness.start(PAGE_BY_PAGE);
        harness.poll();

        assertThat(keys()).doesNotHaveDuplicates().hasSize(150);
        assertThat(harness.store("watermarkState").get(VkApplications.WATERMARK_KEY)).isPresent();
    }

    @Test
    void dedupeRemembersEveryApplicationNotOnlyTheLastThousandAcrossARestart() {
        // the overlap reaches back over every application: the second poll re-reads all of them
        Map<String, String> wideOverlap = Map.of("bridge.applications.overlap", "1d");
        harness = new PollHarness(new VkSimulatorConfig()).start(wideOverlap);
        List<VkApplication> seeded = harness.vk.seedApplications(1_500);
        harness.poll();
        assertThat(harness.events()).hasSize(1_500);

        harness.start(wideOverlap);
        VkApplication first = seeded.get(0);
        harness.vk.state().setApplicationStatus(first.id(), "reserved");
        harness.poll();

        List<ConsumerRecord<String, String>> events = harness.events();
        assertThat(events).hasSize(1_501);
        List<ConsumerRecord<String, String>> ofFirst = events.stream()
                .filter(e -> e.key().equals("vkrabota:" + first.id())).toList();
        assertThat(ofFirst).extracting(e -> PollHarness.json(e).path("event").asText())
                .containsExactly("application.created", "application.status_changed");
        assertThat(PollHarness.json(ofFirst.get(1)).path("previous_status").asText()).isEqualTo(first.status());
        assertThat(PollHarness.json(ofFirst.get(1)).path("status").asText()).isEqualTo("reserved");
    }

    @Test
    void eventsOfAnInstanceThatDiedInTheMiddleOfItsTransactionNeverShowAndAreSentOnce() {
        harness = new PollHarness(new VkSimulatorConfig()).start();
        VkApplication application = harness.vk.seedApplications(1).get(0);
        String key = "vkrabota:" + application.id();
        // an earlier instance sent the event and its state, then died before committing
        try (KafkaProducer<String, String> zombie = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rabota-bridge-" + harness.prefix() + "applications"),
                new StringSerializer(), new StringSerializer())) {
            zombie.initTransactions();
            zombie.beginTransaction();
            ProducerRecord<String, String> event = new ProducerRecord<>(harness.topic(Topic.APPLICATIONS), key, "{}");
            event.headers().add(BridgeHeaders.EVENT, "application.created".getBytes(StandardCharsets.UTF_8));
            zombie.send(event);
            zombie.send(new ProducerRecord<>(harness.topic(Topic.STATE_APPLICATIONS), key, "{\"status\":\"unread\"}"));
            zombie.flush();
            zombie.close(Duration.ZERO); // no abort: a crash
        }

        harness.poll();

        List<ConsumerRecord<String, String>> events = harness.events();
        assertThat(events).extracting(ConsumerRecord::key).containsExactly(key);
        assertThat(PollHarness.json(events.get(0)).path("status").asText()).isEqualTo(application.status());
    }

    /** The third GET /applications answers 503. */
    private void failThirdPage() {
        AtomicInteger pageReads = new AtomicInteger();
        harness.vk.faults().beforeEach(path -> {
            if (path.equals("/applications") && pageReads.incrementAndGet() == 3) {
                harness.vk.faults().failNext(1, 503);
            }
        });
    }

    private List<String> keys() {
        return harness.events().stream().map(ConsumerRecord::key).toList();
    }
}
