package ru.rabota.bridge.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.cluster.ClusterServiceSelectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active poller: binds the route policy {@code activePoller} and the processor {@code stateCatchUp}. A poll
 * route names the policy ({@code routePolicy: activePoller}) and starts with the catch-up step; that is all it needs.
 * <p>
 * With {@code bridge.cluster.enabled=true} the policy is Camel's {@link ClusteredRoutePolicy} on namespace
 * {@code bridge.cluster.namespace}: of all instances sharing the cluster service, only the leader runs the routes
 * that carry it, and when the leader goes away another instance starts them. The cluster service is the file lock of
 * camel-file on {@code bridge.cluster.root} (a folder all instances share) unless {@code bridge.cluster.service=custom}
 * says another {@code CamelClusterService} is configured (camel-kubernetes' lease-based one, say). Without cluster
 * mode the policy does nothing and every instance polls.
 */
public class ClusterConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    @PropertyInject(value = "bridge.cluster.enabled", defaultValue = "false")
    boolean enabled;
    @PropertyInject(value = "bridge.cluster.service", defaultValue = "file")
    String service;
    @PropertyInject(value = "bridge.cluster.namespace", defaultValue = "rabota-bridge-pollers")
    String namespace;
    @PropertyInject(value = "bridge.cluster.root", defaultValue = "cluster")
    String root;
    @PropertyInject(value = "bridge.cluster.acquire-lock-delay", defaultValue = "1s")
    Duration acquireLockDelay;
    @PropertyInject(value = "bridge.cluster.acquire-lock-interval", defaultValue = "10s")
    Duration acquireLockInterval;
    @PropertyInject(value = "bridge.cluster.heartbeat-timeout-multiplier", defaultValue = "5")
    int heartbeatTimeoutMultiplier;

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getRegistry().bind("stateCatchUp", new StateCatchUp());
        if (!enabled) {
            // every instance polls: the routes start as any other
            context.getRegistry().bind("activePoller", new RoutePolicySupport() { });
            return;
        }
        if ("file".equals(service)) {
            context.addService(fileLock(), true, true);
            LOG.info("Cluster mode: the poll routes run on one instance at a time, elected by a file lock in {}"
                    + " (namespace {})", root, namespace);
        } else if (!"custom".equals(service)) {
            throw new IllegalArgumentException("bridge.cluster.service must be file or custom, not " + service);
        }
        // the service is looked up when the routes start, so a custom one may be bound by any configuration
        RoutePolicy policy = ClusteredRoutePolicy.forNamespace(context, ClusterServiceSelectors.DEFAULT_SELECTOR,
                namespace);
        context.getRegistry().bind("activePoller", policy);
    }

    private FileLockClusterService fileLock() {
        FileLockClusterService fileLock = new FileLockClusterService();
        fileLock.setId("rabota-bridge-file-lock");
        fileLock.setRoot(root);
        fileLock.setAcquireLockDelay(acquireLockDelay.toMillis(), TimeUnit.MILLISECONDS);
        fileLock.setAcquireLockInterval(acquireLockInterval.toMillis(), TimeUnit.MILLISECONDS);
        fileLock.setHeartbeatTimeoutMultiplier(heartbeatTimeoutMultiplier);
        return fileLock;
    }
}
