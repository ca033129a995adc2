package ru.rabota.bridge.api;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * Stops the start when a route names a route configuration that no loaded file or class defines: Camel applies
 * nothing for an id it does not have, silently, and the route gets the default error handler (an API call then ends
 * after one attempt, a failed step logs an ERROR with a stack trace). Happens to a host that picks the bundle's route
 * files without {@code routes/route-configurations.camel.yaml}.
 */
final class RouteConfigurationsCheck {

    private RouteConfigurationsCheck() {
    }

    /** @throws IllegalStateException naming each route and the configuration it lacks */
    static void check(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> defined = model.getRouteConfigurationDefinitions().stream()
                .map(RouteConfigurationDefinition::getId).collect(Collectors.toSet());
        List<String> missing = model.getRouteDefinitions().stream()
                .filter(route -> route.getRouteConfigurationId() != null)
                .flatMap(route -> Arrays.stream(route.getRouteConfigurationId().split(","))
                        .map(String::trim)
                        // a pattern (route-a*) may match none on purpose
                        .filter(id -> !id.contains("*") && !defined.contains(id))
                        .map(id -> "route " + route.getRouteId() + " names '" + id + "'"))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("route configurations not loaded: " + String.join(", ", missing)
                    + "; load the file that defines them (routes/route-configurations.camel.yaml) with the routes");
        }
    }
}
