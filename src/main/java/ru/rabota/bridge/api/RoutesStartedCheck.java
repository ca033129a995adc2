package ru.rabota.bridge.api;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness check {@code routes-started}: DOWN while the route controller is still starting the routes. Camel's
 * supervising controller starts them after the context has started, and the routes' own checks count only the
 * routes started so far: without this one, readiness answered 200 about a second before the feed inbox and the job
 * consumers were there.
 */
public final class RoutesStartedCheck extends AbstractHealthCheck {

    private final CamelContext context;

    public RoutesStartedCheck(CamelContext context) {
        super("bridge", "routes-started");
        this.context = context;
    }

    /** A start under way is no reason for a restart. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (context.getRouteController().isStartingRoutes()) {
            builder.down().message("the routes are still starting");
        } else {
            builder.up();
        }
    }
}
