package ru.rabota.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.LogCapture;

/** What log4j2.properties leaves out of the log, and what it keeps. */
class LoggingConfigurationTest {

    private static final Logger SENDER = LoggerFactory.getLogger(
            "org.apache.kafka.clients.producer.internals.Sender");

    @Test
    void aFencedApplicationEventsProducerIsNoErrorLineButOtherProducersFatalErrorsAre() {
        try (LogCapture logs = new LogCapture()) {
            // as Kafka's client writes it (its LogContext's prefix), when an instance answering a status command
            // fences the active poller's producer, or the other way round
            SENDER.error("[Producer clientId=rabota-bridge-applications, transactionalId=rabota-bridge-acme."
                    + "applications] Aborting producer batches due to fatal error",
                    new ProducerFencedException("There is a newer producer with the same transactionalId"));
            assertThat(logs.lines("ERROR", "")).isZero();

            SENDER.error("[Producer clientId=rabota-bridge-jobs-from-kafka, transactionalId=rabota-bridge-acme.jobs]"
                    + " Aborting producer batches due to fatal error", new ProducerFencedException("another"));
            assertThat(logs.lines("ERROR", "Aborting producer batches")).isOne();
        }
    }
}
