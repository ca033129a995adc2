package ru.rabota.bridge.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * Stops the start when a route names a route configuration that no loaded file or class defines: Camel applies
 * nothing for an id it does not have, silently, and the route gets the default error handler (an API call then ends
 * after one attempt, a failed step logs an ERROR with a stack trace). Happens to a host that picks the bundle's route
 * files without {@code routes/route-configurations.camel.yaml}, or that names the bundle's configuration classes in its
 * properties but not {@link ApiRetryPolicy}.
 */
final class RouteConfigurationsCheck {

    private RouteConfigurationsCheck() {
    }

    /** @throws IllegalStateException naming each configuration not loaded, the routes that name it and its source */
    static void check(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> defined = model.getRouteConfigurationDefinitions().stream()
                .map(RouteConfigurationDefinition::getId).collect(Collectors.toSet());
        Map<String, List<String>> missing = model.getRouteDefinitions().stream()
                .filter(route -> route.getRouteConfigurationId() != null)
                .flatMap(route -> Arrays.stream(route.getRouteConfigurationId().split(","))
                        .map(String::trim)
                        // a pattern (route-a*) may match none on purpose
                        .filter(id -> !id.contains("*") && !defined.contains(id))
                        .map(id -> Map.entry(id, route.getRouteId())))
                .collect(Collectors.groupingBy(Map.Entry::getKey, TreeMap::new,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("route configurations not loaded: " + missing.entrySet().stream()
                    .map(id -> "'" + id.getKey() + "', named by route" + (id.getValue().size() > 1 ? "s " : " ")
                            + String.join(", ", id.getValue()) + "; " + source(id.getKey()))
                    .collect(Collectors.joining(". ")));
        }
    }

    /** Where the bundle defines a route configuration. */
    private static String source(String id) {
        return ApiRetryPolicy.ID.equals(id)
                ? "it is the class " + ApiRetryPolicy.class.getName() + " (Application.configure adds it; a host "
                        + "configured by properties names it in camel.main.routes-builder-classes)"
                : "load the file that defines it (routes/route-configurations.camel.yaml) with the routes";
    }
}
