package ru.rabota.bridge.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy {@code activePoller} in cluster mode: Camel's {@link ClusteredRoutePolicy}, and what it leaves undone.
 * The policy turns its routes' auto-startup off, so Camel's supervising route controller does not supervise them, and
 * starts them once when this instance wins the lead: a route that fails to start then, or stops otherwise while this
 * instance leads, stays stopped until the lead changes. This notes the routes meant to run (auto-startup on when the
 * policy takes them, the policy's own criterion) for {@link ActivePollerHealthCheck}, starts those that do not run
 * while this instance leads, every {@code backOffMillis} (one WARN line when a start fails, one INFO line when one
 * starts), and stops the routes it started when the lead is lost: the policy stops only those it started itself.
 * <p>
 * When the lead is lost the routes of group {@value #SPENDING} (paid commands) stop first, before the policy stops the
 * others: Camel stops one route at a time (under the context's lock), each after its exchange in flight, and a poll
 * in the middle of a slow API call holds the next one for up to {@code camel.main.shutdown-timeout}; a paid route
 * behind it went on taking paid commands beside the next leader's. The policy, which finds them stopped, does not
 * start them again: this starts them when this instance leads again.
 */
public final class ActivePollerRoutes extends RoutePolicySupport {

    /** Route property a guard sets on a route it stopped for good (settings must change): not started again. */
    public static final String STOPPED_FOR_GOOD = "bridge.stoppedForGood";
    /** Route group of the routes that spend money: they stop first when the lead is lost. */
    public static final String SPENDING = "spending";

    private static final Logger LOG = LoggerFactory.getLogger(ActivePollerRoutes.class);

    private final ClusteredRoutePolicy policy;
    private final CamelContext context;
    private final PollerLeadership leadership;
    private final long backOffMillis;
    private final Map<String, Route> meantToRun = new ConcurrentSkipListMap<>();
    /** Why each route that failed to start since it last ran did so. */
    private final Map<String, Exception> failedStarts = new ConcurrentHashMap<>();
    private final Set<String> startedHere = ConcurrentHashMap.newKeySet();
    /** Routes of group {@value #SPENDING} this stopped at the loss of the lead, to start when it leads again. */
    private final Set<String> stoppedFirst = ConcurrentHashMap.newKeySet();
    /** Set once the application's stop began: the poll routes are stopped then, and none is started again. */
    private volatile boolean stopping;
    private ScheduledExecutorService restarts;

    ActivePollerRoutes(ClusteredRoutePolicy policy, CamelContext context, PollerLeadership leadership,
            long backOffMillis) {
        this.policy = policy;
        this.context = context;
        this.leadership = leadership;
        this.backOffMillis = backOffMillis;
        leadership.onLeadershipLost(this::stopStartedHere);
        leadership.onLeadershipWon(this::startStoppedFirst);
    }

    /** The routes the policy starts when this instance leads, less those a guard stopped for good. */
    Collection<Route> meantToRun() {
        return meantToRun.values().stream()
                .filter(route -> !Boolean.TRUE.equals(route.getProperties().get(STOPPED_FOR_GOOD))).toList();
    }

    /** Why the route's last start failed, while it does not run; null otherwise. */
    Exception failedStart(String routeId) {
        return failedStarts.get(routeId);
    }

    @Override
    protected void doStart() {
        restarts = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "active-poller-restarts");
        restarts.scheduleWithFixedDelay(this::startThoseNotRunning, backOffMillis, backOffMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        context.getExecutorServiceManager().shutdownNow(restarts);
    }

    private void startThoseNotRunning() {
        for (Route route : meantToRun()) {
            String id = route.getRouteId();
            // the policy's own word too: it leads once it heard of the lead and started its routes itself
            if (!stoppedFirst.contains(id) && policy.isLeader() && start(id)) {
                LOG.info("Cluster mode: route {}, which did not run on the active poller, is started again", id);
            }
        }
    }

    /** On the thread of a lead won, beside the policy starting its routes: none of these is its to start. */
    private void startStoppedFirst() {
        for (String id : stoppedFirst) {
            stoppedFirst.remove(id);
            // a failed start is tried again with the others
            start(id);
        }
    }

    /** Starts the route if this instance leads and it does not run; true if it started. */
    private synchronized boolean start(String id) {
        ServiceStatus status = context.getRouteController().getRouteStatus(id);
        if (stopping || !context.isStarted() || context.isStopping() || !leadership.isLeader() || status == null
                || !status.isStartable()) {
            return false;
        }
        try {
            context.getRouteController().startRoute(id);
            startedHere.add(id);
            failedStarts.remove(id);
            if (!leadership.isLeader()) {
                // lost the lead while it started: the listener may have come before the route was noted
                stopStartedHere();
            }
            return true;
        } catch (Exception e) {
            if (failedStarts.put(id, e) == null) {
                LOG.warn("Cluster mode: route {} did not start on the active poller, trying again every {} ms: {}",
                        id, backOffMillis, e.toString());
            }
            return false;
        }
    }

    /** The application's stop began: its poll routes are being stopped, and none is to be started again. */
    void stopping() {
        stopping = true;
    }

    /**
     * Stops the routes of group {@value #SPENDING}, whoever started them, then the others this started: the policy
     * stops only those it started itself, after this.
     */
    private void stopStartedHere() {
        for (Route route : meantToRun()) {
            String id = route.getRouteId();
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            if (SPENDING.equals(route.getGroup()) && status != null && status.isStoppable()) {
                startedHere.remove(id);
                stoppedFirst.add(id);
                stop(id);
            }
        }
        for (String id : startedHere) {
            startedHere.remove(id);
            stop(id);
        }
        failedStarts.clear();
    }

    private void stop(String id) {
        try {
            context.getRouteController().stopRoute(id);
        } catch (Exception e) {
            LOG.warn("Cluster mode: route {} did not stop as this instance no longer leads: {}", id, e.toString());
        }
    }

    /** The policy's own steps ({@link ClusteredRoutePolicy} overrides no other). */
    @Override
    public void onInit(Route route) {
        if (route.isAutoStartup()) {
            meantToRun.put(route.getRouteId(), route);
        }
        policy.onInit(route);
    }

    @Override
    public void onRemove(Route route) {
        meantToRun.remove(route.getRouteId());
        policy.onRemove(route);
    }
}
