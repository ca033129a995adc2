package ru.rabota.bridge.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The kafka component's own client settings (brokers, SSL, SASL) for the bundle's plain Kafka clients (topic
 * creation, state stores), so that they reach the same cluster the same way the routes do.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    public static KafkaConfiguration component(CamelContext context) {
        return context.getComponent("kafka", KafkaComponent.class).getConfiguration();
    }

    /** The component's settings that a client with these config names understands, brokers included. */
    public static Map<String, Object> forClient(KafkaConfiguration kafka, Set<String> clientConfigNames) {
        Map<String, Object> config = new HashMap<>();
        kafka.createProducerProperties().forEach((key, value) -> {
            if (clientConfigNames.contains((String) key)) {
                config.put((String) key, value);
            }
        });
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        return config;
    }
}
