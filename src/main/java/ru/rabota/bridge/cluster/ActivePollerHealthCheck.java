package ru.rabota.bridge.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckResultBuilder;

import ru.rabota.bridge.api.ReadinessCheck;

/**
 * Readiness check {@code active-poller}, in cluster mode: while this instance leads, DOWN naming each route of policy
 * {@code activePoller} meant to run that is not started, or whose consumer's own check is DOWN (the leader's
 * paid-commands Kafka consumer cut off from Kafka). Camel's route and consumer checks cannot tell: the policy turns
 * these routes' auto-startup off, and Camel takes such routes for started from outside, UP whatever they do. UP on an
 * instance that does not lead, whose poll routes are meant to be stopped. Not in readiness in cluster mode
 * {@code kubernetes}, where readiness elects the leader: a start that fails on every instance would pass the lead
 * from pod to pod and leave none ready ({@link ReadinessCheck}).
 */
final class ActivePollerHealthCheck extends ReadinessCheck {

    private final ActivePollerRoutes routes;
    private final PollerLeadership leadership;

    ActivePollerHealthCheck(ActivePollerRoutes routes, PollerLeadership leadership, boolean readiness) {
        super("active-poller", readiness);
        this.routes = routes;
        this.leadership = leadership;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("leader", leadership.isLeader());
        if (!leadership.isLeader()) {
            builder.up();
            return;
        }
        Map<String, String> troubles = new TreeMap<>();
        for (Route route : routes.meantToRun()) {
            String trouble = trouble(route, options);
            if (trouble != null) {
                troubles.put(route.getRouteId(), trouble);
            }
        }
        if (troubles.isEmpty()) {
            builder.up();
        } else {
            troubles.forEach((id, trouble) -> builder.detail("route." + id, trouble));
            builder.down().message(troubles.entrySet().stream().map(e -> "route " + e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** Why the route does not do its work on the leader, or null. */
    private String trouble(Route route, Map<String, Object> options) {
        ServiceStatus status = route.getCamelContext().getRouteController().getRouteStatus(route.getRouteId());
        if (status != ServiceStatus.Started) {
            Exception failed = routes.failedStart(route.getRouteId());
            return "is " + status + (failed == null ? "" : ", its start failed: " + failed);
        }
        if (route.getConsumer() instanceof HealthCheckAware aware && aware.getHealthCheck() != null) {
            HealthCheck.Result consumer = aware.getHealthCheck().call(options);
            if (consumer.getState() == HealthCheck.State.DOWN) {
                return "has its consumer DOWN: " + consumer.getMessage()
                        .or(() -> consumer.getError().map(Throwable::toString)).orElse("no reason given");
            }
        }
        return null;
    }
}
