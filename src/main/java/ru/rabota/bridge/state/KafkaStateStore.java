package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.kafka.Acknowledged;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.KeyTurns;
import ru.rabota.bridge.kafka.MisconfiguredTopicException;
import ru.rabota.bridge.kafka.Topic;

/**
 * A string key-value map kept in a compacted Kafka topic, the way Kafka Connect keeps its offsets: durable,
 * shared by every instance, and complete (no eviction: unlike {@code KafkaIdempotentRepository}, which keeps
 * only an LRU of keys). Hand-written because Connect's {@code KafkaBasedLog} lives in connect-runtime with a
 * heavy dependency tree.
 * <p>
 * A background thread reads the whole topic at start and then follows it, so writes of other instances
 * arrive within a poll ({@link StateFollower}). {@link #put} returns once Kafka acknowledged the write, and the value
 * is visible to {@link #get} at once. {@link #readToEnd()} waits until everything written before the call is applied:
 * call it when taking over work another instance did. A value carries the offset it was written at, so an older
 * write never replaces a newer one, whichever path applied it first ({@link StateEntries}).
 * <p>
 * A value can also be {@link #stage staged}: seen by {@link #get} at once and written later, in a Kafka transaction
 * with the answer it belongs to (a job's record with its event and the command's offset), instead of a write of its
 * own that the next step would wait for ({@link StagedValues}). This process's writes of a key go out one at a time
 * ({@link KeyTurns}), whichever producer sends them, so they land in the order they were sent, and a staging is left
 * out once a write of its key made after it landed: the topic ends with the latest value, however a crash cuts the
 * writes short.
 * <p>
 * The topic's partition count must stay as it was when its keys were written ({@link KeyPartitions}): a load that
 * finds a key outside its partition refuses the topic ({@link #whenRefused}), and a write that lands in a partition
 * added after the load, which the other instances do not read either, is named in one ERROR line.
 */
