package ru.rabota.bridge.properties;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads a property from code that no {@code @PropertyInject} reaches. Every default is in
 * {@code config/application.properties}, never in code: a property missing there and everywhere else is an error.
 */
public final class PropertyValues {

    private PropertyValues() {
    }

    /**
     * The property's value, trimmed (empty when set empty).
     *
     * @throws IllegalArgumentException naming the key when it is not set at all
     */
    public static String required(PropertiesComponent properties, String key) {
        return properties.parseUri("{{" + key + "}}").trim();
    }

    /** The JVM's system properties as they are now, by name. */
    static Map<String, String> systemProperties() {
        Map<String, String> system = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(key -> system.put(key, System.getProperty(key)));
        return system;
    }
}
