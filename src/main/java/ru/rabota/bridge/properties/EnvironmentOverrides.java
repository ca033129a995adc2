package ru.rabota.bridge.properties;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainHelper;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.component.properties.PropertiesComponent;

/**
 * Environment variables over the property files for Camel's own settings, as CONTRACT.md section 1 promises ("as
 * Camel Main does for its own properties"), before Camel Main configures anything: {@code CAMEL_COMPONENT_*} (e.g.
 * {@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG}, {@code CAMEL_COMPONENT_KAFKA_BROKERS}) as that component's option,
 * and the variable of each other {@code camel.*} key of the bundle's defaults ({@code CAMEL_MANAGEMENT_PORT}). Camel
 * Main 4.18.0 means to read the first but its filter compares the variables' names with {@code camel.component.}
 * and gathers none ({@code MainHelper.filterEnvVariables}); of the others it reads some groups ({@code CAMEL_SERVER_*},
 * {@code CAMEL_SSL_*}, {@code CAMEL_HEALTH_*}), not {@code CAMEL_MANAGEMENT_*}. This selects them by their real names
 * and maps the components' with Camel's own {@link MainHelper}, and the variable of each {@code bridge.*} key of
 * the defaults ({@code BRIDGE_VK_PASSWORD}). A system property still wins; {@code camel.main.*} is left to Camel
 * (which reads it). A variable's value is read without the line breaks at its end (a Secret made from a file).
 */
public final class EnvironmentOverrides extends MainListenerSupport {

    private static final String COMPONENT_VARIABLES = "CAMEL_COMPONENT_";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = (PropertiesComponent) main.getCamelContext().getPropertiesComponent();
        Properties overrides = overrides(System.getenv(),
                PropertyChecks.defaults(properties.resolveProperty("camel.main.profile")).keySet(),
                System.getProperties());
        // Camel reads a variable before anything else, as it is: the bundle's come as these overrides, without a
        // trailing line break; a variable of no known key is still read when nothing else sets it
        properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
        overrides.forEach((key, value) -> properties.addOverrideProperty((String) key, (String) value));
    }

    /**
     * The Camel settings these variables set and no system property does.
     *
     * @param knownKeys the keys of the bundle's defaults, whose variables are looked for
     */
    public static Properties overrides(Map<String, String> environment, Collection<String> knownKeys,
            Properties systemProperties) {
        Map<String, String> components = environment.entrySet().stream()
                .filter(variable -> variable.getKey().toUpperCase(Locale.US).startsWith(COMPONENT_VARIABLES))
                .collect(Collectors.toMap(variable -> variable.getKey().toUpperCase(Locale.US), Map.Entry::getValue,
                        (first, second) -> first));
        Properties overrides = new Properties();
        new MainHelper().addComponentEnvVariables(components, overrides, false);
        knownKeys.stream()
                .filter(key -> key.startsWith("camel.") && !key.startsWith("camel.main.")
                        && !key.startsWith("camel.component."))
                .forEach(key -> {
                    String value = environment.get(MainHelper.toEnvVar(key));
                    if (value != null) {
                        overrides.setProperty(key, value);
                    }
                });
        knownKeys.stream().filter(key -> key.startsWith("bridge.")).forEach(key -> {
            String value = environment.get(MainHelper.toEnvVar(key));
            if (value != null) {
                overrides.setProperty(key, value);
            }
        });
        overrides.keySet().removeIf(key -> systemProperties.containsKey(key));
        overrides.replaceAll((key, value) -> withoutLineBreak((String) value));
        return overrides;
    }

    /**
     * The value without the line breaks at its end: a Kubernetes Secret made from a file ({@code kubectl create secret
     * --from-file}, {@code --from-env-file} keeps them too) that an editor or {@code echo} ended with one gives its
     * variable that line break, and a password sent with it is refused, a token with it makes no header. Camel trims
     * a property file's values, not a variable's.
     */
    private static String withoutLineBreak(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        return value.substring(0, end);
    }
}
