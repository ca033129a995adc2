package ru.rabota.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.log.InboxExceptionHandler;
import ru.rabota.bridge.schedule.ScheduleComponent;

/**
 * Every route file of {@code routes/} read by Camel's YAML DSL, and every endpoint URI its routes name (templated
 * routes included) created and configured against {@code config/application.properties}, without starting anything:
 * a YAML key Camel does not know, an unknown component or an option an endpoint does not have fails the build here,
 * naming the file, the route and the URI. It stands in for camel-report-maven-plugin:validate and
 * camel-yaml-dsl-validator-maven-plugin, which do not resolve from this build's repository.
 */
class RoutesValidationTest {

    @Test
    void everyRouteFileAndEndpointUriIsValid() throws Exception {
        List<Resource> files = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (CamelContext context = new DefaultCamelContext(); Stream<Path> list = Files.list(Path.of("routes"))) {
            context.getPropertiesComponent().setLocation("file:config/application.properties");
            // the bundle's own component of the timed flows (ScheduleConfiguration binds it)
            context.getRegistry().bind("schedule", new ScheduleComponent(ZoneId.of("Europe/Moscow")));
            // the inboxes' exception handlers (FeedConfiguration, BackgroundsConfiguration bind them)
            context.getRegistry().bind("feedInboxExceptions", new InboxExceptionHandler("feed"));
            context.getRegistry().bind("backgroundsInboxExceptions", new InboxExceptionHandler("background image"));
            for (Path file : list.filter(path -> path.toString().endsWith(".camel.yaml")).sorted().toList()) {
                files.add(ResourceHelper.resolveMandatoryResource(context, "file:" + file));
            }
            // all at once, as Camel Main loads them: templated routes use templates of other files
            PluginHelper.getRoutesLoader(context).loadRoutes(files);
            for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteDefinitions()) {
                problems.addAll(endpointProblems(context, route, checked));
            }
        }

        assertThat(files).hasSizeGreaterThan(5);
        assertThat(checked).anyMatch(uri -> uri.startsWith("kafka:")).anyMatch(uri -> uri.startsWith("schedule:"));
        assertThat(problems).isEmpty();
    }

    /** Creates each endpoint the route names (not started), with its template parameters as local properties. */
    private static List<String> endpointProblems(CamelContext context, RouteDefinition route, List<String> checked) {
        List<String> problems = new ArrayList<>();
        Properties templateParameters = new Properties();
        if (route.getTemplateParameters() != null) {
            route.getTemplateParameters().forEach((key, value) -> templateParameters.put(key, String.valueOf(value)));
        }
        context.getPropertiesComponent().setLocalProperties(templateParameters);
        try {
            for (String uri : endpointUris(route)) {
                checked.add(uri);
                try {
                    context.getEndpoint(uri);
                } catch (RuntimeException e) {
                    String file = route.getResource() != null ? route.getResource().getLocation() : "a templated route";
                    problems.add(file + ", route " + route.getRouteId() + ": " + e.getMessage());
                }
            }
        } finally {
            context.getPropertiesComponent().setLocalProperties(null);
        }
        return problems;
    }

    /**
     * The URIs as written, placeholders unresolved: RouteDefinitionHelper.gatherAllStaticEndpointUris normalizes them
     * first, which encodes {@code {{...}}} so that no placeholder was resolved ({@code http:{{bridge.vk.base-url}}}
     * became {@code http://%7B%7B...}); Camel itself resolves placeholders, then normalizes.
     */
    private static Set<String> endpointUris(RouteDefinition route) {
        Set<String> uris = new LinkedHashSet<>();
        uris.add(route.getInput().getEndpointUri());
        for (EndpointRequiredDefinition output : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                EndpointRequiredDefinition.class)) {
            if (output.getEndpointUri() != null) {
                uris.add(output.getEndpointUri());
            }
        }
        return uris;
    }
}
