package ru.rabota.bridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

/** The log of the timed polls' runs. */
class PollRunsTest {

    /**
     * A run the application's stop ends (its call retrying through an outage, its redelivery refused while stopping)
     * is no failure the next poll repeats: the walkthrough of the sandbox saw such a WARN line for every poll at a stop
     * during an outage.
     */
    @Test
    void aRunEndedByTheStopIsNoWarnLineAndAFailedRunIsOne() {
        PollRuns runs = new PollRuns();
        CamelContext stopping = new DefaultCamelContext() {
            @Override
            public boolean isStopping() {
                return true;
            }
        };
        try (LogCapture logs = new LogCapture()) {
            runs.failed("VK Работа applications poll", new IOException("Redelivery not allowed while stopping"),
                    new DefaultExchange(stopping));

            assertThat(logs.lines("WARN", "VK Работа applications poll failed")).isZero();

            runs.failed("VK Работа applications poll", new IOException("VK GET /applications -> 503"),
                    new DefaultExchange(new DefaultCamelContext()));

            assertThat(logs.lines("WARN", "VK Работа applications poll failed, the next poll repeats it")).isOne();
        }
    }
}
