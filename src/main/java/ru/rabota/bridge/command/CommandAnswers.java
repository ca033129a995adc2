package ru.rabota.bridge.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.PausedConsumer;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.log.Troubles;

/**
 * The answers (results, events, dead letters) to the records of a batch consumer (camel-kafka
 * {@code batching=true}, manual commit), held until they go out with the consumer's offsets in one transaction
 * ({@link CommandTransactions}): per partition, the answered records up to the first unanswered one. While the
 * handlers run, what is ready goes out every second; the rest when the poll ends.
 * <p>
 * A poll that cannot be finished (Kafka or a state store unavailable, a stop) writes what it can and fails; the
 * route's {@code breakOnFirstError} then reads again from the committed offsets. Answers not written yet stay here,
 * and {@link #unanswered} leaves their records out of the repeated poll: no record is handled twice in this process,
 * and a batch is never replayed whole because of one record. After a crash, a record is read again only if its
 * answer was not committed: then no reader saw it. Thread-safe; one per consumer bean.
 * <p>
 * When a rebalance takes partitions from the consumer ({@link PartitionHandover}), their records not started yet
 * are left to the new owner and the consumer waits, in that rebalance, for those under way to end: another instance
 * would otherwise start them again while their API calls run (a job published twice). The new owner then reads them
 * from the committed offsets, and its first poll after a rebalance first reads the state it needs to its end, so
 * that it sees the intents written before those calls, and looks the job up instead of creating it again. A process
 * that stood still for longer than the group waits ({@link ProcessPauses}) may have lost its partitions without
 * hearing of it: the poll starts none of its records after that, and their calls are not sent.
 */
public final class CommandAnswers implements PartitionHandover.Holder {

    /** Starts the handling of a poll's records; the future completes when all ended. */
    public interface Work {
        CompletableFuture<?> start() throws Exception;
    }

    private record Answer(List<OutputRecord> outputs, Function<Throwable, OutputRecord> ifRefused) {
    }

