package ru.rabota.bridge.hh;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.cluster.ActivePollerRoutes;

/**
 * Route policy of the hh.ru poll ({@code hhPollGuard}): keeps the route from starting when hh.ru polling is off or
 * cannot work (no {@code bridge.hh.user-agent}: hh.ru answers every request 400 {@code bad_user_agent}), and stops
 * it when hh.ru refused access for good. List it before {@code activePoller} in the route's {@code routePolicy}: a
 * route it keeps from starting must look so to the cluster policy too.
 */
public final class HhPollGuard extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(HhPollGuard.class);

    private final HhSettings settings;
    private volatile Route route;

    public HhPollGuard(HhSettings settings) {
        this.settings = settings;
    }

    @Override
    public void onInit(Route route) {
        this.route = route;
        if (!settings.enabled()) {
            route.setAutoStartup(false);
        } else if (settings.userAgentMissing()) {
            LOG.error("bridge.hh.enabled=true but bridge.hh.user-agent is not set, and hh.ru answers every request"
                    + " without one with 400 bad_user_agent: set it to name the application and a contact, e.g."
                    + " AcmeBridge/1.0 (it@acme.ru). Route {} is not started", route.getId());
            route.setAutoStartup(false);
        } else if (settings.vacancyIds().isBlank()) {
            LOG.warn("bridge.hh.vacancy-ids is empty: route {} has no hh.ru vacancy to poll", route.getId());
        }
    }

    /**
     * Stops the route once the exchange calling this is done: for when hh.ru refused access for good. Marked so, the
     * active poller in cluster mode does not start it again.
     */
    public void stopPolling() {
        route.getProperties().put(ActivePollerRoutes.STOPPED_FOR_GOOD, Boolean.TRUE);
        stopRouteAsync(route);
    }
}
