package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.vas.PaidCommands;

/**
 * The lead can read lost for a moment and back the next without a leadership event between (the Kafka election:
 * the group's coordinator answers just past the lease). A paid command refused in that moment, or whose call was not
 * sent, is left to be read again: the consumer's poll looks right after the failure whether the command was handed
 * over ({@link ApiHeaders#handedOver}, as {@code KafkaCommands} does), and makes a dead letter of one that was not.
 * Before, that look asked for the lead again, found it back, and the command refused for want of it became a dead
 * letter ("this instance is not the active poller").
 */
class PaidCommandLeadFlickerTest {

    private final AtomicBoolean leads = new AtomicBoolean(true);
    private final PaidCommands paid;

    PaidCommandLeadFlickerTest() throws Exception {
        // the steps looked at here read neither the spending guard nor VK's health
        paid = new PaidCommands(null, null, PollerLeadership.elected(new Election(), "rabota-bridge-pollers"));
    }

    @Test
    void aCommandRefusedWhileTheLeadReadLostStaysHandedOverWhenTheLeadReadsTrueAgain() {
        Exchange command = command();
        leads.set(false);
        assertThatThrownBy(() -> paid.onActivePoller(command)).isInstanceOf(NotLeaderException.class);

        leads.set(true);

        assertThat(ApiHeaders.handedOver(command)).isTrue();
    }

    @Test
    void aCallNotSentAsTheLeadReadLostStaysHandedOverWhenTheLeadReadsTrueAgain() {
        Exchange command = command();
        paid.onActivePoller(command);
        leads.set(false);
        assertThat(ApiHeaders.handedOver(command)).as("the last look before the request").isTrue();

        leads.set(true);

        assertThat(ApiHeaders.handedOver(command)).as("the poll's look once the call was not sent").isTrue();
    }

    @Test
    void aCommandWhoseLeadHeldIsNotHandedOver() {
        Exchange command = command();
        paid.onActivePoller(command);

        assertThat(ApiHeaders.handedOver(command)).isFalse();
    }

    /** A command as the consumer hands it to its route: its partition still the consumer's. */
    private static Exchange command() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ApiHeaders.HANDED_OVER, (BooleanSupplier) () -> false);
        return exchange;
    }

    /** An election whose one member leads while {@link #leads} says so. */
    private final class Election extends AbstractCamelClusterService<AbstractCamelClusterView> {

        @Override
        protected AbstractCamelClusterView createView(String namespace) {
            return new AbstractCamelClusterView(this, namespace) {

                private final CamelClusterMember local = new CamelClusterMember() {
                    @Override
                    public String getId() {
                        return "local";
                    }

                    @Override
                    public boolean isLeader() {
                        return leads.get();
                    }

                    @Override
                    public boolean isLocal() {
                        return true;
                    }
                };

                @Override
                public Optional<CamelClusterMember> getLeader() {
                    return local.isLeader() ? Optional.of(local) : Optional.empty();
                }

                @Override
                public CamelClusterMember getLocalMember() {
                    return local;
                }

                @Override
                public List<CamelClusterMember> getMembers() {
                    return List.of(local);
                }

                @Override
                protected void doStart() {
                }

                @Override
                protected void doStop() {
                }
            };
        }
    }
}
