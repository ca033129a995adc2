package ru.rabota.bridge.tail;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaComponentConfigurer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.StringHelper;

import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.properties.EnvironmentOverrides;
import ru.rabota.bridge.properties.PropertyValues;

/**
 * The Kafka client settings the bridge itself would use ({@code camel.component.kafka.*}: brokers, TLS, SASL), each
 * key resolved as the bridge resolves it (the first property file that sets it, {@code CAMEL_COMPONENT_KAFKA_*}
 * environment variables and system properties over them, placeholders resolved) without starting Camel: for a
 * command that reads Kafka on its own. Set on camel-kafka's own component configuration, so its option names and
 * their Kafka equivalents are camel-kafka's. A bean reference ({@code #bean:...}, {@code #name}) names one of the
 * bridge's beans, which no command has: skipped.
 */
final class ConfiguredKafka {

    private static final String PREFIX = "camel.component.kafka.";

    private ConfiguredKafka() {
    }

    /**
     * A client's settings (only the names a client with {@code clientConfigNames} knows), brokers included.
     *
     * @throws IllegalArgumentException naming a {@code camel.component.kafka.*} key camel-kafka does not know, or
     *         the component told to take Camel's global {@code camel.ssl.*}, which only Camel Main reads
     */
    static Map<String, Object> clientConfig(String propertyLocations, Set<String> clientConfigNames) {
        // only its properties component is used; never started, it has nothing to stop
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(propertyLocations);
        // the brokers first: a missing setting is named, as the bridge's start would
        PropertyValues.required(context.getPropertiesComponent(), PREFIX + "brokers");
        KafkaComponent kafka = new KafkaComponent(context);
        KafkaComponentConfigurer configurer = new KafkaComponentConfigurer();
        for (String key : keys(context)) {
            context.getPropertiesComponent().resolveProperty(key).map(context::resolvePropertyPlaceholders)
                    .filter(value -> !value.startsWith("#")).ifPresent(value -> {
                        String option = StringHelper.dashToCamelCase(key.substring(PREFIX.length()));
                        if (!configurer.configure(context, kafka, option, value, true)) {
                            throw new IllegalArgumentException("unknown option " + key);
                        }
                    });
        }
        if (kafka.isUseGlobalSslContextParameters()) {
            // connecting without them would end in a TLS handshake failure after the metadata timeout
            throw new IllegalArgumentException(PREFIX + "use-global-ssl-context-parameters=true takes the TLS"
                    + " settings from camel.ssl.*, which tail does not read: give it -D" + PREFIX
                    + "use-global-ssl-context-parameters=false and the trust store (and key store) as -D" + PREFIX
                    + "ssl-truststore-location=..., ssl-truststore-password, ssl-truststore-type (ssl-keystore-*)");
        }
        return KafkaClientSettings.forClient(kafka.getConfiguration(), clientConfigNames);
    }

    /** The {@code camel.component.kafka.*} keys some source sets: a file, a system property, the environment. */
    private static Set<String> keys(CamelContext context) {
        Set<String> keys = new TreeSet<>(context.getPropertiesComponent().loadPropertiesAsMap().keySet());
        keys.addAll(System.getProperties().stringPropertyNames());
        // CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG names camel.component.kafka.sasl-jaas-config, as for the bridge; its
        // value resolveProperty then finds in the environment
        keys.addAll(EnvironmentOverrides.overrides(System.getenv(), List.of(), new Properties()).stringPropertyNames());
        keys.removeIf(key -> !key.startsWith(PREFIX));
        return keys;
    }
}
