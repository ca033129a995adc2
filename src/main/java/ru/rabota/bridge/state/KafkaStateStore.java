package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.kafka.Acknowledged;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.Topic;

/**
 * A string key-value map kept in a compacted Kafka topic, the way Kafka Connect keeps its offsets: durable,
 * shared by every instance, and complete (no eviction: unlike {@code KafkaIdempotentRepository}, which keeps
 * only an LRU of keys). Hand-written because Connect's {@code KafkaBasedLog} lives in connect-runtime with a
 * heavy dependency tree.
 * <p>
 * A background thread reads the whole topic at start and then follows it, so writes of other instances
 * arrive within a poll. {@link #put} returns once Kafka acknowledged the write, and the value is visible to
 * {@link #get} at once. {@link #readToEnd()} waits until everything written before the call is applied: call
 * it when taking over work another instance did. A value carries the offset it was written at, so an older
 * write never replaces a newer one, whichever path applied it first.
 * <p>
 * A value can also be {@link #stage staged}: seen by {@link #get} at once and written later, in a Kafka transaction
 * with the answer it belongs to (a job's record with its event and the command's offset), instead of a write of its
 * own that the next step would wait for.
 */
public final class KafkaStateStore extends ServiceSupport {

    private record Versioned(String value, long offset, int partition) {
    }

    /** A value this process is about to write, which staging it was, and what completes when it is over. */
    private record Staged(String value, long stamp, CompletableFuture<Void> over) {
    }

    /** A wait until the reader's positions reach these offsets. */
    private record CatchUp(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
    }

    /** Where a staged write landed, and what it wrote. */
    private record Landed(long stamp, long offset, String value) {
    }

    /** A staged write's value to write again, after an earlier one that landed after it. */
    private record Later(long stamp, String value) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStateStore.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final Supplier<Map<String, Object>> clientConfig;
    private final KafkaClients clients;
    private final Duration timeout;
    private final Map<String, Versioned> entries = new ConcurrentHashMap<>();
    /** Values staged and not written yet: over {@link #entries} until their write is applied or abandoned. */
    private final Map<String, Staged> staged = new ConcurrentHashMap<>();
    /**
     * Per key, the staged write of this process that landed last in the topic, by stamp: staged writes go out in
     * different producers (a command's transaction, a feed row's own write), so a later one can land before an
     * earlier one ({@link #landed}). Guarded by itself.
     */
    private final Map<String, Landed> landed = new HashMap<>();
    private final AtomicLong stamps = new AtomicLong();
    private final ConcurrentLinkedQueue<CatchUp> catchUps = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile boolean running;
    /** A reader only ({@link #readOnly}): no producer, and a load that logs nothing. */
    private volatile boolean readOnly;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread follower;
    /** The topic's partitions, once loaded (written by the follower thread before the load completes). */
    private volatile List<TopicPartition> partitions;
    /** The reader's position in each partition, after its last poll. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    /** Asks for the topic's ends ({@link #readToEnd}). */
    private Admin offsets;

    /**
     * @param clientConfig brokers and security settings for a producer and a consumer
     * @param timeout      how long a write or a read to the end may take
     */
    public KafkaStateStore(String topic, Map<String, Object> clientConfig, Duration timeout) {
        this(topic, () -> clientConfig, KafkaClients.unmetered(), timeout);
    }

    /**
     * @param clientConfig read when the store starts: the kafka component's settings are applied only after the
     *                     configuration classes ran
     * @param clients      makes the producer and the consumer, with their meters
     */
    public KafkaStateStore(String topic, Supplier<Map<String, Object>> clientConfig, KafkaClients clients,
            Duration timeout) {
        this.topic = topic;
        this.clientConfig = clientConfig;
        this.clients = clients;
        this.timeout = timeout;
    }

    public String topic() {
        return topic;
    }

    /** The value, once the initial load is done (waits for it up to the timeout). */
    public Optional<String> get(String key) {
        awaitLoaded();
        Staged ahead = staged.get(key);
        if (ahead != null) {
            return Optional.of(ahead.value());
        }
        Versioned versioned = entries.get(key);
        return versioned == null || versioned.value() == null ? Optional.empty() : Optional.of(versioned.value());
    }

    /** Writes the value durably; returns once Kafka acknowledged it. */
    public void put(String key, String value) {
        putAll(Map.of(key, value));
    }

    /** Removes the key durably (a tombstone, which compaction eventually drops). */
    public void remove(String key) {
        Map<String, String> tombstone = new HashMap<>();
        tombstone.put(key, null);
        putAll(tombstone);
    }

    /**
     * A value that this process is about to write, in a transaction of another producer or alone: visible to
     * {@link #get} at once, before the write, and over every other write of the key until its own is applied or
     * given up ({@link StagedWrite}). A caller stages only what it can also recover from when the write is lost with
     * the process.
     *
     * @param topic this store's topic, for the write's record
     */
    public StagedWrite stage(Topic topic, String key, String value) {
        awaitLoaded();
        long stamp = stamps.incrementAndGet();
        Staged before = staged.put(key, new Staged(Objects.requireNonNull(value, "value"), stamp,
                new CompletableFuture<>()));
        if (before != null) {
            before.over().complete(null); // a writer waiting for the key looks again, and waits for this one
        }
        return new StagedWrite(this, topic, key, value, stamp);
    }

