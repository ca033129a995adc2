package ru.rabota.bridge.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;

/**
 * Whether this instance is the active poller, for code that must not act for a poll once another instance took
 * over (the application publisher). Bound as {@code pollerLeadership} by {@link ClusterConfiguration}.
 */
public final class PollerLeadership {

    /** Null without cluster mode. */
    private final CamelClusterService service;
    private final String namespace;
    private final List<Runnable> onWon = new CopyOnWriteArrayList<>();
    private final List<Runnable> onLost = new CopyOnWriteArrayList<>();

    private PollerLeadership(CamelClusterService service, String namespace) {
        this.service = service;
        this.namespace = namespace;
    }

    /** Without cluster mode: every instance polls, so every instance leads. */
    static PollerLeadership everyInstance() {
        return new PollerLeadership(null, null);
    }

    /**
     * Follows the service's view of the namespace. Listens from here on, before anything starts: a listener added
     * while the view fires an event (which starts routes, which start services) would wait for the view forever.
     */
    static PollerLeadership elected(CamelClusterService service, String namespace) throws Exception {
        PollerLeadership leadership = new PollerLeadership(service, namespace);
        service.getView(namespace).addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
            if (view.getLocalMember().isLeader()) {
                // beside the event thread, which goes on to start the poll routes at once
                Thread actions = new Thread(() -> leadership.onWon.forEach(Runnable::run), "rabota-bridge-leadership-won");
                actions.setDaemon(true);
                actions.start();
            } else {
                leadership.onLost.forEach(Runnable::run);
            }
        });
        return leadership;
    }

    /** True when this instance may act for a poll now: it leads, or there is no cluster. */
    public boolean isLeader() {
        return service == null || service.isLeader(namespace);
    }

    /**
     * Whether this instance lost the lead from now on, for one piece of work: once a look found it lost, every later
     * look does too. The Kafka election's lead can read lost for a moment and back the next, with no event between
     * (the group's coordinator answering just past the lease): work refused at one look is left for good, and a look
     * after it must not take it for work still this instance's.
     */
    public BooleanSupplier lostFromNow() {
        AtomicBoolean lost = new AtomicBoolean();
        return () -> {
            if (!lost.get() && !isLeader()) {
                lost.set(true);
            }
            return lost.get();
        };
    }

    /** Runs {@code action} on a thread of its own each time this instance becomes the leader; never without cluster mode. */
    public void onLeadershipWon(Runnable action) {
        onWon.add(action);
    }

    /**
     * Runs {@code action} on the event's thread each time the view names another leader or none (this instance may
     * not have led), before the {@code activePoller} policy stops its routes; never without cluster mode.
     */
    void onLeadershipLost(Runnable action) {
        onLost.add(action);
    }
}
