package ru.rabota.bridge.command;

import static ru.rabota.bridge.command.PolledRecords.offset;
import static ru.rabota.bridge.command.PolledRecords.partition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import org.apache.camel.Message;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import ru.rabota.bridge.kafka.OutputRecord;

/**
 * A consumer's answers not committed yet, per partition by offset, and per partition the offset it committed last.
 * They outlive a failed poll: the poll read again leaves out the records answered here
 * ({@link CommandAnswers#unanswered}), and its commit writes them. Thread-safe: the handlers add answers while the
 * consumer's thread commits.
 */
final class AnswerLedger {

    /** A record's outputs, and what to write instead when Kafka refuses them (null: nothing, the record is skipped). */
    record Answer(List<OutputRecord> outputs, Function<Throwable, OutputRecord> ifRefused) {
    }

    /** Answers not committed yet, per partition by offset. */
    private final Map<TopicPartition, NavigableMap<Long, Answer>> answers = new ConcurrentHashMap<>();
    /** Per partition, the offset this consumer committed last: records before it were answered (this poll too). */
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

    void answered(Message record, List<OutputRecord> outputs, Function<Throwable, OutputRecord> ifRefused) {
        answers.computeIfAbsent(partition(record), partition -> new ConcurrentSkipListMap<>())
                .put(offset(record), new Answer(List.copyOf(outputs), ifRefused));
    }

    /** The record's answer not committed yet, or null. */
    Answer answer(Message record) {
        NavigableMap<Long, Answer> partition = answers.get(partition(record));
        return partition == null ? null : partition.get(offset(record));
    }

    boolean isAnswered(Message record) {
        return answer(record) != null;
    }

    /** Whether the record comes before the offset this consumer committed last on its partition. */
    boolean isCommitted(Message record) {
        return offset(record) < committed.getOrDefault(partition(record), -1L);
    }

    /**
     * A poll read these records: the answers of their partitions before the first of them were committed past by
     * another consumer while the partition was away (it comes back from there), and are never written; before, they
     * were kept for good, each holding what it had staged. What they staged is given up.
     */
    void polled(Collection<Message> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        records.forEach(record -> first.merge(partition(record), offset(record), Math::min));
        first.forEach((partition, offset) -> {
            NavigableMap<Long, Answer> kept = answers.get(partition);
            if (kept != null) {
                forget(kept.headMap(offset, false));
            }
        });
    }

    /** The partitions holding answers not committed yet that are none of these (taken away). */
    Set<TopicPartition> away(Set<TopicPartition> owned) {
        Set<TopicPartition> away = new HashSet<>();
        answers.forEach((partition, kept) -> {
            if (!kept.isEmpty() && !owned.contains(partition)) {
                away.add(partition);
            }
        });
        return away;
    }

    /**
     * The partition's new owner committed it up to this offset: the answers before it are never written, and what they
     * staged is given up.
     */
    void passed(TopicPartition partition, long committed) {
        NavigableMap<Long, Answer> kept = answers.get(partition);
        if (kept != null) {
            forget(kept.headMap(committed, false));
        }
    }

    private static void forget(Map<Long, Answer> passed) {
        passed.values().forEach(answer -> answer.outputs().forEach(OutputRecord::abandoned));
        passed.clear();
    }

    /** The records' answers went out with these offsets: they are forgotten, and the offsets are the last committed. */
    void committed(Collection<Message> records, Map<TopicPartition, OffsetAndMetadata> offsets) {
        records.forEach(record -> answers.get(partition(record)).remove(offset(record)));
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }
}
