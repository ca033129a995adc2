package ru.rabota.bridge.reference;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the reference data cache {@code referenceData} ({@link ReferenceData}, also the profession directory of the
 * job flow), {@code referenceRefreshes} ({@link ReferenceRefreshes}) and {@code referencePublisher}
 * ({@link ReferencePublisher}), the steps of {@code reference-data.camel.yaml}.
 */
public class ReferenceConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "referenceData", lazy = true)
    public ReferenceData referenceData() {
        return new ReferenceData();
    }

    @PropertyInject("bridge.reference.missing-retry-interval")
    Duration retryInterval;

    @BindToRegistry(value = "referenceRefreshes", lazy = true)
    public ReferenceRefreshes referenceRefreshes() {
        return new ReferenceRefreshes(retryInterval);
    }

    @BindToRegistry(value = "referencePublisher", lazy = true)
    public ReferencePublisher referencePublisher(@BeanInject("kafkaOutput") KafkaOutput output,
            @BeanInject("referenceRecords") Supplier<KafkaStateStore> records) {
        return new ReferencePublisher(output, records);
    }
}
