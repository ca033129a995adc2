package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.HashSet;
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
final class PausedConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(PausedConsumer.class);

    private final Consumer<?, ?> consumer;
    private final Set<TopicPartition> paused = new HashSet<>();
    private boolean woken;

    PausedConsumer(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /**
     * Polls without taking records: partitions it was given meanwhile (a rebalance) are paused too, and what they
     * returned before that is read again after {@link #resume}.
     */
    void poll() {
        if (woken) {
            return;
        }
        pauseAssigned();
        try {
            ConsumerRecords<?, ?> records = consumer.poll(Duration.ZERO);
            records.partitions().forEach(partition -> consumer.seek(partition,
                    records.records(partition).get(0).offset()));
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
    void resume() {
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
