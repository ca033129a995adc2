package ru.rabota.bridge.cluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
 * starts).
 * <p>
 * When the lead is lost this stops the routes meant to run, whoever started them, and starts them again when this
 * instance leads again: the policy stops only those it started itself, and does not start again a route it found
 * stopped. Camel stops one route at a time (under the context's lock), so the routes of group {@value #SPENDING}
 * (paid commands) stop first, each after its exchange in flight (a paid call sent is answered and settled); a paid
 * route behind a poll slow to stop went on taking paid commands beside the next leader's. The polls stop then, each
 * after at most {@link #POLL_GRACE_SECONDS}: waiting for a run up to {@code camel.main.shutdown-timeout} each held a
 * lead won back meanwhile from polling for 11.5 s (three poll runs in flight), though a run buys nothing.
 */
public final class ActivePollerRoutes extends RoutePolicySupport {

    /** Route property a guard sets on a route it stopped for good (settings must change): not started again. */
    public static final String STOPPED_FOR_GOOD = "bridge.stoppedForGood";
    /** Route group of the routes that spend money: they stop first when the lead is lost. */
    public static final String SPENDING = "spending";
    /**
     * How long the stop of a poll route waits for its run at the loss of the lead before forcing it (one DEBUG line,
     * see {@code PollRuns}): the next leader reads what the run read, its writes are fenced, and a run going on only
     * overlaps the next leader's polls. A second, not less (Camel refuses none): a run about to end still ends.
     */
    static final long POLL_GRACE_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ActivePollerRoutes.class);

    private final ClusteredRoutePolicy policy;
    private final CamelContext context;
    private final PollerLeadership leadership;
    private final long backOffMillis;
    private final Map<String, Route> meantToRun = new ConcurrentSkipListMap<>();
    /** Why each route that failed to start since it last ran did so. */
    private final Map<String, Exception> failedStarts = new ConcurrentHashMap<>();
    /** Routes this stopped at the loss of the lead, to start when it leads again. */
    private final Set<String> stoppedAtLoss = ConcurrentHashMap.newKeySet();
    /** Set once the application's stop began: the poll routes are stopped then, and none is started again. */
    private volatile boolean stopping;
    private ScheduledExecutorService restarts;

    ActivePollerRoutes(ClusteredRoutePolicy policy, CamelContext context, PollerLeadership leadership,
            long backOffMillis) {
        this.policy = policy;
        this.context = context;
        this.leadership = leadership;
        this.backOffMillis = backOffMillis;
        leadership.onLeadershipLost(this::stopAtLoss);
        leadership.onLeadershipWon(this::startStoppedAtLoss);
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
            if (!stoppedAtLoss.contains(id) && policy.isLeader() && start(id)) {
                LOG.info("Cluster mode: route {}, which did not run on the active poller, is started again", id);
            }
        }
    }

    /** On the thread of a lead won, beside the policy starting its routes: none of these is its to start. */
    private void startStoppedAtLoss() {
        for (String id : stoppedAtLoss) {
            stoppedAtLoss.remove(id);
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
            failedStarts.remove(id);
            if (!leadership.isLeader()) {
                // lost the lead while it started: the listener may have looked at the route before it ran
                stopAtLoss();
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

    /** Stops the routes meant to run that run, those of group {@value #SPENDING} first (see the class comment). */
    private void stopAtLoss() {
        List<Route> running = meantToRun().stream().filter(route -> {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            return status != null && status.isStoppable();
        }).sorted(Comparator.comparing(route -> !SPENDING.equals(route.getGroup()))).toList();
        for (Route route : running) {
            String id = route.getRouteId();
            stoppedAtLoss.add(id);
            try {
                if (SPENDING.equals(route.getGroup())) {
                    context.getRouteController().stopRoute(id);
                } else {
                    context.getRouteController().stopRoute(id, POLL_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.warn("Cluster mode: route {} did not stop as this instance no longer leads: {}", id, e.toString());
            }
        }
        failedStarts.clear();
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
