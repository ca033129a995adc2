package ru.rabota.bridge.properties;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The groups of settings Camel reads ({@code camel.<group>.*}), to tell of a misspelt one ({@code camel.managment.port}
 * set the management port to nothing, without a word): Camel Main's own, as its metadata lists them, and those
 * named by what they configure ({@code camel.component.<name>}, ...). A group is told of only when it is a few typing
 * mistakes from a known one: an unknown group far from all may be read by something else (a Camel module, a host).
 */
final class CamelGroups {

    /**
     * Groups of settings keyed by what they configure, which no metadata lists, and the groups the bundle's own
     * defaults set: a start whose keys are all of these reads no metadata (170 KB of JSON).
     */
    private static final String[] BY_NAME = {"component", "dataformat", "language", "beans", "bean", "routeTemplate",
        "variable", "kamelet", "cluster", "kubernetes-config", "jbang", "main", "server", "management", "health",
        "metrics", "threadpool", "route-controller"};
    private static final String METADATA = "META-INF/camel-main-configuration-metadata.json";

    /** By their normalised name ({@link #normal}): the name as Camel writes it. */
    private final Map<String, String> known = new TreeMap<>();
    private boolean metadataRead;

    CamelGroups() {
        for (String group : BY_NAME) {
            known.put(normal(group), group);
        }
    }

    /**
     * For a {@code camel.<group>.<rest>} key whose group Camel does not have but is close to one it has: the key with
     * that group. Empty otherwise.
     */
    Optional<String> misspelt(String key) {
        String[] parts = key.split("\\.", 3);
        if (parts.length < 3 || known.containsKey(normal(parts[1])) || readMetadata().containsKey(normal(parts[1]))) {
            return Optional.empty();
        }
        return UnknownProperties.closest(normal(parts[1]), known.keySet())
                .map(group -> "camel." + known.get(group) + "." + parts[2]);
    }

    /** Camel Main's groups as its jar lists them, read once, when a group is none of {@link #BY_NAME}. */
    private Map<String, String> readMetadata() {
        if (metadataRead) {
            return known;
        }
        metadataRead = true;
        try (InputStream metadata = CamelGroups.class.getClassLoader().getResourceAsStream(METADATA)) {
            if (metadata != null) {
                for (JsonNode property : new ObjectMapper().readTree(metadata).path("properties")) {
                    String[] name = property.path("name").asText().split("\\.");
                    if (name.length > 2) {
                        known.putIfAbsent(normal(name[1]), name[1]);
                    }
                }
            }
        } catch (IOException e) {
            // no metadata: the groups above are all that is known
        }
        return known;
    }

    /** Camel binds settings ignoring case and dashes: route-controller is routeController. */
    private static String normal(String group) {
        return group.replace("-", "").toLowerCase(Locale.ROOT);
    }
}
