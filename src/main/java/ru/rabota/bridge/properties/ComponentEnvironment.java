package ru.rabota.bridge.properties;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.camel.main.MainHelper;

/**
 * The environment's {@code CAMEL_COMPONENT_*} variables as {@code camel.component.*} properties, e.g.
 * {@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG} as {@code camel.component.kafka.sasl-jaas-config}: how a secret
 * reaches a component without a file. Camel Main 4.18.0 means to do it, but its filter compares the variables'
 * names with {@code camel.component.} and finds none ({@code MainHelper.filterEnvVariables}: "Gathered 0 ENV
 * variables"); this selects them by their real prefix and maps them with Camel's own {@link MainHelper}.
 */
public final class ComponentEnvironment {

    private static final String PREFIX = "CAMEL_COMPONENT_";

    private ComponentEnvironment() {
    }

    /** The component options these variables set, by Camel's names for them. */
    public static Properties properties(Map<String, String> environment) {
        Map<String, String> variables = environment.entrySet().stream()
                .filter(variable -> variable.getKey().toUpperCase(Locale.US).startsWith(PREFIX))
                .collect(Collectors.toMap(variable -> variable.getKey().toUpperCase(Locale.US), Map.Entry::getValue,
                        (first, second) -> first));
        Properties properties = new Properties();
        new MainHelper().addComponentEnvVariables(variables, properties, false);
        return properties;
    }
}
