package ru.rabota.bridge.metrics;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Binds {@code bridgeMeters} ({@link BridgeMeters}). The JVM and process meters are camel-micrometer-prometheus's
 * binders ({@code camel.metrics.binders}), the Kafka clients' are bound where the clients are made
 * ({@code kafka.KafkaClients}).
 */
public class MetricsConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "bridgeMeters", lazy = true)
    public BridgeMeters bridgeMeters(CamelContext context) {
        return BridgeMeters.of(context);
    }
}
