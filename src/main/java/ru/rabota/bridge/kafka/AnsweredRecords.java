package ru.rabota.bridge.kafka;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one batch consumer (camel-kafka {@code batching=true}, manual commit) that were answered: every
 * output of the record acknowledged by Kafka. Offsets are committed only up to the first record that was not.
 * <p>
 * A poll that cannot be finished (Kafka or a state store unavailable, a stop) commits per partition up to its first
 * unanswered record and fails; the route's {@code breakOnFirstError} then reads again from that commit. The records
 * after it that were answered are remembered here, and {@link #unanswered} leaves them out of the repeated poll: no
 * record is answered twice in this process, and a batch is never replayed whole because of one record. (After a
 * restart or a rebalance the new reader starts at the commit: at least once.) Thread-safe; one per consumer route.
 */
public final class AnsweredRecords {

    /** Work on a poll's records that may fail. */
    public interface Work {
        void run() throws Exception;
    }

    private final String route;
    /** Answered offsets per partition, above the last commit. */
    private final Map<TopicPartition, NavigableSet<Long>> answered = new ConcurrentHashMap<>();

    /** @param route the consumer route, named when it lacks {@code allowManualCommit} */
    public AnsweredRecords(String route) {
        this.route = route;
    }

    /** The records of camel-kafka's batch exchange. */
    public static List<Message> records(Exchange poll) {
        return poll.getMessage().getBody(List.class).stream().map(record -> ((Exchange) record).getMessage()).toList();
    }

    /** The records of the poll not answered yet (a poll read again after a failure repeats answered ones). */
    public List<Message> unanswered(List<Message> records) {
        return records.stream().filter(record -> !isAnswered(record)).toList();
    }

    /** Call once every output of the record was acknowledged (or the record was skipped for good). */
    public void answered(Message record) {
        answered.computeIfAbsent(partition(record), partition -> new ConcurrentSkipListSet<>()).add(offset(record));
    }

    /**
     * Runs the work on the poll's records, then commits what was answered, also when the work failed (its failure
     * is then thrown).
     */
    public void commitAfter(List<Message> records, Work work) throws Exception {
        try {
            work.run();
        } catch (Exception e) {
            try {
                commit(records);
            } catch (RuntimeException commitFailed) {
                e.addSuppressed(commitFailed);
            }
            throw e;
        }
        commit(records);
    }

    /**
     * Commits per partition up to the record before its first unanswered one, with that record's
     * {@link KafkaManualCommit} (the batch header commits only the partition of the very last record), on the
     * consumer's own thread as Kafka requires.
     */
    private void commit(List<Message> records) {
        Map<TopicPartition, Message> lastAnswered = new LinkedHashMap<>();
        Set<TopicPartition> gaps = new HashSet<>();
        for (Message record : records) {
            TopicPartition partition = partition(record);
            if (!isAnswered(record)) {
                gaps.add(partition);
            } else if (!gaps.contains(partition)) {
                lastAnswered.put(partition, record);
            }
        }
        lastAnswered.forEach((partition, record) -> {
            KafkaManualCommit manual = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (manual == null) {
                throw new IllegalStateException(route + " needs allowManualCommit=true: offsets are committed by it");
            }
            manual.commit();
            answered.get(partition).headSet(offset(record), true).clear();
        });
    }

    private boolean isAnswered(Message record) {
        NavigableSet<Long> offsets = answered.get(partition(record));
        return offsets != null && offsets.contains(offset(record));
    }

    private static TopicPartition partition(Message record) {
        return new TopicPartition(record.getHeader(KafkaConstants.TOPIC, String.class),
                record.getHeader(KafkaConstants.PARTITION, Integer.class));
    }

    private static long offset(Message record) {
        return record.getHeader(KafkaConstants.OFFSET, Long.class);
    }
}
