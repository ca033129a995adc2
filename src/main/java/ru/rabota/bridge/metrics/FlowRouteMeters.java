package ru.rabota.bridge.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * camel-micrometer's route meters ({@code camel_exchanges_*}, {@code camel_route_policy_seconds}, per
 * {@code routeId}) on the routes that start a flow (a Kafka consumer, a timer, a file inbox, the webhook), not on
 * the {@code direct:} routes those call: an API operation, its attempt, a board's job steps. Those run a dozen times
 * per job, and their meters cost more than the job's own steps (a formatted property name and a timer per route
 * and exchange), while a flow's route already counts the exchange that went through them.
 * <p>
 * Used instead of camel-main's {@code camel.metrics.enable-route-policy}, which meters every route (off in
 * config/application.properties); the meters and their names are the same.
 */
final class FlowRouteMeters implements RoutePolicyFactory {

    private final MicrometerRoutePolicyFactory meters = new MicrometerRoutePolicyFactory();

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        if (route instanceof RouteDefinition definition && definition.getInput() != null
                && definition.getInput().getEndpointUri().startsWith("direct:")) {
            return null;
        }
        synchronized (meters) {
            if (meters.getCamelContext() == null) {
                // the registry camel-micrometer-prometheus binds when the context starts, before its routes
                meters.setCamelContext(context);
                meters.setMeterRegistry(MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                        MicrometerConstants.METRICS_REGISTRY_NAME));
            }
        }
        return meters.createRoutePolicy(context, routeId, route);
    }
}
