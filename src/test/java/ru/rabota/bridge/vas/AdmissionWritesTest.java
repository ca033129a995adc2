package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.kafka.TopicBootstrap;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StateUnavailableException;
import ru.rabota.bridge.testing.TestKafka;

/**
 * An admission writes two records, the command's intent and the day's reservation, whose keys lie in different
 * partitions of the three of {@code rabota.state.vas}: one may land without the other. Before, both went at once, and
 * an intent that landed without its reservation let the command, read again, run on a reservation the day never
 * counted: VK charged, the day counted nothing, and the budget admitted that much more.
 */
class AdmissionWritesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T21:30:00Z"), ZoneOffset.UTC);
    private static final LocalDate MOSCOW_DAY = LocalDate.parse("2026-01-02");
    private static final SpendingLimits LIMITS = new SpendingLimits(new BigDecimal("1000"), new BigDecimal("300"),
            false, Map.of());

    private final List<KafkaStateStore> stores = new ArrayList<>();
    private String topic;

    @BeforeEach
    void createTopics() {
        String prefix = TestKafka.uniquePrefix(AdmissionWritesTest.class);
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 3, (short) 1, 1_048_576);
        topic = Topic.STATE_VAS.topicName(prefix);
    }

    @AfterEach
    void stop() {
        DayUnreachable.now = false;
        stores.forEach(KafkaStateStore::stop);
    }

    @Test
    void aCommandWhoseReservationWasNotWrittenIsCountedWhenItRunsAgain() {
        SpendingGuard guard = guard(Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG, DayUnreachable.class.getName()),
                Duration.ofSeconds(2));
        DayUnreachable.now = true;
        assertThatThrownBy(() -> guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isInstanceOf(StateUnavailableException.class);
        DayUnreachable.now = false;

        // the poll failed and the record is read again; VK charges 300
        SpendingGuard.Admitted admitted = (SpendingGuard.Admitted) guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT),
                false);
        guard.settle(admitted, List.of(new Charge(VasCode.JOB_HIGHLIGHT, new BigDecimal("300"))),
                CommandResult.of("vas.result", "r-1", CommandResult.Outcome.OK, null));

        SpendingGuard after = guard(Map.of(), Duration.ofSeconds(20));
        assertThat(after.spentOn(MOSCOW_DAY).spent()).as("the 300 RUB VK charged").isEqualByComparingTo("300");
        int admittedMore = 0;
        for (int i = 2; i < 10; i++) {
            if (after.admit("r-" + i, List.of(VasCode.JOB_HIGHLIGHT), false) instanceof SpendingGuard.Admitted) {
                admittedMore++;
            }
        }
        assertThat(300 + 300 * admittedMore).as("roubles of the day, budget 1000").isLessThanOrEqualTo(1000);
    }

    private SpendingGuard guard(Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        KafkaStateStore store = new KafkaStateStore(topic, config, timeout);
        store.start();
        stores.add(store);
        return new SpendingGuard(store, LIMITS, new PriceTable(store), CLOCK, () -> false);
    }

    /** While {@link #now}, records of {@code day:} keys go to a partition the topic does not have: their leader away. */
    public static final class DayUnreachable implements Partitioner {

        static volatile boolean now;

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            return now && String.valueOf(key).startsWith(DailySpend.KEY) ? 1_000
                    : Utils.toPositive(Utils.murmur2(keyBytes)) % cluster.partitionCountForTopic(topic);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
