package ru.rabota.bridge.kafka;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The topics the bundle reads back as state ({@link Topic#compacted()}) kept on one broker of a cluster of several: a
 * broker's disk lost is their records lost, and with them which job an {@code external_id} is (the next upsert
 * publishes, and pays for, a second one) and what was spent today. A topic made with
 * {@code bridge.topics.replication-factor=-1} takes the broker's {@code default.replication.factor}, 1 on a stock
 * broker. One WARN line at start names them; nothing stops, as a cluster of one broker has no other choice.
 */
final class StateTopicReplication {

    private StateTopicReplication() {
    }

    /** The line to warn with, when a cluster of {@code brokers} keeps some of these topics on one broker. */
    static Optional<String> warning(int brokers, Map<String, Integer> fewestReplicas) {
        String single = String.join(", ", fewestReplicas.entrySet().stream().filter(topic -> topic.getValue() < 2)
                .map(Map.Entry::getKey).sorted().toList());
        if (brokers < 2 || single.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Kafka topics " + single + " have one replica on a cluster of " + brokers + " brokers: a"
                + " broker's disk lost is their records lost (which job each external_id is, what was spent today);"
                + " give them a replication factor of 3 (bridge.topics.replication-factor for the topics the bridge"
                + " creates, kafka-reassign-partitions for those there already)");
    }

    /** Reads the cluster's size and each topic's fewest replicas of a partition. */
    static Optional<String> check(Admin admin, String prefix) throws ExecutionException, InterruptedException {
        int brokers = admin.describeCluster().nodes().get().size();
        if (brokers < 2) {
            return Optional.empty();
        }
        Map<String, TopicDescription> topics = admin.describeTopics(Arrays.stream(Topic.values())
                .filter(Topic::compacted).map(topic -> topic.topicName(prefix)).toList()).allTopicNames().get();
        Map<String, Integer> fewest = new TreeMap<>();
        topics.forEach((name, description) -> fewest.put(name, description.partitions().stream()
                .mapToInt(partition -> partition.replicas().size()).min().orElse(0)));
        return warning(brokers, fewest);
    }
}
