package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A route that names a route configuration nobody loaded stops the start, naming both. */
class RouteConfigurationsCheckTest {

    private static RouteConfigurationBuilder passFailuresUp() {
        return new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("pass-failures-up");
            }
        };
    }

    private static RouteBuilder route(String id, String configuration) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).routeId(id).routeConfigurationId(configuration).log("${body}");
            }
        };
    }

    @Test
    void aRouteWhoseConfigurationWasNotLoadedStopsTheStart() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(passFailuresUp());
            context.addRoutes(route("loaded", "pass-failures-up"));
            context.addRoutes(route("orphan", "api-retry"));
            context.addRoutes(route("other-orphan", "api-retry"));
            context.addRoutes(route("lost", "fail-fast"));

            assertThatThrownBy(() -> RouteConfigurationsCheck.check(context))
                    .hasMessage("route configurations not loaded: 'api-retry', named by routes orphan, other-orphan; "
                            + "it is the class ru.rabota.bridge.api.ApiRetryPolicy (Application.configure adds it; a "
                            + "host configured by properties names it in camel.main.routes-builder-classes). "
                            + "'fail-fast', named by route lost; load the file that defines it "
                            + "(routes/route-configurations.camel.yaml) with the routes");
        }
    }

    @Test
    void routesWhoseConfigurationsAreLoadedPass() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(passFailuresUp());
            context.addRoutes(route("loaded", "pass-failures-up"));
            context.addRoutes(route("patterned", "pass-*"));

            assertThatCode(() -> RouteConfigurationsCheck.check(context)).doesNotThrowAnyException();
        }
    }
}
