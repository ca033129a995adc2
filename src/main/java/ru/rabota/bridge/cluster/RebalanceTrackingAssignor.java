package ru.rabota.bridge.cluster;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Configurable;

/**
 * Kafka's cooperative sticky assignor (the same name and assignments: members of other builds share the group) that
 * notes whether its member is in a rebalance, from each JoinGroup it sends (Kafka's consumer asks its assignors for
 * their subscription data then) until the assignment comes. Kafka's consumer says so nowhere else: its rebalance
 * listener hears of the end only, and its heartbeats stop while its JoinGroup waits as when the group coordinator
 * cannot be reached. The {@link KafkaClusterView} hands over its flag in the consumer's settings, as Kafka Streams
 * hands its own objects to its assignor.
 */
public final class RebalanceTrackingAssignor extends CooperativeStickyAssignor implements Configurable {

    /** The consumer setting with the {@link AtomicBoolean} that is true while the member is in a rebalance. */
    static final String IN_REBALANCE = "rabota.bridge.cluster.in-rebalance";

    private AtomicBoolean inRebalance;

    @Override
    public void configure(Map<String, ?> configs) {
        inRebalance = (AtomicBoolean) configs.get(IN_REBALANCE);
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        inRebalance.set(true);
        return super.subscriptionUserData(topics);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        super.onAssignment(assignment, metadata);
        inRebalance.set(false);
    }
}
