package ru.rabota.bridge.command;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * A poll's answers refused because the consumer group moved on while they were written (an instance joined or left:
 * a rollout, a scale-out): Kafka refuses offsets of the group's former generation ("consumer group metadata
 * mismatch"). No outage: the transaction is aborted and the partitions' owners read the records again. Told apart so
 * that each rebalance of a rollout is one INFO line, not a WARN pair that reads as Kafka being away.
 */
final class GroupMovedOn {

    private GroupMovedOn() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitFailedException || cause instanceof RebalanceInProgressException) {
                return true;
            }
        }
        return false;
    }
}
