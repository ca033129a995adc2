package ru.rabota.bridge.metrics;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.support.LifecycleStrategySupport;

import ru.rabota.bridge.log.RouteRestarts;
import ru.rabota.bridge.properties.PropertyKind;

/**
 * Binds {@code bridgeMeters} ({@link BridgeMeters}) and {@code activitySummary} ({@link ActivitySummary}, the line of
 * route {@code activity-summary}). The JVM and process meters are camel-micrometer-prometheus's binders
 * ({@code camel.metrics.binders}), the Kafka clients' are bound where the clients are made
 * ({@code kafka.KafkaClients}). With {@code bridge.metrics.flow-routes} the routes that start a flow get
 * camel-micrometer's route meters ({@link FlowRouteMeters}). Routes that do not start are told of by
 * {@link RouteRestarts}.
 */
public class MetricsConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.log.summary-interval")
    String summaryInterval;
    /** camel-micrometer's route meters on the routes that start a flow. */
    @PropertyInject("bridge.metrics.flow-routes")
    boolean flowRoutes;

    @Override
    public void configure(CamelContext context) {
        // camel-micrometer's route event notifier (camel_routes_running_routes) counts route events and drops the
        // exchange events it is offered, one by one: while any notifier takes them, Camel makes an event for every
        // exchange created, sent to an endpoint, completed, and offers it to each notifier (platform-http adds one
        // per route). Told to ignore them before the context initialises, Camel makes none.
        context.getManagementStrategy().getEventNotifiers().stream()
                .filter(MicrometerRouteEventNotifier.class::isInstance)
                .forEach(notifier -> {
                    notifier.setIgnoreExchangeEvents(true);
                    notifier.setIgnoreStepEvents(true);
                });
        if (flowRoutes) {
            context.addRoutePolicyFactory(new FlowRouteMeters());
        }
        context.getManagementStrategy().addEventNotifier(new RouteRestarts());
    }

    @BindToRegistry(value = "bridgeMeters", lazy = true)
    public BridgeMeters bridgeMeters(CamelContext context) {
        return BridgeMeters.of(context);
    }

    @BindToRegistry(value = "activitySummary", lazy = true)
    public ActivitySummary activitySummary(@BeanInject("bridgeMeters") BridgeMeters meters, CamelContext context) {
        ActivitySummary summary = new ActivitySummary(meters, PropertyKind.duration(summaryInterval));
        // its last line when the context stops, after its routes (the counters' last counts)
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                summary.stopped();
            }
        });
        return summary;
    }
}
