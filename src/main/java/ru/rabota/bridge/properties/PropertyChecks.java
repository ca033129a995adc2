package ru.rabota.bridge.properties;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before Camel Main configures anything (no bean, no sandbox, no route yet), every property whose kind the
 * bundle's own defaults tell ({@link PropertyKind#of}): durations, ports, cron expressions, time zones, wherever the
 * value comes from (a properties file, a system property, the environment). Camel would find some of them only when
 * a route or a server starts, seconds later and deep in a stack trace, and take a port such as {@code abc} for a
 * random one. Hand-written: Camel Main has no check of values by kind.
 */
public final class PropertyChecks extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PropertyChecks.class);

    /** The bundle's defaults, with the profile's before them: they name the properties and their kinds. */
    private static final String DEFAULTS = "application.properties";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Map<String, String> defaults = defaults(properties.resolveProperty("camel.main.profile"));
        List<InvalidPropertyException> invalid = check(properties, defaults);
        if (!invalid.isEmpty()) {
            InvalidPropertyException first = invalid.get(0);
            invalid.subList(1, invalid.size()).forEach(first::addSuppressed);
            throw first;
        }
        Map<String, String> system = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(key -> system.put(key, System.getProperty(key)));
        UnknownProperties.report(properties, defaults.keySet(), system, System.getenv()).forEach(LOG::warn);
    }

    /** Each property of {@code defaults} of a known kind whose value, as resolved, is not of that kind. */
    static List<InvalidPropertyException> check(PropertiesComponent properties, Map<String, String> defaults) {
        List<InvalidPropertyException> invalid = new ArrayList<>();
        defaults.forEach((key, defaultValue) -> PropertyKind.of(key, defaultValue).ifPresent(kind -> {
            try {
                kind.check(key, PropertyValues.required(properties, key));
            } catch (InvalidPropertyException e) {
                invalid.add(e);
            }
        }));
        return invalid;
    }

    /** The defaults inside the bundle (the profile's first), sorted by key. */
    static Map<String, String> defaults(Optional<String> profile) {
        Map<String, String> defaults = new TreeMap<>();
        profile.ifPresent(name -> read("application-" + name + ".properties", defaults));
        read(DEFAULTS, defaults);
        return defaults;
    }

    private static void read(String resource, Map<String, String> into) {
        try (InputStream in = PropertyChecks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties file = new Properties();
                file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                file.stringPropertyNames().forEach(key -> into.putIfAbsent(key, file.getProperty(key)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
