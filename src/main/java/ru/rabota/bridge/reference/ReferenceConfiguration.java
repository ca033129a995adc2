package ru.rabota.bridge.reference;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the reference data cache {@code referenceData} ({@link ReferenceData}, also the profession directory of the
 * job flow), {@code referenceRefreshes} ({@link ReferenceRefreshes}) and {@code referencePublisher}
 * ({@link ReferencePublisher}), the steps of {@code reference-data.camel.yaml}.
 */
public class ReferenceConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.reference.missing-retry-interval")
    Duration retryInterval;

    @BindToRegistry(value = "referenceData", lazy = true)
    public ReferenceData referenceData() {
        return new ReferenceData();
    }

    /**
     * An instance that becomes the poll leader, the one that publishes, reads every type again at the next retry:
     * what it read before, as a follower, it did not publish.
     */
    @BindToRegistry(value = "referenceRefreshes", lazy = true)
    public ReferenceRefreshes referenceRefreshes(@BeanInject("pollerLeadership") PollerLeadership leadership) {
        ReferenceRefreshes refreshes = new ReferenceRefreshes(retryInterval);
        leadership.onLeadershipWon(refreshes::allDue);
        return refreshes;
    }

    @BindToRegistry(value = "referencePublisher", lazy = true)
    public ReferencePublisher referencePublisher(@BeanInject("kafkaOutput") KafkaOutput output,
            @BeanInject("referenceRecords") Supplier<KafkaStateStore> records) {
        return new ReferencePublisher(output, records);
    }
}
