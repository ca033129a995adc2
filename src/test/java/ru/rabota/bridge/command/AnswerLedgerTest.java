package ru.rabota.bridge.command;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a consumer keeps of its answers not committed yet. */
class AnswerLedgerTest {

    private final AnswerLedger ledger = new AnswerLedger();

    @Test
    void answersOfAPartitionThatComesBackPastThemAreForgottenOthersKept() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            Message answered = record(context, 0, 7);
            Message later = record(context, 0, 12);
            Message otherPartition = record(context, 1, 3);
            ledger.answered(answered, List.of(), null);
            ledger.answered(later, List.of(), null);
            ledger.answered(otherPartition, List.of(), null);

            // partition 0 was away, its new owner committed up to 10, and it comes back from there
            ledger.polled(List.of(record(context, 0, 10), record(context, 0, 11)));

            assertThat(ledger.isAnswered(answered)).as("committed past by another consumer").isFalse();
            assertThat(ledger.isAnswered(later)).isTrue();
            assertThat(ledger.isAnswered(otherPartition)).isTrue();
        }
    }

    @Test
    void aPollReadAgainFromItsFirstUnansweredRecordKeepsTheAnswersAfterIt() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            Message answered = record(context, 0, 5);
            ledger.answered(answered, List.of(), null);

            ledger.polled(List.of(record(context, 0, 4), record(context, 0, 5)));

            assertThat(ledger.isAnswered(answered)).isTrue();
        }
    }

    private static Message record(CamelContext context, int partition, long offset) {
        Message message = new DefaultExchange(context).getMessage();
        message.setHeader(KafkaConstants.TOPIC, "rabota.jobs.commands");
        message.setHeader(KafkaConstants.PARTITION, partition);
        message.setHeader(KafkaConstants.OFFSET, offset);
        return message;
    }
}
