package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Asks for the ends of a {@link KafkaStateStore}'s topic ({@link KafkaStateStore#readToEnd}), on a connection of its
 * own ({@link Admin}): the reader's consumer would send that request behind its fetch under way, which the broker
 * holds up to {@code fetch.max.wait.ms} (500 ms) when nothing is new, the usual case.
 */
final class TopicEnds {

    private final Admin offsets;
    private final String topic;
    private final Duration timeout;

    TopicEnds(Map<String, Object> client, String topic, Duration timeout) {
        this.offsets = Admin.create(StateClientConfigs.admin(client, topic, timeout));
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The last committed offsets of these partitions, now (what {@code read_committed} readers reach). */
    Map<TopicPartition, Long> latest(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> answered = StateWaits.await(offsets.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "read " + topic + " to its end", timeout);
        Map<TopicPartition, Long> ends = new HashMap<>();
        answered.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    void close() {
        offsets.close(Duration.ZERO);
    }
}