public final class KafkaStateStore extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStateStore.class);

    private final String topic;
    private final Supplier<Map<String, Object>> clientConfig;
    private final KafkaClients clients;
    private final Duration timeout;
    private final StateEntries entries = new StateEntries();
    /** Values staged and not written yet: over {@link #entries} until their write is applied or abandoned. */
    private final StagedValues staged = new StagedValues();
    private final StateFollower follower;
    /** A reader only ({@link #readOnly}): no producer, and a load that logs nothing. */
    private volatile boolean readOnly;
    private KafkaProducer<String, String> producer;
    /** Asks for the topic's ends ({@link #readToEnd}). */
    private TopicEnds ends;
    /** What a refused load does besides failing every wait ({@link #whenRefused}). */
    private volatile Consumer<MisconfiguredTopicException> refused = failure -> LOG.error("State not loaded: {}",
            failure.getMessage());
    /** Whether a write to a partition this store does not read was named already. */
    private final AtomicBoolean unreadWriteNamed = new AtomicBoolean();

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
        this.follower = new StateFollower(topic, timeout, entries, this::loaded,
                failure -> refused.accept(failure));
    }

    public String topic() {
        return topic;
    }

    /** The value, once the initial load is done (waits for it up to the timeout). */
    public Optional<String> get(String key) {
        follower.awaitLoaded();
        return staged.value(key).or(() -> entries.value(key));
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
        follower.awaitLoaded();
        return new StagedWrite(this, topic, key, value, staged.stage(key, value));
    }

    /** The staging is given up: the key shows what Kafka holds. */
    void unstage(String key, StagedValues.Staging staging) {
        staged.unstage(key, staging);
    }

    /** The staging landed (alone, or in a transaction Kafka committed), at this place. */
    void written(String key, String value, StagedValues.Staging staging, RecordMetadata where) {
        committed(key, value, where);
        staged.written(key, staging);
    }

    /** The staging's answer waits for its partition ({@link StagedValues#setAside}). */
    void setAside(String key, StagedValues.Staging staging) {
        staged.setAside(key, staging);
    }

    /** The turn of this store's writes of the key ({@link KeyTurns}). */
    KeyTurns.Turn turn(String key) {
        return new KeyTurns.Turn(this, key);
    }

    /** A staged write made alone, through this store's producer, in its key's turn; left out when stale by then. */
    CompletableFuture<Void> write(StagedWrite write) {
        KeyTurns.Held turn;
        try {
            turn = KeyTurns.take(List.of(write.turn()), timeout);
        } catch (KeyTurns.TurnNotTaken e) {
            write.abandoned();
            return CompletableFuture.failedFuture(new StateUnavailableException("could not write " + write.key()
                    + ": " + e.getMessage(), e));
        }
        if (write.stale()) {
            turn.close();
            write.abandoned();
            return CompletableFuture.completedFuture(null);
        }
        return Acknowledged.send(producer, new ProducerRecord<>(topic, write.key(), write.value()), write,
                cause -> new StateUnavailableException("could not write " + write.key() + ": " + cause.getMessage(),
                        cause)).whenComplete((done, failure) -> turn.close());
    }

    /**
     * Writes several values in one batch; returns once Kafka acknowledged all of them. A key staged by this process
     * is written once its staged write was (or was given up): written after it, the staged record would land later
     * in the topic and replace this one (a job's intent, which must outlive the record before it). The keys' turns
     * are held until Kafka answered every send ({@link KeyTurns}), however long this thread waits (interrupted, timed
     * out, another key failed), and once a value landed, every staging of its key made before is stale (one set
     * aside, or replaced by a later staging that was given up).
     */
    public void putAll(Map<String, String> values) {
        follower.awaitLoaded();
        staged.awaitUnstaged(values.keySet(), timeout);
        KeyTurns.Held held;
        try {
            held = KeyTurns.take(values.keySet().stream().map(this::turn).toList(), timeout);
        } catch (KeyTurns.TurnNotTaken e) {
            throw new StateUnavailableException("could not write " + values.keySet() + ": " + e.getMessage(), e);
        }
        long stamp = staged.nextStamp();
        Map<String, CompletableFuture<Void>> sent = new LinkedHashMap<>();
        values.forEach((key, value) -> sent.put(key, Acknowledged.send(producer,
                new ProducerRecord<>(topic, key, value), where -> landed(key, value, stamp, where),
                failure -> failure instanceof RuntimeException e ? e : new IllegalStateException(failure))));
        CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new)).whenComplete((all, failure) ->
                held.close());
        sent.forEach((key, landing) -> StateWaits.await(landing, "write " + key, timeout));
    }

    /** A value of {@link #putAll} landed (on Kafka's I/O thread). */
    private void landed(String key, String value, long stamp, RecordMetadata where) {
        committed(key, value, where);
        staged.landed(key, stamp);
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
        follower.awaitLoaded();
        applyWritten(key, value, written);
    }

    /**
     * Waits until every write made anywhere before this call is applied here. The topic's ends are asked for on a
     * connection of their own ({@link TopicEnds}). A reader that is there already answers at once.
     */
    public void readToEnd() {
        follower.awaitLoaded();
        follower.awaitReached(ends.latest(follower.partitions()));
    }

    /** Every key with its value (a weakly consistent view, for scans such as snapshot feeds). */
    public void forEach(BiConsumer<String, String> action) {
        follower.awaitLoaded();
        entries.forEach((key, value) -> {
            if (!staged.holds(key)) {
                action.accept(key, value);
            }
        });
        staged.forEach(action);
    }

    public int size() {
        follower.awaitLoaded();
        return entries.size();
    }

    /** The keys held in memory, a removed key's tombstone too (for tests: it goes once the follower read it). */
    int held() {
        return entries.held();
    }

    /** The application stops: a store not loaded yet fails its waits at once (see {@link StateFollower}). */
    public void stopWaitingForTheLoad() {
        follower.stopWaitingForTheLoad();
    }

    /** True once the topic was read to its end after start. */
    public boolean isLoaded() {
        return follower.isLoaded();
    }

    /**
     * This store as a reader of its topic (an output topic a poll reads back): no producer, and its load is no news
     * and logs nothing. Before start.
     */
    public KafkaStateStore readOnly() {
        readOnly = true;
        follower.quiet();
        return this;
    }

    /**
     * A write of this process that Kafka took. One in a partition added after the load is read by no instance that
     * loaded before: named once, so that the operator restarts them and their load refuses the topic.
     */
    private void applyWritten(String key, String value, RecordMetadata written) {
        if (written.partition() >= follower.partitions().size() && unreadWriteNamed.compareAndSet(false, true)) {
            LOG.error("State {}: a write landed in partition {}, which this instance does not read (partitions were"
                    + " added to the topic after it loaded it): its value is not read by the other instances; restart"
                    + " them: their start check then names the topic", topic, written.partition());
        }
        entries.written(key, value, written.partition(), written.offset());
    }

    /**
     * What happens, besides the store failing every read and write, when its load refuses the topic because
     * partitions were added to it ({@link KeyPartitions}): one ERROR line unless set. Before start.
     */
    public KafkaStateStore whenRefused(Consumer<MisconfiguredTopicException> action) {
        refused = action;
        return this;
    }

    /** The load is done (on the follower thread). */
    private void loaded() {
        if (!readOnly) {
            LOG.info("State {}: {} keys loaded", topic, size());
        }
    }

    @Override
    protected void doStart() {
        Map<String, Object> client = clientConfig.get();
        producer = readOnly ? null : clients.producer(StateClientConfigs.producer(client, topic, timeout),
                new StringSerializer(), new StringSerializer());
        // the keys' bytes: the load checks each key's partition (KeyPartitions)
        KafkaConsumer<byte[], String> consumer = clients.consumer(StateClientConfigs.consumer(client, topic, timeout),
                new ByteArrayDeserializer(), new StringDeserializer());
        ends = new TopicEnds(client, topic, timeout);
        follower.start(consumer);
    }

    @Override
    protected void doStop() throws InterruptedException {
        follower.stop();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (ends != null) {
            ends.close();
        }
    }
}
