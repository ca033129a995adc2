package ru.rabota.bridge.properties;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;

/** Checks families of properties named by a suffix ({@code bridge.vas.daily-limit.<action>}). */
public final class PropertyNames {

    private PropertyNames() {
    }

    /**
     * Logs one WARN per property under {@code prefix} whose suffix is none of {@code known}, wherever it is set (a
     * properties file, a system property, the environment): a misspelt limit must not pass unnoticed.
     */
    public static void reportUnknown(PropertiesComponent properties, String prefix, Collection<String> known,
            Logger log, String effect) {
        reportUnknown(properties, prefix, known, log, effect, PropertyValues.systemProperties(), System.getenv());
    }

    static void reportUnknown(PropertiesComponent properties, String prefix, Collection<String> known, Logger log,
            String effect, Map<String, String> system, Map<String, String> environment) {
        Set<String> keys = new TreeSet<>(properties.loadProperties(key -> key.startsWith(prefix))
                .stringPropertyNames());
        system.keySet().stream().filter(key -> key.startsWith(prefix)).forEach(keys::add);
        keys.stream().filter(key -> !known.contains(key.substring(prefix.length())))
                .forEach(key -> log.warn("{} {}; known: {}", key, effect, known));
        String envPrefix = env(prefix);
        Set<String> envKnown = known.stream().map(name -> envPrefix + env(name)).collect(Collectors.toSet());
        environment.keySet().stream().filter(key -> key.startsWith(envPrefix) && !envKnown.contains(key)).sorted()
                .forEach(key -> log.warn("{} (the environment) {}; known: {}", key, effect, known));
    }

    /** A setting spelt as an environment variable: upper case, dots and dashes as underscores. */
    static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
