package ru.rabota.bridge.command;

import static ru.rabota.bridge.command.PolledRecords.consumer;
import static ru.rabota.bridge.command.PolledRecords.offset;
import static ru.rabota.bridge.command.PolledRecords.partition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.PausedConsumer;
import ru.rabota.bridge.log.LogText;
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

    private static final Logger LOG = LoggerFactory.getLogger(CommandAnswers.class);
    private static final long COMMIT_EVERY_MS = 1000;

    private final AnswerLedger ledger = new AnswerLedger();
    private final AnswerCommits commits;
    private final PartitionOwnership ownership;
    private final Troubles failedPolls = new Troubles();

    /**
     * @param catchUp      reads the state stores the handlers read to their end (another instance's writes before a
     *                     rebalance gave this consumer its records); run before the first poll after each rebalance
     * @param handoverWait {@code bridge.commands.handover-wait}: how long a rebalance that takes partitions waits for
     *                     their records under way (a call retrying in an outage stops at its next failure then)
     */
    public CommandAnswers(CommandTransactions transactions, Runnable catchUp, Duration handoverWait) {
        this.commits = new AnswerCommits(transactions, ledger);
        this.ownership = new PartitionOwnership(catchUp, handoverWait);
    }

    /** The records of camel-kafka's batch exchange. */
    public static List<Message> records(Exchange poll) {
        return poll.getMessage().getBody(List.class).stream().map(record -> ((Exchange) record).getMessage()).toList();
    }

    /** The records of the poll not answered yet (a poll read again after a failure repeats answered ones). */
    public List<Message> unanswered(List<Message> records) {
        ledger.polled(records);
        return records.stream().filter(record -> !ledger.isAnswered(record)).toList();
    }

    /**
     * The record's answer, to be written with its offset.
     *
     * @param ifRefused what to write instead when Kafka refuses an output for what it holds (its dead letter); when
     *                  null, or when the refused answer was a dead letter, the record is skipped with one ERROR line
     */
    public void answered(Message record, List<OutputRecord> outputs, Function<Throwable, OutputRecord> ifRefused) {
        ledger.answered(record, outputs, ifRefused);
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
            if (ownership.stopping()) {
                LOG.debug("{}: a poll of commands ended by the stop: {}", route, e.getMessage());
                throw e;
            }
            if (HandedOverException.causes(e)) {
                LOG.info("{}: commands of a poll went to another instance while they ran (a rebalance, or the lead"
                        + " moved); whoever carries them out now reads them again: {}", route, LogText.reason(e));
                throw e;
            }
            if (GroupMovedOn.causes(e)) {
                LOG.info("{}: the consumer group moved on while a poll's answers were written (an instance joined or"
                        + " left); its unanswered commands are read again by their partitions' owners", route);
                throw e;
            }
            // camel-kafka's lines for a failed batch (two WARN lines a poll, naming neither route nor command) are
            // left out (log4j2.properties): one WARN line here when the route's polls start failing
            failedPolls.came(route, LOG, "{}: a poll of commands failed, its unanswered commands are read again: {}",
                    "{}: a poll of commands failed again: {}", route, LogText.reason(e));
            throw e;
        }
        failedPolls.ends(route).ifPresent(trouble -> LOG.info("{}: polls of commands go on, after {} since {}", route,
                trouble.timesText("failed poll"), trouble.since()));
    }

    private void runAndCommit(String route, List<Message> records, Work work) throws Exception {
        ownership.handOverFrom(route, records, this);
        PausedConsumer paused = new PausedConsumer(consumer(records.get(0)), afterBatch(records));
        // a commit that failed may have been written all the same (its outcome unknown to the client): this poll
        // writes nothing more, and its consumer reads again from what Kafka holds
        RuntimeException commitFailed = null;
        try {
            CompletableFuture<?> done = work.start();
            while (!ended(done)) {
                commitFailed = commitFailed != null ? commitFailed : commits.tryCommit(route, records);
                paused.poll();
            }
        } catch (Exception e) {
            RuntimeException last = commitFailed != null ? commitFailed : commits.tryCommit(route, records);
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
        commits.commit(route, records);
        long left = records.stream().filter(ledger::isAnswered).count();
        if (left > 0) {
            // the consumer's position is past them: a poll that ended now would leave them behind for good
            throw new IllegalStateException(route + ": " + left + " answered record(s) of the poll are on partitions"
                    + " taken from this consumer while it ran; the poll is read again from the committed offsets");
        }
        if (ownership.stopping()) {
            long notStarted = records.stream().filter(record -> !ledger.isAnswered(record) && !ledger.isCommitted(record))
                    .count();
            if (notStarted > 0) {
                LOG.info("{}: the application stops; {} command(s) of the poll not started are left to the next start"
                        + " or instance", route, notStarted);
            }
            return;
        }
        Set<TopicPartition> owned = consumer(records.get(0)).assignment();
        long skipped = records.stream().filter(record -> owned.contains(partition(record)) && !ledger.isAnswered(record)
                && !ledger.isCommitted(record)).count();
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
        ownership.handle(record, handling);
    }

    /**
     * Whether the record's partition went to another consumer while the poll ran, or may have: the process stood
     * still for longer than the group waits; or the application stops ({@code ApiHeaders.HANDED_OVER}: a request not
     * sent yet is not sent, a command started before the stop but waiting for its call slot is left too).
     */
    public BooleanSupplier handedOver(Message record) {
        return ownership.handedOver(record);
    }

    /**
     * Partitions taken from the consumer (on its thread, in a rebalance): their records not started are left, and
     * the rebalance waits up to {@code bridge.commands.handover-wait} for those under way to end, unless the partitions are lost
     * already (they have another owner) or the application stops (Camel waited for the poll's work already, up to
     * {@code camel.main.shutdown-timeout}).
     */
    @Override
    public void revoked(Collection<TopicPartition> partitions, boolean lost) {
        ownership.revoked(partitions, lost);
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
}
