package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The types a refresh leaves due. An instance reads every type again when it wins the lead (it alone publishes), so a
 * type read while it did not lead, and published by nobody, must stay due when the lead came during its read: the
 * route asks for the lead after the read and before it marks the type read. Before, the type was marked read, and
 * rabota.reference kept what the former leader had published until the next scheduled refresh (6 h by default).
 */
class ReferenceRefreshesTest {

    @Test
    void aTypeReadWhileTheLeadWasWonStaysDueAndTheRefreshAfterItReadsItAgain() {
        ReferenceRefreshes refreshes = new ReferenceRefreshes(Duration.ofSeconds(1));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        assertThat(refreshes.begin(exchange)).isTrue();
        ReferenceRun run = exchange.getProperty(ReferenceRefreshes.RUN, ReferenceRun.class);

        refreshes.read(ReferenceType.CATEGORY, List.of(), run);
        // the lead is won between the look at the lead (not the leader: nothing published) and the mark
        refreshes.allDue();
        refreshes.read(ReferenceType.REGION, List.of(), run);
        refreshes.end();

        assertThat(refreshes.anyDue()).isTrue();
        Exchange next = new DefaultExchange(new DefaultCamelContext());
        assertThat(refreshes.begin(next)).isTrue();
        assertThat(next.getProperty(ReferenceRefreshes.RUN, ReferenceRun.class).types())
                .contains(ReferenceType.CATEGORY, ReferenceType.REGION);
    }
}
