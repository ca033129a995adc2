package ru.rabota.bridge.reference;

import java.time.Duration;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * Binds the reference data cache {@code referenceData} ({@link ReferenceData}, also the profession directory of the
 * job flow), {@code referenceRefreshes} ({@link ReferenceRefreshes}) and {@code referenceRecord}
 * ({@link ReferenceRecord}), the steps of {@code reference-data.camel.yaml}.
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

    @BindToRegistry(value = "referenceRecord", lazy = true)
    public ReferenceRecord referenceRecord() {
        return new ReferenceRecord();
    }
}
