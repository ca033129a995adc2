package ru.rabota.bridge.properties;

import java.util.Collection;

import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;

/** Checks families of properties named by a suffix ({@code bridge.vas.daily-limit.<action>}). */
public final class PropertyNames {

    private PropertyNames() {
    }

    /**
     * Logs one WARN per property under {@code prefix} whose suffix is none of {@code known}: a misspelt limit must
     * not pass unnoticed. Reads the property files only; suffixes set by system properties are resolved by name.
     */
    public static void reportUnknown(PropertiesComponent properties, String prefix, Collection<String> known,
            Logger log, String effect) {
        properties.loadProperties(key -> key.startsWith(prefix)).stringPropertyNames().stream()
                .filter(key -> !known.contains(key.substring(prefix.length())))
                .forEach(key -> log.warn("{} {}; known: {}", key, effect, known));
    }
}