    private record PollStart(Consumer<?, ?> consumer, long mark) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandAnswers.class);
    private static final long COMMIT_EVERY_MS = 1000;

    private final CommandTransactions transactions;
    /** Answers not committed yet, per partition by offset. */
    private final Map<TopicPartition, NavigableMap<Long, Answer>> answers = new ConcurrentHashMap<>();
    private final Set<String> failingRoutes = ConcurrentHashMap.newKeySet();
    private final Troubles failedPolls = new Troubles();
    /** Per partition, the offset this consumer committed last: records before it were answered (this poll too). */
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    /** Per partition, how many of its records are being handled now. */
    private final Map<TopicPartition, AtomicInteger> running = new ConcurrentHashMap<>();
    /** Partitions taken from the consumer while its poll ran: their records are not started any more. */
    private final Set<TopicPartition> handedOver = ConcurrentHashMap.newKeySet();
    /** Per route, the consumer group's generation at its last poll: a new one means a rebalance came between. */
    private final Map<String, Integer> generations = new ConcurrentHashMap<>();
    private final Runnable catchUp;
    private final Duration handoverWait;
    private volatile CamelContext context;
    private volatile ProcessPauses pauses;
    /**
     * Per topic, {@link ProcessPauses#mark()} when its current poll began: a pause since then may have cost its
     * partitions. (The routes of one instance, each with its own consumer, read topics of their own.)
     */
    private final Map<String, Long> pollMarks = new ConcurrentHashMap<>();
    /** Per route, the consumer of its last poll and the mark then. */
    private final Map<String, PollStart> pollStarts = new ConcurrentHashMap<>();

    /**
     * @param catchUp      reads the state stores the handlers read to their end (another instance's writes before a
     *                     rebalance gave this consumer its records); run before the first poll after each rebalance
     * @param handoverWait {@code bridge.commands.handover-wait}: how long a rebalance that takes partitions waits for
     *                     their records under way (a call retrying in an outage stops at its next failure then)
     */
    public CommandAnswers(CommandTransactions transactions, Runnable catchUp, Duration handoverWait) {
        this.transactions = transactions;
        this.catchUp = catchUp;
        this.handoverWait = handoverWait;
    }

    /** The records of camel-kafka's batch exchange. */
    public static List<Message> records(Exchange poll) {
        return poll.getMessage().getBody(List.class).stream().map(record -> ((Exchange) record).getMessage()).toList();
    }

    /** The records of the poll not answered yet (a poll read again after a failure repeats answered ones). */
    public List<Message> unanswered(List<Message> records) {
        return records.stream().filter(record -> !isAnswered(record)).toList();
    }

    /**
     * The record's answer, to be written with its offset.
     *
     * @param ifRefused what to write instead when Kafka refuses an output for what it holds (its dead letter); when
     *                  null, or when the refused answer was a dead letter, the record is skipped with one ERROR line
     */
    public void answered(Message record, List<OutputRecord> outputs, Function<Throwable, OutputRecord> ifRefused) {
        answers.computeIfAbsent(partition(record), partition -> new ConcurrentSkipListMap<>())
                .put(offset(record), new Answer(List.copyOf(outputs), ifRefused));
    }

    /**
     * Runs the work on the poll's records on the route's consumer thread, writing answers as they are ready, and
     * the rest at the end, also when the work failed (its failure is then thrown).
     */
    public void commitAfter(String route, List<Message> records, Work work) throws Exception {
        if (records.isEmpty()) {
            return;
        }
        try {
            runAndCommit(route, records, work);
        } catch (Exception e) {
            // camel-kafka's lines for a failed batch (two WARN lines a poll, naming neither route nor command) are
            // left out (log4j2.properties): one WARN line here when the route's polls start failing
            failedPolls.came(route, LOG, "{}: a poll of commands failed, its unanswered commands are read again: {}",
                    "{}: a poll of commands failed again: {}", route, LogText.cut(String.valueOf(e.getMessage())));
            throw e;
        }
        failedPolls.ends(route).ifPresent(trouble -> LOG.info("{}: polls of commands go on, after {} since {}", route,
                trouble.timesText("failed poll"), trouble.since()));
    }

    private void runAndCommit(String route, List<Message> records, Work work) throws Exception {
        handOverFrom(route, records);
        PausedConsumer paused = new PausedConsumer(consumer(records.get(0)), afterBatch(records));
        // a commit that failed may have been written all the same (its outcome unknown to the client): this poll
        // writes nothing more, and its consumer reads again from what Kafka holds
        RuntimeException commitFailed = null;
        try {
            CompletableFuture<?> done = work.start();
            while (!ended(done)) {
                commitFailed = commitFailed != null ? commitFailed : tryCommit(route, records);
                paused.poll();
            }
        } catch (Exception e) {
            RuntimeException last = commitFailed != null ? commitFailed : tryCommit(route, records);
            if (last != null) {
                e.addSuppressed(last);
            }
            throw e;
        } finally {
            paused.resume();
        }
        if (commitFailed != null) {
            throw commitFailed;
        }
        commit(route, records);
        long left = records.stream().filter(this::isAnswered).count();
        if (left > 0) {
            // the consumer's position is past them: a poll that ended now would leave them behind for good
            throw new IllegalStateException(route + ": " + left + " answered record(s) of the poll are on partitions"
                    + " taken from this consumer while it ran; the poll is read again from the committed offsets");
        }
        Set<TopicPartition> owned = consumer(records.get(0)).assignment();
        long skipped = records.stream().filter(record -> owned.contains(partition(record)) && !isAnswered(record)
                && offset(record) >= committed.getOrDefault(partition(record), -1L)).count();
        if (skipped > 0) {
            // left to another consumer by a rebalance and given back by a later one while the poll ran, or left
            // after the process stood still
            throw new IllegalStateException(route + ": " + skipped + " record(s) of the poll were left while it ran"
                    + " (handed over, or the process stood still) and are this consumer's; the poll is read again"
                    + " from the committed offsets");
        }
    }

    /**
     * Runs the handling of one of the poll's records (or of a part of one), unless its partition was taken from the
     * consumer meanwhile: the new owner reads it then.
     */
    public void handle(Message record, Runnable handling) {
        TopicPartition partition = partition(record);
        AtomicInteger under = running.computeIfAbsent(partition, p -> new AtomicInteger());
        // counted before looking: a rebalance that takes the partition after the look waits for it to end
        under.incrementAndGet();
        try {
            if (!handedOver.contains(partition) && !pauses.since(pollMarks.get(partition.topic()))) {
                handling.run();
            }
        } finally {
            under.decrementAndGet();
        }
    }

    /**
     * Whether the record's partition went to another consumer while the poll ran, or may have: the process stood
     * still for longer than the group waits ({@code ApiHeaders.HANDED_OVER}).
     */
    public BooleanSupplier handedOver(Message record) {
        TopicPartition partition = partition(record);
        ProcessPauses stillness = pauses;
        long mark = pollMarks.get(partition.topic());
        return () -> stillness.since(mark) || handedOver.contains(partition);
    }

    /**
     * Partitions taken from the consumer (on its thread, in a rebalance): their records not started are left, and
     * the rebalance waits up to {@code bridge.commands.handover-wait} for those under way to end, unless the partitions are lost
     * already (they have another owner) or the application stops (Camel waited for the poll's work already, up to
     * {@code camel.main.shutdown-timeout}).
     */
    @Override
    public void revoked(Collection<TopicPartition> partitions, boolean lost) {
        handedOver.addAll(partitions);
        boolean waits = !lost && !(context != null && context.isStopping());
        long deadline = System.nanoTime() + handoverWait.toNanos();
        try {
            // a short wait on counters, in a rebalance (seldom): simpler than a signal per record
            while (waits && partitions.stream().anyMatch(p -> running.getOrDefault(p, new AtomicInteger()).get() > 0)) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("Partitions {} were handed over to another consumer while records of them were still"
                            + " being handled after {} s; the new owner may start them again", partitions,
                            handoverWait.toSeconds());
                    return;
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Before a poll: its consumer tells this of rebalances from now on, and partitions it owns again are no longer
     * handed over. After a rebalance the state is read to its end first, for the records another consumer had
     * before (their intents, their outcomes).
     */
    private void handOverFrom(String route, List<Message> records) {
        Consumer<?, ?> consumer = consumer(records.get(0));
        Exchange poll = records.get(0).getExchange();
        PartitionHandover handover = poll.getContext().getRegistry().lookupByNameAndType(PartitionHandover.BEAN,
                PartitionHandover.class);
        if (handover == null) {
            throw new IllegalStateException("the command consumers need the bean " + PartitionHandover.BEAN
                    + " (ru.rabota.bridge.command.PartitionHandover, bound by KafkaCommandsConfiguration) to end"
                    + " their work on partitions before a rebalance gives them to another instance");
        }
        context = poll.getContext();
        pauses = handover.pauses();
        long mark = pauses.mark();
        PollStart last = pollStarts.put(route, new PollStart(consumer, mark));
        // the first poll of a consumer after the process stood still may hand out records of partitions its group
        // gave away meanwhile (it learns so only from a heartbeat's answer): none is started, and the consumer
        // reconnects (the poll ends reading again), joining its group afresh
        long pollMark = last != null && last.consumer() == consumer && last.mark() != mark ? mark - 1 : mark;
        records.forEach(record -> pollMarks.put(record.getHeader(KafkaConstants.TOPIC, String.class), pollMark));
        handover.hold(consumer, this);
        handedOver.removeAll(consumer.assignment());
        int generation = consumer.groupMetadata().generationId();
        Integer before = generations.put(route, generation);
        if (before == null || before != generation) {
            catchUp.run();
        }
    }

    private static Map<TopicPartition, Long> afterBatch(List<Message> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        records.forEach(record -> next.merge(partition(record), offset(record) + 1, Math::max));
        return next;
    }

    /** Waits up to a second; true once the work ended (its failure thrown). */
    private static boolean ended(CompletableFuture<?> done) throws Exception {
        try {
            // get(), unlike join(), gives way when a forced stop interrupts the consumer
            done.get(COMMIT_EVERY_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A commit while the handlers run (failing() logs); returns its failure, for the poll's end to throw. */
    private RuntimeException tryCommit(String route, List<Message> records) {
        try {
            commit(route, records);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** One WARN line when a route's answers cannot be written, one INFO line when they can again. */
    private void failing(String route, RuntimeException failure) {
        if (failingRoutes.add(route)) {
            LOG.warn("{}: cannot write command answers to Kafka, trying again (the records wait): {}", route,
                    LogText.cut(failure.getMessage()));
        }
    }

    /**
     * Writes, per partition, the answers up to the record before its first unanswered one, with the offset after
     * it, in one transaction. An output Kafka refuses is replaced by the record's dead letter; a record whose dead
     * letter is refused too is logged once at ERROR and skipped.
     */
    private void commit(String route, List<Message> records) {
        if (records.isEmpty()) {
            return;
        }
        Consumer<?, ?> consumer = consumer(records.get(0));
        Set<TopicPartition> owned = consumer.assignment();
        Map<Message, Answer> ready = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Set<TopicPartition> gaps = new HashSet<>();
        for (Message record : records) {
            TopicPartition partition = partition(record);
            Answer answer = answer(record);
            if (!owned.contains(partition)) {
                // taken away (a rebalance, a session lost in an outage): its offsets are not this consumer's to
                // commit now; the answer waits here for the partition to come back, else its new owner answers.
                // What it staged in a state store no longer hides what Kafka holds: the new owner writes there
                if (answer != null) {
                    answer.outputs().forEach(OutputRecord::abandoned);
                }
                continue;
            }
            if (offset(record) < committed.getOrDefault(partition, -1L)) {
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
        ready.keySet().forEach(record -> answers.get(partition(record)).remove(offset(record)));
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
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

    private static Consumer<?, ?> consumer(Message record) {
        Object manual = record.getHeader(KafkaConstants.MANUAL_COMMIT);
        if (manual instanceof DefaultKafkaManualCommit commit) {
            return commit.getConsumer();
        }
        throw new IllegalStateException("the command consumers need allowManualCommit=true and camel-kafka's own"
                + " manual commit factory: their offsets are committed with the answers, found " + LogText.cut(
                        String.valueOf(manual)));
    }

    private Answer answer(Message record) {
        NavigableMap<Long, Answer> partition = answers.get(partition(record));
        return partition == null ? null : partition.get(offset(record));
    }

    private boolean isAnswered(Message record) {
        return answer(record) != null;
    }

    private static TopicPartition partition(Message record) {
        return new TopicPartition(record.getHeader(KafkaConstants.TOPIC, String.class),
                record.getHeader(KafkaConstants.PARTITION, Integer.class));
    }

    private static long offset(Message record) {
        return record.getHeader(KafkaConstants.OFFSET, Long.class);
    }
}
