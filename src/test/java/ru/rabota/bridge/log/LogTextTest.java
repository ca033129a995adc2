package ru.rabota.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelExchangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Why something failed, as a log line says it. */
class LogTextTest {

    @Test
    void aReasonNamesTheFailureItselfAndWhatAKafkaClientThatCouldNotBeMadeMet() {
        // a poll's failure was logged by its message alone: "null"
        assertThat(LogText.reason(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(LogText.reason(new CamelExchangeException("Sequential processing failed", null,
                new IllegalStateException("the failure")))).isEqualTo("the failure");
        assertThat(LogText.reason(new KafkaException("Failed to construct kafka consumer",
                new ConfigException("No resolvable bootstrap urls given in bootstrap.servers"))))
                .isEqualTo("Failed to construct kafka consumer: No resolvable bootstrap urls given in bootstrap.servers");
    }

    @Test
    void aLineBreakInAValueIsWrittenAsItsEscapeSoThatNoValueForgesALine() {
        assertThat(LogText.cut("ACME-2\n09:28:30.000 INFO  [ActivitySummary] all fine\r"))
                .isEqualTo("ACME-2\\n09:28:30.000 INFO  [ActivitySummary] all fine\\r");
    }
}
