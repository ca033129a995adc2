package ru.rabota.bridge.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import ru.rabota.bridge.testing.TestKafka;

/**
 * The jar's job events, read from the beginning of their topic as a consumer should ({@code read_committed}): when
 * each came (its record's timestamp, set by the jar's producer) and what it said.
 */
final class JobEvents implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The events of one run: their timestamps in order, and how many of each {@code event}. */
    record Arrivals(long[] timestamps, Map<String, Integer> outcomes) {

        /** Epoch millis of the n-th event (from 1). */
        long at(int n) {
            return timestamps[n - 1];
        }

        /** Events per second from the {@code from}-th event to the {@code to}-th. */
        double perSecond(int from, int to) {
            return (to - from) * 1000.0 / Math.max(1, at(to) - at(from));
        }
    }

    private final KafkaConsumer<String, String> consumer;

    /** The topic must exist: the jar creates it at start. */
    JobEvents(String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads on until {@code count} events of keys starting with {@code keyPrefix} came. */
    Arrivals await(String keyPrefix, int count, Duration timeout) {
        return await(keyPrefix, count, timeout, 0, () -> { });
    }

    /** The same, running {@code atMark} once the {@code mark}-th of these events was read. */
    Arrivals await(String keyPrefix, int count, Duration timeout, int mark, Runnable atMark) {
        long[] timestamps = new long[count];
        Map<String, Integer> outcomes = new TreeMap<>();
        int seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(seen + " of " + count + " job events came within " + timeout);
            }
            for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofMillis(200))) {
                if (seen < count && event.key() != null && event.key().startsWith(keyPrefix)) {
                    timestamps[seen++] = event.timestamp();
                    outcomes.merge(outcome(event.value()), 1, Integer::sum);
                    if (seen == mark) {
                        atMark.run();
                    }
                }
            }
        }
        Arrays.sort(timestamps);
        return new Arrivals(timestamps, outcomes);
    }

    private static String outcome(String event) {
        try {
            return MAPPER.readTree(event).path("event").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
