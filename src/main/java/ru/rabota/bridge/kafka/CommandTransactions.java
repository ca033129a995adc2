package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the answers to consumed command records together with the consumer's offsets, in one Kafka transaction
 * (consume-transform-produce, KIP-447): a crash or a Kafka outage leaves all or none of them, so a record read again
 * was not answered before (CONTRACT.md section 7). Camel's kafka component has no such thing (its transacted
 * producer commits what it sends, never a consumer's offsets): hand-written, on Kafka's own producer.
 * <p>
 * One transactional producer per consumer route, since each route's consumer thread commits its own polls and a
 * producer has one transaction at a time. The {@code transactional.id} names the route and this process (random per
 * start): instances are fenced by the consumer group generation that goes with the offsets, so a former member that
 * lost its partitions (rebalanced, stalled) cannot commit its answers. Bound as {@code commandTransactions}.
 */
public final class CommandTransactions extends ServiceSupport {

    /** Kafka refused some records of a transaction for what they hold; nothing of it was written. */
    public static final class RefusedRecords extends IllegalStateException {
        private final Map<Integer, Throwable> refused;

        RefusedRecords(Map<Integer, Throwable> refused, RuntimeException cause) {
            super("Kafka refused " + refused.size() + " record(s) of a transaction: " + cause.getMessage(), cause);
            this.refused = refused;
        }

        /** Why each refused record was, by its place in the list given to {@link #commit}. */
        public Map<Integer, Throwable> refused() {
            return refused;
        }
    }

    private final CamelContext context;
    private final KafkaClients clients;
    private final String instance = UUID.randomUUID().toString();
    private final Duration timeout;
    private final Map<String, KafkaProducer<String, String>> producers = new ConcurrentHashMap<>();
    private ExecutorService fencing;

    /** @param timeout how long starting a producer or committing may take before the poll fails */
    public CommandTransactions(CamelContext context, KafkaClients clients, Duration timeout) {
        this.context = context;
        this.clients = clients;
        this.timeout = timeout;
    }

    /**
     * Sends the records and commits the offsets with them; returns once Kafka committed the transaction (and the
     * records were counted). State writes take their keys' turns first ({@link KeyTurns}), so that they land after
     * every earlier write of their keys by this process; one staged before a write of its key that landed meanwhile
     * is left out, and so is the earlier of two of one key here.
     *
     * @param route  the consumer route, whose thread calls this
     * @param offsets per partition, the offset of the next record to read
     * @param group  the consumer's {@code groupMetadata()}, taken on its own thread
     * @throws RefusedRecords when Kafka refused records for what they hold (too large, invalid)
     * @throws RuntimeException when nothing was written for another reason (Kafka unavailable, the consumer no
     *                          longer owns the partitions)
     */
    public void commit(String route, List<OutputRecord> records, Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        List<KeyTurns.Turn> turns = records.stream().map(OutputRecord::turn).filter(Objects::nonNull).toList();
        try (KeyTurns.Held held = KeyTurns.take(turns, timeout)) {
            send(route, records, offsets, group);
        }
    }

    private void send(String route, List<OutputRecord> records, Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        KafkaProducer<String, String> producer = producers.computeIfAbsent(route, this::producer);
        String prefix = Topic.prefix(context);
        // per record, its send; null for a record left out
        List<Future<RecordMetadata>> sent = new ArrayList<>(Collections.nCopies(records.size(), null));
        boolean[] leftOut = leftOut(records);
        try {
            producer.beginTransaction();
            for (int i = 0; i < records.size(); i++) {
                if (!leftOut[i]) {
                    sent.set(i, producer.send(records.get(i).toProducerRecord(prefix)));
                }
            }
            producer.sendOffsetsToTransaction(offsets, group);
            Transactions.commit(producer, context);
        } catch (RuntimeException e) {
            abort(route, producer);
            Map<Integer, Throwable> refused = refused(sent);
            throw refused.isEmpty() ? e : new RefusedRecords(refused, e);
        }
        // committed: every send is complete
        for (int i = 0; i < records.size(); i++) {
            if (sent.get(i) == null) {
                records.get(i).abandoned();
            } else {
                records.get(i).written(committed(sent.get(i)));
            }
        }
    }

    /**
     * The records left out unsent, asked while their turns are held: the stale ones, and of several of one turn, all
     * but the latest ({@link OutputRecord.Written#order}).
     */
    private static boolean[] leftOut(List<OutputRecord> records) {
        boolean[] leftOut = new boolean[records.size()];
        Map<KeyTurns.Turn, Integer> latest = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            OutputRecord record = records.get(i);
            leftOut[i] = record.stale();
            if (leftOut[i] || record.turn() == null) {
                continue;
            }
            Integer before = latest.get(record.turn());
            if (before != null && records.get(before).order() > record.order()) {
                leftOut[i] = true;
            } else {
                if (before != null) {
                    leftOut[before] = true;
                }
                latest.put(record.turn(), i);
            }
        }
        return leftOut;
    }

    @Override
    protected void doStart() {
        fencing = context.getExecutorServiceManager().newSingleThreadExecutor(this, "CommandTransactionsFencing");
    }

    @Override
    protected void doStop() {
        // a context whose start failed stops services it never started
        if (fencing != null) {
            context.getExecutorServiceManager().shutdownNow(fencing);
        }
        producers.keySet().forEach(route -> discard(route));
    }

    /** Aborts at once (until then, read_committed readers wait); a producer that cannot is replaced at once. */
    private void abort(String route, KafkaProducer<String, String> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            discard(route);
            fencing.execute(() -> replace(route));
        }
    }

    /**
     * A transaction that could not be aborted (Kafka unreachable) stays open on the broker until its
     * {@code transaction.timeout.ms}, a minute: {@code read_committed} readers of its topics see nothing written after
     * it, and once it holds offsets the group's consumers wait for their committed offsets (KIP-447), so the next
     * commit, whose new producer would end it, may never come. The new producer is made now instead, in the
     * background, tried until Kafka is back: its {@code initTransactions} aborts the transaction left open.
     */
    private void replace(String route) {
        while (isRunAllowed() && !producers.containsKey(route)) {
            try {
                producers.computeIfAbsent(route, this::producer);
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void discard(String route) {
        KafkaProducer<String, String> producer = producers.remove(route);
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    private static Map<Integer, Throwable> refused(List<Future<RecordMetadata>> sent) {
        Map<Integer, Throwable> refused = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            Throwable failure = sent.get(i) != null && sent.get(i).isDone() ? failure(sent.get(i)) : null;
            if (failure != null && KafkaOutput.refused(failure)) {
                refused.put(i, failure);
            }
        }
        return refused;
    }

    private static RecordMetadata committed(Future<RecordMetadata> send) {
        try {
            return send.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a send of a committed transaction failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after a commit", e);
        }
    }

    private static Throwable failure(Future<RecordMetadata> done) {
        try {
            done.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private KafkaProducer<String, String> producer(String route) {
        Map<String, Object> config = KafkaClientSettings.transactionalProducer(context, Topic.prefix(context)
                + "rabota-bridge-" + route + "-" + instance, "rabota-bridge-" + route, timeout);
        return clients.transactionalProducer(config, new StringSerializer(), new StringSerializer());
    }
}
