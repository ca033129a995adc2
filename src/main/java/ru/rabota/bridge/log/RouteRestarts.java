package ru.rabota.bridge.log;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.RouteRestartingFailureEvent;
import org.apache.camel.spi.CamelEvent.RouteStartedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route the supervising route controller starts again and again (a Kafka consumer that cannot be made while the
 * brokers' names do not resolve): one WARN line when its restarts start failing, naming the cause, and one INFO line
 * once it starts. Camel's own are two INFO lines per route and attempt, every {@code back-off-delay} (its logger is
 * set to WARN in {@code log4j2.properties}).
 */
public final class RouteRestarts extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRestarts.class);

    private final Troubles failing = new Troubles();

    public RouteRestarts() {
        // route events only: a notifier that takes exchange events makes Camel create one per exchange and step
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof RouteRestartingFailureEvent || event instanceof RouteStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof RouteRestartingFailureEvent failure) {
            String id = failure.getRoute().getRouteId();
            String cause = failure.getCause() == null ? "" : LogText.reason(failure.getCause());
            CamelContext context = failure.getRoute().getCamelContext();
            if (context.isStopping() || context.isStopped()) {
                // a start the context's stop cut short (a misconfigured topic stops the start): no trouble of the route
                LOG.debug("Route {} not started, the context stops: {}", id, cause);
            } else if (failure.isExhausted()) {
                LOG.warn("Route {} is not started again, its restarts are exhausted: {}", id, cause);
            } else {
                failing.came(id, LOG, "Route {} does not start: {}; started again every"
                        + " camel.route-controller.back-off-delay, one line when it starts",
                        "Route {} does not start yet: {}", id, cause);
            }
        } else if (event instanceof RouteStartedEvent started) {
            String id = started.getRoute().getRouteId();
            failing.ends(id).ifPresent(trouble -> LOG.info("Route {} started, after {} since {}", id,
                    trouble.timesText("failed restart"), trouble.since()));
        }
    }
}
