package ru.rabota.bridge.state;

import org.apache.kafka.common.utils.Utils;

import ru.rabota.bridge.kafka.MisconfiguredTopicException;
import ru.rabota.bridge.log.LogText;

/**
 * Where a {@link KafkaStateStore}'s records lie: its producers write with Kafka's default partitioner, which puts a
 * key in partition hash modulo the topic's partition count. Once partitions are added to the topic, a key's next
 * records go to another partition than its older ones, whose last record then comes back whenever it is applied after
 * the newer one (a job's id forgotten: a second vacancy published). A record found at load outside its key's
 * partition says so: the load refuses the topic.
 */
final class KeyPartitions {

    private KeyPartitions() {
    }

    /** The partition Kafka's default partitioner gives this serialized key (its BuiltInPartitioner.partitionForKey). */
    static int of(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The topic refused: a sentence naming it, its partition count and what to do. */
    static MisconfiguredTopicException added(String topic, int partitions, String key, int found, int expected) {
        return new MisconfiguredTopicException("Kafka topic " + topic + " has " + partitions + " partitions, more"
                + " than when key " + LogText.cut(key) + " was written to partition " + found + " (it goes to"
                + " partition " + expected + " now): the bridge would read an older value of such a key, and a vacancy"
                + " would be published twice; Kafka cannot take partitions back: stop every instance, copy the topic"
                + " aside, create it again (cleanup.policy=compact) and write back each key's newest record"
                + " (README, \"A state topic with partitions added\")");
    }
}
