package ru.rabota.bridge.command;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebalance that refuses a poll's answers is told from Kafka being away. */
class GroupMovedOnTest {

    @Test
    void offsetsOfTheGroupsFormerGenerationRefusedAreTheGroupMovingOnEvenWrapped() {
        CommitFailedException mismatch = new CommitFailedException("Transaction offset Commit failed due to consumer"
                + " group metadata mismatch: Specified group generation id is not valid.");

        assertThat(GroupMovedOn.causes(mismatch)).isTrue();
        assertThat(GroupMovedOn.causes(new KafkaException("commit", mismatch))).isTrue();
    }

    @Test
    void brokersOutOfReachAreNot() {
        assertThat(GroupMovedOn.causes(new TimeoutException("Timeout expired after 60000ms while awaiting"
                + " EndTxn(true)"))).isFalse();
        assertThat(GroupMovedOn.causes(new KafkaException("The producer has been closed"))).isFalse();
    }
}
