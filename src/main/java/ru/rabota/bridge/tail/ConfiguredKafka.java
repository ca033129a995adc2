package ru.rabota.bridge.tail;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaComponentConfigurer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.StringHelper;

import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.properties.PropertyValues;

/**
 * The Kafka client settings the bridge itself would use ({@code camel.component.kafka.*}: brokers, TLS, SASL), read
 * as Camel Main reads them (the property files, then {@code CAMEL_COMPONENT_KAFKA_*} environment variables, then
 * system properties; placeholders resolved) without starting Camel: for a command that reads Kafka on its own. Set
 * on camel-kafka's own component configuration, so its option names and its Kafka equivalents are camel-kafka's. A
 * bean reference ({@code #bean:...}, {@code #name}) names one of the bridge's beans, which no command has: skipped.
 */
final class ConfiguredKafka {

    private static final String PREFIX = "camel.component.kafka.";
    private static final String ENV_PREFIX = "CAMEL_COMPONENT_KAFKA_";

    private ConfiguredKafka() {
    }

    /** A client's settings (only the names a client with {@code clientConfigNames} knows), brokers included. */
    static Map<String, Object> clientConfig(String propertyLocations, Set<String> clientConfigNames) {
        // only its properties component is used; never started, it has nothing to stop
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(propertyLocations);
        // the brokers first: a missing setting is named, as the bridge's start would
        PropertyValues.required(context.getPropertiesComponent(), PREFIX + "brokers");
        KafkaComponent kafka = new KafkaComponent(context);
        KafkaComponentConfigurer configurer = new KafkaComponentConfigurer();
        options(context).forEach((option, value) -> {
            if (!configurer.configure(context, kafka, option, context.resolvePropertyPlaceholders(value), true)) {
                throw new IllegalArgumentException("unknown option " + PREFIX + option);
            }
        });
        return KafkaClientSettings.forClient(kafka.getConfiguration(), clientConfigNames);
    }

    /** The {@code camel.component.kafka.*} options by camel-kafka's name, the later source winning. */
    private static Map<String, String> options(CamelContext context) {
        Map<String, String> options = new HashMap<>();
        context.getPropertiesComponent().loadPropertiesAsMap().forEach((key, value) -> add(options, key, value));
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                add(options, PREFIX + name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'),
                        value);
            }
        });
        System.getProperties().forEach((key, value) -> add(options, key, value));
        return options;
    }

    private static void add(Map<String, String> options, Object key, Object value) {
        String name = key.toString();
        if (name.startsWith(PREFIX) && !value.toString().startsWith("#")) {
            options.put(StringHelper.dashToCamelCase(name.substring(PREFIX.length())), value.toString());
        }
    }
}
