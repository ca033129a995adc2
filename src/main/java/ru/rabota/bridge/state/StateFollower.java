package ru.rabota.bridge.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.kafka.MisconfiguredTopicException;
import ru.rabota.bridge.log.LogText;

/**
 * The reader of a {@link KafkaStateStore}'s topic: a thread of its own that owns the consumer, loads the topic into
 * the store's entries and then follows it, with its position in each partition, and answers the waits until those
 * positions reach the topic's ends ({@link KafkaStateStore#readToEnd}). Made with the store, so that a read before
 * the store started waits for the load as one after it does. A load that finds a key outside its partition refuses
 * the topic for good ({@link KeyPartitions}): the store is never loaded.
 */
final class StateFollower {

    /** A wait until the reader's positions reach these offsets. */
    private record CatchUp(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
    }

    // the store's lines, as they were before the store was split
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStateStore.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final Duration timeout;
    private final StateEntries entries;
    /** Runs on this thread once the load is done. */
    private final Runnable onLoaded;
    /** Runs on this thread when the load refuses the topic. */
    private final Consumer<MisconfiguredTopicException> onRefused;
    private final ConcurrentLinkedQueue<CatchUp> catchUps = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile boolean running;
    /** A reader made for one read (its caller says when that fails): its trouble at DEBUG, not a WARN per reader. */
    private volatile boolean quiet;
    private KafkaConsumer<byte[], String> consumer;
    private Thread thread;
    /** The topic's partitions, once loaded (written by the follower thread before the load completes). */
    private volatile List<TopicPartition> partitions;

    StateFollower(String topic, Duration timeout, StateEntries entries, Runnable onLoaded,
            Consumer<MisconfiguredTopicException> onRefused) {
        this.topic = topic;
        this.timeout = timeout;
        this.entries = entries;
        this.onLoaded = onLoaded;
        this.onRefused = onRefused;
    }

    /** Its trouble reading the topic is DEBUG lines only. */
    void quiet() {
        quiet = true;
    }

    /** Starts the thread, which owns the consumer from now on and closes it when it ends. */
    void start(KafkaConsumer<byte[], String> consumer) {
        this.consumer = consumer;
        running = true;
        thread = new Thread(this::follow, "state-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the thread, waiting for it up to the timeout. */
    void stop() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
    }

    /**
     * The application stops: a store not loaded yet (Kafka away) fails its waits at once, those under way and those to
     * come, rather than each after the timeout (a stop took 19 s waiting for loads that could not end); a loaded store
     * is left as it is, for the commands that finish meanwhile.
     */
    void stopWaitingForTheLoad() {
        // its reading trouble from now on is the stop's doing: no WARN line for it
        quiet = true;
        loaded.completeExceptionally(new StateUnavailableException("the application stops: state " + topic
                + " was not loaded", null));
    }

    void awaitLoaded() {
        StateWaits.await(loaded, "load state " + topic, timeout);
    }

    /** True once the topic was read to its end after start. */
    boolean isLoaded() {
        return loaded.isDone() && !loaded.isCompletedExceptionally();
    }

    /** The topic's partitions, once loaded. */
    List<TopicPartition> partitions() {
        return partitions;
    }

    /** Waits (up to the timeout) until the reader's positions are at these offsets or past them. */
    void awaitReached(Map<TopicPartition, Long> ends) {
        CatchUp catchUp = new CatchUp(ends, new CompletableFuture<>());
        catchUps.add(catchUp);
        // the follower may have read that far before it saw the wait: look once more
        if (reached(catchUp.ends())) {
            catchUps.remove(catchUp);
            return;
        }
        StateWaits.await(catchUp.done(), "read " + topic + " to its end", timeout);
    }

    /** Whether the reader's positions are at these offsets or past them. */
    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> entries.position(end.getKey().partition()) >= end.getValue());
    }

    /**
     * Loads the topic, then applies new records and answers catch-ups. Kafka unreachable does not end it: it tries
     * again every second (one WARN line when that starts, one INFO when it ends), and meanwhile
     * {@link KafkaStateStore#get}, {@link KafkaStateStore#put} and {@link KafkaStateStore#readToEnd} fail after their
     * timeout.
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
                        if (!quiet) {
                            LOG.info("State {}: reading its topic again", topic);
                        }
                        trouble = null;
                    }
                } catch (WakeupException e) {
                    // a catch-up request or stop: the loop looks at both
                } catch (MisconfiguredTopicException e) {
                    // read again, the topic would say the same: the store stays unloaded, its waits fail at once
                    running = false;
                    // told before the waits fail: whoever a failed wait wakes finds the refusal said
                    onRefused.accept(e);
                    loaded.completeExceptionally(e);
                } catch (RuntimeException e) {
                    if (running && trouble == null) {
                        trouble = LogText.cut(e);
                        if (quiet) {
                            LOG.debug("State {}: cannot read its topic, trying again every second: {}", topic, trouble);
                        } else {
                            LOG.warn("State {}: cannot read its topic, trying again every second: {}", topic, trouble);
                        }
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
        List<TopicPartition> all = partitionsOfTopic();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        pollUntil(all, consumer.endOffsets(all));
        // an empty topic was not polled
        moveTo(all);
        partitions = all;
        loaded.complete(null);
        onLoaded.run();
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
        pollOnce(partitions, 0);
        for (CatchUp catchUp : catchUps) {
            if (reached(catchUp.ends())) {
                catchUps.remove(catchUp);
                catchUp.done().complete(null);
            }
        }
    }

    private List<TopicPartition> partitionsOfTopic() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("state topic " + topic + " does not exist");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private void pollUntil(List<TopicPartition> all, Map<TopicPartition, Long> endOffsets) {
        while (running && endOffsets.entrySet().stream()
                .anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            pollOnce(all, all.size());
        }
    }

    /**
     * Applies the records of one poll, then the reader's positions in its partitions; with a partition count (at
     * load), each key checked against its partition first. Once loaded, the reader's partitions are fixed: a write to
     * one added since is named by its writer ({@link KafkaStateStore}), and the load of the next start refuses the
     * topic.
     */
    private void pollOnce(List<TopicPartition> partitions, int partitionCount) {
        for (ConsumerRecord<byte[], String> record : consumer.poll(POLL)) {
            byte[] serialized = record.key();
            if (serialized == null) {
                continue;
            }
            // as the StringDeserializer would: the bytes are kept for the partition's check
            String key = new String(serialized, StandardCharsets.UTF_8);
            if (partitionCount > 0) {
                int expected = KeyPartitions.of(serialized, partitionCount);
                if (expected != record.partition()) {
                    throw KeyPartitions.added(topic, partitionCount, key, record.partition(), expected);
                }
            }
            entries.read(key, record.value(), record.partition(), record.offset());
        }
        moveTo(partitions);
    }

    /** The reader's positions after its last poll, once its records are applied. */
    private void moveTo(List<TopicPartition> partitions) {
        partitions.forEach(partition -> entries.readTo(partition.partition(), consumer.position(partition)));
    }
}
