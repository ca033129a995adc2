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

    /**
     * In cluster mode: a poll that was failing when the lead went (Kafka away, which is how a leader loses it) gets
     * its INFO line then, since it no longer runs here to succeed again. Before, a leader's WARN lines of a Kafka
     * outage stayed without their INFO line whenever another instance led after it.
     */
    @Test
    void aPollFailingWhenTheLeadIsLostEndsInOneInfoLine() {
        PollRuns runs = new PollRuns();
        try (LogCapture logs = new LogCapture()) {
            runs.failed("Company poll", new IllegalStateException("could not read rabota.company to its end"),
                    new DefaultExchange(new DefaultCamelContext()));
            runs.leadLost();
            runs.leadLost();

            assertThat(logs.lines("WARN", "Company poll failed")).isOne();
            assertThat(logs.lines("INFO", "Company poll no longer runs here, this instance no longer leads (after 1"
                    + " failed run since ")).as(logs.text()).isOne();
            assertThat(logs.lines("INFO", "")).isOne();
        }
    }
}
