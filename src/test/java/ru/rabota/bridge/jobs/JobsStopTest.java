package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * A stop (SIGTERM) in the middle of a poll of job commands starts none of its commands not started yet: the calls
 * under way end, their answers are committed, and the rest is left to the next start, which does each once. Before,
 * the lanes went on starting the poll's commands until Camel's shutdown timeout forced the stop and cut off the calls
 * it had just started, whose work the next start then did again.
 */
class JobsStopTest extends JobsTestSupport {

    private static final int COMMANDS = 40;

    @Test
    void aStopStartsNoMoreCommandsAndTheNextStartDoesTheRestOnce() {
        sim.faults().latency(500);
        List<String> ids = sendUpserts("STOP-", COMMANDS, "Курьер");
        await().atMost(Duration.ofSeconds(30)).until(() -> !jobPosts().isEmpty());

        // when the application's stop begins (Camel Main's stop reaches the context a moment after it is asked for)
        AtomicReference<Instant> stopped = new AtomicReference<>();
        app.context().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    stopped.compareAndSet(null, Instant.now());
                }
            }
        });
        stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> stopped.get() != null && app.context().isStopped());

        // a call the stop found under way arrived before it; some slack for a request sent before the stop that
        // reaches the simulator later on a busy machine (234 ms seen at a load of 47), less than the 500 ms a wave of
        // calls started after the stop would come later
        assertThat(jobPosts()).extracting(request -> request.at().minus(request.took()))
                .allSatisfy(arrived -> assertThat(arrived).isBefore(stopped.get().plusMillis(400)));
        assertThat(jobPosts()).hasSizeLessThan(COMMANDS);

        sim.faults().reset();
        start();
        String events = app.topic(Topic.JOBS_EVENTS);
        TestKafka.consumeUntil(TestKafka.bootstrapServers(), events, records -> records.stream()
                .map(ConsumerRecord::key).distinct().count() == COMMANDS, Duration.ofSeconds(60));
        // then the duplicates, if any, had time to come
        List<ConsumerRecord<String, String>> all = TestKafka.consumeUntilQuiet(events, Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        assertThat(all).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(values(all)).allSatisfy(event -> assertThat(event.get("event").asText()).isEqualTo("created"));
        assertThat(ids).allSatisfy(id -> assertThat(sim.state().jobsByExternalId(id)).hasSize(1));
    }

    private List<RecordedRequest> jobPosts() {
        return apiRequests().stream().filter(request -> request.is("POST", "/jobs")).toList();
    }
}
