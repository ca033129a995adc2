package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a batch consumer in its group while the records of its last poll are handled for long (an API outage of
 * hours): its partitions paused, it polls now and then, so Kafka's {@code max.poll.interval.ms} never expires and no
 * rebalance starts. Hand-written: camel-kafka pauses only between polls (route suspension, the Pausable EIP), while
 * here the poll's exchange is still running. Used on the consumer's own thread only, as Kafka's consumer requires.
 */
public final class PausedConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(PausedConsumer.class);

    private final Consumer<?, ?> consumer;
    /** Per partition of the batch, the offset after its last record: where reading goes on after the batch. */
    private final Map<TopicPartition, Long> afterBatch;
    private final Set<TopicPartition> paused = new HashSet<>();
    private boolean woken;

    public PausedConsumer(Consumer<?, ?> consumer, Map<TopicPartition, Long> afterBatch) {
        this.consumer = consumer;
        this.afterBatch = afterBatch;
    }

    /**
     * Polls without taking records. A rebalance completed in that poll gives partitions back with the position of
     * their committed offset: the batch's partitions go on after the batch (it answers its records), others from
     * what the poll returned, so that nothing is read twice or skipped.
     */
    public void poll() {
        if (woken) {
            return;
        }
        pauseAssigned();
        try {
            int generation = consumer.groupMetadata().generationId();
            ConsumerRecords<?, ?> records = consumer.poll(Duration.ZERO);
            records.partitions().forEach(partition -> consumer.seek(partition,
                    afterBatch.getOrDefault(partition, records.records(partition).get(0).offset())));
            if (consumer.groupMetadata().generationId() != generation) {
                afterBatch.forEach((partition, next) -> {
                    if (consumer.assignment().contains(partition)) {
                        consumer.seek(partition, next);
                    }
                });
            }
            pauseAssigned();
        } catch (WakeupException e) {
            // the route is stopping: hand the wake-up on to camel-kafka's own next poll
            woken = true;
            consumer.wakeup();
        } catch (KafkaException e) {
            LOG.debug("A poll that keeps the consumer in its group failed: {}", e.getMessage());
        }
    }

    /** Resumes what this paused and the consumer still owns. */
    public void resume() {
        paused.retainAll(consumer.assignment());
        consumer.resume(paused);
        paused.clear();
    }

    private void pauseAssigned() {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        paused.addAll(assigned);
    }
}
