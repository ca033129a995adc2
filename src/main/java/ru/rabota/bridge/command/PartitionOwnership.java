package ru.rabota.bridge.command;

import static ru.rabota.bridge.command.PolledRecords.consumer;
import static ru.rabota.bridge.command.PolledRecords.partition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a consumer still owns the partitions of the poll under way: those a rebalance took from it
 * ({@link PartitionHandover}), and a pause of the process that may have cost them ({@link ProcessPauses}), whose
 * records are not started any more; per partition, its records being handled, which a rebalance that takes it waits
 * for. Before each poll, the partitions the consumer owns again are its own again, and after a rebalance the state is
 * read to its end. Thread-safe: the handlers look while Kafka tells of a rebalance on the consumer's thread.
 */
final class PartitionOwnership {

    private record PollStart(Consumer<?, ?> consumer, long mark) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandAnswers.class);

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

    /** See {@link CommandAnswers#CommandAnswers}. */
    PartitionOwnership(Runnable catchUp, Duration handoverWait) {
        this.catchUp = catchUp;
        this.handoverWait = handoverWait;
    }

    /** {@link CommandAnswers#handle}. */
    void handle(Message record, Runnable handling) {
        TopicPartition partition = partition(record);
        AtomicInteger under = running.computeIfAbsent(partition, p -> new AtomicInteger());
        // counted before looking: a rebalance that takes the partition after the look waits for it to end
        under.incrementAndGet();
        try {
            if (!handedOver.contains(partition) && !pauses.since(pollMarks.get(partition.topic())) && !stopping()) {
                handling.run();
            }
        } finally {
            under.decrementAndGet();
        }
    }

    /**
     * Whether the application stops: a record not started yet is left to the next start or instance, which reads it
     * from the committed offsets. Before, the lanes went on starting the poll's records until Camel's shutdown timeout
     * forced the stop, and the calls it cut off were done again.
     */
    boolean stopping() {
        CamelContext stopped = context;
        return stopped != null && stopped.isStopping();
    }

    /** {@link CommandAnswers#handedOver}. */
    BooleanSupplier handedOver(Message record) {
        TopicPartition partition = partition(record);
        ProcessPauses stillness = pauses;
        long mark = pollMarks.get(partition.topic());
        return () -> stillness.since(mark) || handedOver.contains(partition) || stopping();
    }

    /** {@link CommandAnswers#revoked}. */
    void revoked(Collection<TopicPartition> partitions, boolean lost) {
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
     * Before a poll: its consumer tells the holder of rebalances from now on, partitions it owns again are no longer
     * handed over, and those of the poll's records it does not own are. After a rebalance the state is read to its end first, for the records another consumer had
     * before (their intents, their outcomes).
     */
    void handOverFrom(String route, List<Message> records, PartitionHandover.Holder holder) {
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
        handover.hold(consumer, holder);
        Set<TopicPartition> owned = consumer.assignment();
        handedOver.removeAll(owned);
        // camel-kafka's batch gathers several polls: a rebalance between them may have taken partitions before the
        // holder heard of it (a consumer's first batch), and their records are the new owner's
        records.stream().map(PolledRecords::partition).filter(partition -> !owned.contains(partition))
                .forEach(handedOver::add);
        int generation = consumer.groupMetadata().generationId();
        Integer before = generations.put(route, generation);
        if (before == null || before != generation) {
            catchUp.run();
        }
    }
}