    /** Waits (up to the timeout) until none of the keys is staged; they are written within a second or so. */
    private void awaitUnstaged(Set<String> keys) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String key : keys) {
            for (Staged ahead = staged.get(key); ahead != null; ahead = staged.get(key)) {
                try {
                    ahead.over().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new StateUnavailableException("could not write " + key + " within " + timeout.toSeconds()
                            + " s: an earlier write of this process to the same key is not written yet", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StateUnavailableException("interrupted: write " + key, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the staging of " + key + " ended in a failure", e);
                }
            }
        }
    }

    /** The staging of this stamp is over (written, or given up): the key shows what Kafka holds. */
    void unstage(String key, long stamp) {
        Staged ahead = staged.get(key);
        if (ahead != null && ahead.stamp() == stamp && staged.remove(key, ahead)) {
            ahead.over().complete(null);
        }
    }

    /** A staged write made alone, through this store's producer. */
    CompletableFuture<Void> write(StagedWrite write) {
        return Acknowledged.send(producer, new ProducerRecord<>(topic, write.key(), write.value()), write,
                cause -> new StateUnavailableException("could not write " + write.key() + ": " + cause.getMessage(),
                        cause));
    }

    /**
     * Writes several values in one batch; returns once Kafka acknowledged all of them. A key staged by this process
     * is written once its staged write was (or was given up): written after it, the staged record would land later
     * in the topic and replace this one (a job's intent, which must outlive the record before it).
     */
    public void putAll(Map<String, String> values) {
        awaitLoaded();
        awaitUnstaged(values.keySet());
        List<Map.Entry<String, Future<RecordMetadata>>> sent = new ArrayList<>(values.size());
        values.forEach((key, value) -> sent.add(Map.entry(key, producer.send(new ProducerRecord<>(topic, key, value)))));
        for (Map.Entry<String, Future<RecordMetadata>> write : sent) {
            RecordMetadata metadata = await(write.getValue(), "write " + write.getKey());
            apply(write.getKey(), values.get(write.getKey()), metadata.partition(), metadata.offset());
        }
    }

    /**
     * Applies a write to this store's topic that another producer of this process made and Kafka committed (a
     * transaction that wrote events and state together): visible to {@link #get} at once, as after {@link #put}.
     * {@link #readToEnd()} alone may miss it: a transaction's commit can return before its markers make the records
     * readable. The follower applies the same record later; its offset keeps the newer value either way.
     */
    public void committed(String key, String value, RecordMetadata written) {
        if (!topic.equals(written.topic())) {
            throw new IllegalArgumentException("a write to " + written.topic() + " does not belong to " + topic);
        }
        awaitLoaded();
        apply(key, value, written.partition(), written.offset());
    }

    /**
     * A staged write Kafka took (alone, or committed in a transaction). Should it have landed after a write staged
     * later (the later one made alone while this one's transaction waited for the answers before it), the topic would
     * end with the older value, and every instance would read it after a restart: the later value is written again
     * after it, without waiting (this runs on Kafka's threads). Hand-written: Kafka orders writes of one producer only.
     */
    void landed(String key, String value, long stamp, RecordMetadata where) {
        Later again = null;
        synchronized (landed) {
            Landed before = landed.get(key);
            if (before == null || before.stamp() < stamp == before.offset() < where.offset()) {
                if (before == null || before.stamp() < stamp) {
                    landed.put(key, new Landed(stamp, where.offset(), value));
                }
            } else if (before.stamp() > stamp) {
                // this older write landed after the later one, whose value is written again (not the store's: its
                // reader may have applied this older record already)
                again = new Later(before.stamp(), before.value());
            } else {
                again = new Later(stamp, value);
            }
        }
        committed(key, value, where);
        if (again != null) {
            writeAgain(key, again);
        }
    }

    private void writeAgain(String key, Later later) {
        LOG.info("State {}: {} written again, a write staged before it landed after it", topic, LogText.cut(key));
        producer.send(new ProducerRecord<>(topic, key, later.value()), (metadata, failure) -> {
            if (failure == null) {
                synchronized (landed) {
                    landed.put(key, new Landed(later.stamp(), metadata.offset(), later.value()));
                }
                apply(key, later.value(), metadata.partition(), metadata.offset());
            } else {
                LOG.warn("State {}: {} could not be written again, it keeps an older value: {}", topic,
                        LogText.cut(key), LogText.cut(failure.getMessage()));
            }
        });
    }

    /**
     * Waits until every write made anywhere before this call is applied here. The topic's ends are asked for on a
     * connection of their own ({@link Admin}): the reader's consumer would send that request behind its fetch under way,
     * which the broker holds up to {@code fetch.max.wait.ms} (500 ms) when nothing is new, the usual case. A reader
     * that is there already answers at once.
     */
    public void readToEnd() {
        awaitLoaded();
        CatchUp catchUp = new CatchUp(ends(), new CompletableFuture<>());
        catchUps.add(catchUp);
        // the follower may have read that far before it saw the wait: look once more
        if (reached(catchUp.ends())) {
            catchUps.remove(catchUp);
            return;
        }
        await(catchUp.done(), "read " + topic + " to its end");
    }

    /** The last committed offsets of the topic's partitions, now (what {@code read_committed} readers reach). */
    private Map<TopicPartition, Long> ends() {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> answered = await(offsets.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "read " + topic + " to its end");
        Map<TopicPartition, Long> ends = new HashMap<>();
        answered.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Whether the reader's positions are at these offsets or past them. */
    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }

    /** Every key with its value (a weakly consistent view, for scans such as snapshot feeds). */
    public void forEach(BiConsumer<String, String> action) {
        awaitLoaded();
        entries.forEach((key, versioned) -> {
            if (versioned.value() != null && !staged.containsKey(key)) {
                action.accept(key, versioned.value());
            }
        });
        staged.forEach((key, ahead) -> action.accept(key, ahead.value()));
    }

    public int size() {
        awaitLoaded();
        return (int) entries.values().stream().filter(versioned -> versioned.value() != null).count();
    }

    /** True once the topic was read to its end after start. */
    public boolean isLoaded() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }

    @Override
    protected void doStart() {
        Map<String, Object> client = clientConfig.get();
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "rabota-bridge-state-" + topic);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        int requestTimeout = (int) Math.min(timeout.toMillis(), 30_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // Kafka insists on delivery >= linger + request
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), requestTimeout + 1));
        producer = readOnly ? null : clients.producer(producerConfig, new StringSerializer(), new StringSerializer());
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "rabota-bridge-state-reader-" + topic);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a missing topic is waited for: the broker would create it with its defaults, cleanup.policy=delete
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        consumer = clients.consumer(consumerConfig, new StringDeserializer(), new StringDeserializer());
        Map<String, Object> adminConfig = new HashMap<>(client);
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "rabota-bridge-state-ends-" + topic);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        offsets = Admin.create(adminConfig);
        running = true;
        follower = new Thread(this::follow, "state-" + topic);
        follower.setDaemon(true);
        follower.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (follower != null) {
            follower.join(timeout.toMillis());
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (offsets != null) {
            offsets.close(Duration.ZERO);
        }
    }

    /**
     * The follower thread owns the consumer: loads the topic, then applies new records and answers catch-ups. Kafka
     * unreachable does not end it: it tries again every second (one WARN line when that starts, one INFO when it
     * ends), and meanwhile {@link #get}, {@link #put} and {@link #readToEnd} fail after their timeout.
     */
    private void follow() {
        String trouble = null;
        try {
            while (running) {
                try {
                    if (partitions == null) {
                        load();
                    } else {
                        followOnce(partitions);
                    }
                    if (trouble != null) {
                        LOG.info("State {}: reading its topic again", topic);
                        trouble = null;
                    }
                } catch (WakeupException e) {
                    // a catch-up request or stop: the loop looks at both
                } catch (RuntimeException e) {
                    if (running && trouble == null) {
                        trouble = LogText.cut(e);
                        LOG.warn("State {}: cannot read its topic, trying again every second: {}", topic, trouble);
                    }
                    pause();
                }
            }
        } finally {
            // the reader commits nothing and leaves no group: waiting for its open fetch to end (500 ms) gains nothing
            consumer.close(Duration.ZERO);
        }
    }

    private void load() {
        List<TopicPartition> all = partitions();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        pollUntil(consumer.endOffsets(all));
        all.forEach(partition -> positions.put(partition, consumer.position(partition)));
        partitions = all;
        loaded.complete(null);
        if (!readOnly) {
            LOG.info("State {}: {} keys loaded", topic, size());
        }
    }

    /**
     * This store as a reader of its topic (an output topic a poll reads back): no producer, and its load is no news
     * and logs nothing. Before start.
     */
    public KafkaStateStore readOnly() {
        readOnly = true;
        return this;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void followOnce(List<TopicPartition> partitions) {
        pollOnce();
        partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
        for (CatchUp catchUp : catchUps) {
            if (reached(catchUp.ends())) {
                catchUps.remove(catchUp);
                catchUp.done().complete(null);
            }
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("state topic " + topic + " does not exist");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private void pollUntil(Map<TopicPartition, Long> endOffsets) {
        while (running && endOffsets.entrySet().stream()
                .anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            pollOnce();
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
            apply(record.key(), record.value(), record.partition(), record.offset());
        }
    }

    private void apply(String key, String value, int partition, long offset) {
        if (key == null) {
            return;
        }
        entries.merge(key, new Versioned(value, offset, partition),
                (old, fresh) -> old.partition() == fresh.partition() && old.offset() > fresh.offset() ? old : fresh);
    }

    private void awaitLoaded() {
        await(loaded, "load state " + topic);
    }

    private <T> T await(Future<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new StateUnavailableException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StateUnavailableException("could not " + what + " within " + timeout.toSeconds() + " s", e);
        }
    }
}
