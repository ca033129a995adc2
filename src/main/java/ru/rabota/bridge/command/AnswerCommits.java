package ru.rabota.bridge.command;

import static ru.rabota.bridge.command.PolledRecords.consumer;
import static ru.rabota.bridge.command.PolledRecords.offset;
import static ru.rabota.bridge.command.PolledRecords.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.command.AnswerLedger.Answer;
import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.log.LogText;

/**
 * The commits of a poll's answers from the {@link AnswerLedger}, with the consumer's offsets, in one transaction
 * ({@link CommandTransactions}), and their troubles: an output Kafka refuses is replaced by its record's dead letter,
 * and a route whose answers cannot be written says so once, and once again when they can.
 */
final class AnswerCommits {

    private static final Logger LOG = LoggerFactory.getLogger(CommandAnswers.class);
    private static final Duration AWAY_ASKED_EVERY = Duration.ofMinutes(1);

    private final CommandTransactions transactions;
    private final AnswerLedger ledger;
    private final Set<String> failingRoutes = ConcurrentHashMap.newKeySet();
    /** When the committed offsets of partitions taken away were last asked for (nanoTime; the consumer's thread). */
    private long awayAskedAt = System.nanoTime() - AWAY_ASKED_EVERY.toNanos();

    AnswerCommits(CommandTransactions transactions, AnswerLedger ledger) {
        this.transactions = transactions;
        this.ledger = ledger;
    }

    /** A commit while the handlers run (failing() logs); returns its failure, for the poll's end to throw. */
    RuntimeException tryCommit(String route, List<Message> records) {
        try {
            commit(route, records);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Writes, per partition, the answers up to the record before its first unanswered one, with the offset after
     * it, in one transaction. An output Kafka refuses is replaced by the record's dead letter; a record whose dead
     * letter is refused too is logged once at ERROR and skipped.
     */
    void commit(String route, List<Message> records) {
        if (records.isEmpty()) {
            return;
        }
        Consumer<?, ?> consumer = consumer(records.get(0));
        Set<TopicPartition> owned = consumer.assignment();
        forgetAnsweredElsewhere(consumer, owned);
        Map<Message, Answer> ready = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Set<TopicPartition> gaps = new HashSet<>();
        for (Message record : records) {
            TopicPartition partition = partition(record);
            Answer answer = ledger.answer(record);
            if (!owned.contains(partition)) {
                // taken away (a rebalance, a session lost in an outage): its offsets are not this consumer's to
                // commit now; the answer waits here for the partition to come back, else its new owner answers.
                // What it staged in a state store no longer hides what Kafka holds: the new owner writes there
                if (answer != null) {
                    answer.outputs().forEach(OutputRecord::setAside);
                }
                continue;
            }
            if (ledger.isCommitted(record)) {
                continue; // answered and committed earlier in this poll
            }
            if (answer == null) {
                gaps.add(partition);
            } else if (!gaps.contains(partition)) {
                ready.put(record, answer);
                offsets.put(partition, new OffsetAndMetadata(offset(record) + 1));
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        ConsumerGroupMetadata group = consumer.groupMetadata();
        while (true) {
            List<OutputRecord> outputs = new ArrayList<>();
            List<Message> owners = new ArrayList<>();
            ready.forEach((record, answer) -> answer.outputs().forEach(output -> {
                outputs.add(output);
                owners.add(record);
            }));
            try {
                transactions.commit(route, outputs, offsets, group);
                break;
            } catch (CommandTransactions.RefusedRecords e) {
                // the producer fails every record of a transaction with the first refusal: which record Kafka refused
                // cannot be told, so the largest of them is replaced and the transaction tried again, one at a time
                Map.Entry<Integer, Throwable> largest = e.refused().entrySet().stream()
                        .max(Comparator.comparingInt(entry -> size(outputs.get(entry.getKey())))).orElseThrow();
                Message owner = owners.get(largest.getKey());
                ready.put(owner, instead(owner, ready.get(owner), largest.getValue()));
            } catch (RuntimeException e) {
                failing(route, e);
                throw e;
            }
        }
        if (failingRoutes.remove(route)) {
            LOG.info("{}: command answers are written to Kafka again", route);
        }
        ledger.committed(ready.keySet(), offsets);
    }

    /**
     * The answers of a partition taken away wait for it to come back ({@link AnswerLedger#polled}); one that never
     * comes back (the group's other members keep it) held them for good, each with what it staged. Once a minute while
     * there are such answers, the group's committed offsets of their partitions: the answers before them were given
     * by the new owner, and are forgotten. Kafka away, it is asked again the next minute.
     */
    private void forgetAnsweredElsewhere(Consumer<?, ?> consumer, Set<TopicPartition> owned) {
        Set<TopicPartition> away = ledger.away(owned);
        if (away.isEmpty() || System.nanoTime() - awayAskedAt < AWAY_ASKED_EVERY.toNanos()) {
            return;
        }
        awayAskedAt = System.nanoTime();
        try {
            consumer.committed(away, Duration.ofSeconds(5)).forEach((partition, committed) -> {
                if (committed != null) {
                    ledger.passed(partition, committed.offset());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("The committed offsets of partitions taken away were not read: {}", e.toString());
        }
    }

    /** One WARN line when a route's answers cannot be written, one INFO line when they can again. */
    private void failing(String route, RuntimeException failure) {
        if (GroupMovedOn.causes(failure)) {
            return; // no trouble writing: the poll's end says what happened (CommandAnswers)
        }
        if (failingRoutes.add(route)) {
            LOG.warn("{}: cannot write command answers to Kafka, trying again (the records wait): {}", route,
                    LogText.cut(failure.getMessage()));
        }
    }

    private static int size(OutputRecord output) {
        return (output.key() == null ? 0 : output.key().length()) + (output.value() == null ? 0 : output.value().length());
    }

    /**
     * The record's dead letter instead of a refused answer, with the answer's state writes (the work they record was
     * done); nothing when the dead letter is what was refused.
     */
    private static Answer instead(Message record, Answer refused, Throwable refusal) {
        if (refused.ifRefused() == null || refused.outputs().stream()
                .allMatch(output -> output.isState() || output.topic() == Topic.DLQ)) {
            LOG.error("Record {}-{} at offset {} skipped: even its dead letter was refused: {}",
                    record.getHeader(KafkaConstants.TOPIC), record.getHeader(KafkaConstants.PARTITION),
                    record.getHeader(KafkaConstants.OFFSET), LogText.cut(refusal.getMessage()));
            refused.outputs().forEach(OutputRecord::abandoned);
            return new Answer(List.of(), null);
        }
        List<OutputRecord> outputs = new ArrayList<>();
        outputs.add(refused.ifRefused().apply(refusal));
        refused.outputs().stream().filter(OutputRecord::isState).forEach(outputs::add);
        return new Answer(outputs, null);
    }
}
