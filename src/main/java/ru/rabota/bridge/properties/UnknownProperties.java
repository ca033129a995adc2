package ru.rabota.bridge.properties;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The {@code bridge.*} settings the bundle does not know, wherever they are set (a properties file, a system
 * property, the environment): a misspelt name ({@code bridge.jobs.concurency}) leaves the default in force without
 * a word otherwise. And the {@code camel.*} settings of a group Camel does not have, close to one it has
 * ({@link CamelGroups}: {@code camel.managment.port}). Each is named with the known setting it is closest to, if one is close. Hand-written: Camel
 * checks the names of its own options, not an application's.
 */
public final class UnknownProperties {

    private static final String PREFIX = "bridge.";
    private static final String ENV_PREFIX = "BRIDGE_";
    /** Read by name, without a line in the defaults: the customer's file, the console's stream. */
    private static final Set<String> UNLISTED = Set.of("bridge.config", "bridge.log.target");
    /**
     * What Kubernetes puts in a pod's environment for a Service named {@code bridge} ({@code BRIDGE_SERVICE_HOST},
     * {@code BRIDGE_PORT_8080_TCP}, ...): no setting of anyone's, and no mistake.
     */
    private static final Pattern SERVICE_LINKS = Pattern.compile("BRIDGE_(SERVICE_[A-Z0-9_]+|PORT(_[A-Z0-9_]+)?)");
    /** Families whose members their users check by suffix: a paid action's limit, a company limit's alert. */
    private static final List<String> FAMILIES = List.of("bridge.vas.daily-limit.", "bridge.company.alert.");

    private UnknownProperties() {
    }

    /**
     * One line per unknown setting.
     *
     * @param known       the settings of the bundle's defaults (the profile's too)
     * @param system      the JVM's system properties
     * @param environment the process's environment
     */
    public static List<String> report(PropertiesComponent files, Collection<String> known, Map<String, String> system,
            Map<String, String> environment) {
        Set<String> names = new TreeSet<>(known);
        names.addAll(UNLISTED);
        List<String> lines = new ArrayList<>();
        files.loadProperties(key -> key.startsWith(PREFIX)).stringPropertyNames().stream().sorted()
                .filter(key -> unknown(key, names)).forEach(key -> lines.add(line(key, "a properties file", names)));
        system.keySet().stream().filter(key -> key.startsWith(PREFIX)).sorted().filter(key -> unknown(key, names))
                .forEach(key -> lines.add(line(key, "a system property", names)));
        Set<String> envNames = new TreeSet<>();
        names.forEach(name -> envNames.add(PropertyNames.env(name)));
        environment.keySet().stream().filter(key -> key.startsWith(ENV_PREFIX)).sorted()
                .filter(key -> !envNames.contains(key)
                        && FAMILIES.stream().noneMatch(f -> key.startsWith(PropertyNames.env(f)))
                        && !SERVICE_LINKS.matcher(key).matches())
                .forEach(key -> lines.add(line(key, "the environment", envNames)));
        CamelGroups groups = new CamelGroups();
        files.loadProperties(key -> key.startsWith("camel.")).stringPropertyNames().stream().sorted()
                .forEach(key -> groups.misspelt(key).ifPresent(meant -> lines.add(camelLine(key, "a properties file",
                        meant))));
        system.keySet().stream().filter(key -> key.startsWith("camel.")).sorted()
                .forEach(key -> groups.misspelt(key).ifPresent(meant -> lines.add(camelLine(key, "a system property",
                        meant))));
        return lines;
    }

    private static String camelLine(String key, String where, String meant) {
        return key + " (" + where + ") is no setting of Camel's and changes nothing; did you mean " + meant + "?";
    }

    private static boolean unknown(String key, Set<String> names) {
        return !names.contains(key) && FAMILIES.stream().noneMatch(key::startsWith);
    }

    private static String line(String key, String where, Set<String> names) {
        return key + " (" + where + ") is no setting of the bundle and changes nothing"
                + closest(key, names).map(name -> "; did you mean " + name + "?").orElse("");
    }

    /** The known name a few typing mistakes away, if any (a setting's, a command field's). */
    public static Optional<String> closest(String key, Collection<String> names) {
        return names.stream().filter(name -> distance(key, name) <= Math.max(2, key.length() / 10))
                .min(Comparator.comparingInt(name -> distance(key, name)));
    }

    /** Levenshtein's edit distance (insertions, deletions, substitutions): no library of the bundle has one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
