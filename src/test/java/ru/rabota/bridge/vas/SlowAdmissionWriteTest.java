package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.PassingInterceptor;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;

/**
 * A paid command whose admission (the guard's intent and reservation in {@code rabota.state.vas}) Kafka wrote, but
 * acknowledged only after {@code bridge.state.timeout}: the admission failed, nothing was sent to VK, and the poll is
 * read again. The command read again finds its own intent without a result; this process knows it sent nothing, so
 * it is admitted again on that reservation and sent once, not answered {@code failed} with the outcome unknown.
 */
class SlowAdmissionWriteTest extends SimulatedVkTestSupport {

    private static final String PREFIX = TestKafka.uniquePrefix(SlowAdmissionWriteTest.class);

    private long jobId;

    @Override
    protected Map<String, String> properties() {
        return Map.of(Topic.PREFIX_PROPERTY, PREFIX, "bridge.state.timeout", "3s",
                "camel.component.kafka.interceptor-classes", SlowAcknowledgement.class.getName(),
                "bridge.vas.daily-budget", "100000", "bridge.company.poll-delay", "1h");
    }

    @BeforeAll
    void addJob() {
        jobId = bridge.vk().state().addJob("Курьер", "HR-1").id();
    }

    @Test
    void aCommandWhoseAdmissionWriteTimedOutButLandedIsSentOnceWhenReadAgain() {
        double spentBefore = guard().spentToday();
        SlowAcknowledgement.arm(SpendingGuard.REQUEST + "r-slow");

        TestKafka.send(Topic.VAS_COMMANDS.topicName(PREFIX), "r-slow", "{\"request_id\":\"r-slow\",\"actions\":"
                + "[{\"action\":\"job_highlight\",\"job_id\":\"" + jobId + "\"}]}");
        TestKafka.consumeUntil(TestKafka.bootstrapServers(), Topic.VAS_RESULTS.topicName(PREFIX),
                records -> !records.isEmpty(), Duration.ofSeconds(60));
        // then until quiet: a second answer of the command read again, or a second call, would come after the first
        List<JsonNode> results = TestKafka.consumeUntilQuiet(Topic.VAS_RESULTS.topicName(PREFIX),
                Duration.ofSeconds(3), Duration.ofSeconds(30)).stream()
                .<JsonNode>map(record -> CommandJson.parse(record.value()).tree()).toList();

        assertThat(SlowAcknowledgement.held).as("the admission's write was acknowledged late").isTrue();
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("ok");
            assertThat(result.at("/results/0/status").asText()).isEqualTo("success");
        });
        assertThat(vkCalls("/paid_actions")).as("sent once").hasSize(1);
        // job_highlight costs 300 roubles in the simulator: counted once, not reserved a second time
        assertThat(guard().spentToday() - spentBefore).isEqualTo(300);
    }

    private SpendingGuard guard() {
        return bridge.app().context().getRegistry().lookupByNameAndType("spendingGuard", SpendingGuard.class);
    }

    /**
     * A Kafka interceptor ({@code camel.component.kafka.interceptor-classes}) that, once {@link #arm}ed with a key, holds
     * the acknowledgement of the next write to {@code rabota.state.vas} after the record of that key was sent, for
     * longer than {@code bridge.state.timeout}: the write lands, and its writer gives up waiting for it. One test at a
     * time.
     */
    public static final class SlowAcknowledgement extends PassingInterceptor {

        private static final long HOLD_MILLIS = 5_000;
        private static volatile String key;
        private static final AtomicBoolean HOLD_NEXT = new AtomicBoolean();
        static volatile boolean held;

        static void arm(String recordKey) {
            held = false;
            key = recordKey;
        }

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            if (record.key() != null && record.key().equals(key)) {
                key = null;
                HOLD_NEXT.set(true);
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (metadata != null && metadata.topic().endsWith(Topic.STATE_VAS.topicName(""))
                    && HOLD_NEXT.compareAndSet(true, false)) {
                held = true;
                try {
                    Thread.sleep(HOLD_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
