package ru.rabota.bridge.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active poller: binds the route policy {@code activePoller} and the processor {@code stateCatchUp}. A poll
 * route names the policy ({@code routePolicy: activePoller}) and starts with the catch-up step; that is all it needs.
 * <p>
 * With {@code bridge.cluster.enabled=true} the policy is Camel's {@link ClusteredRoutePolicy} on namespace
 * {@code bridge.cluster.namespace}: of all instances sharing the cluster service, only the leader runs the routes
 * that carry it, and when the leader goes away another instance starts them. The cluster service is camel-file's
 * {@link FileLockClusterService} on {@code bridge.cluster.root}, a folder all instances share; on Kubernetes
 * camel-kubernetes' lease-based {@code KubernetesClusterService} would take its place in {@link #clusterService()}.
 * Without cluster mode the policy does nothing and every instance polls.
 */
public class ClusterConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    @PropertyInject(value = "bridge.cluster.enabled", defaultValue = "false")
    boolean enabled;
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
        CamelClusterService service = clusterService();
        context.addService(service, true, true);
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, namespace);
        // started with the context, not with the first route as Camel would: the supervising route controller starts
        // routes after the context, and leadership won before the policy started would never start the routes
        context.addService(policy, true, true);
        context.getRegistry().bind("activePoller", policy);
        LOG.info("Cluster mode: the poll routes run on one instance at a time, elected by a file lock in {}"
                + " (namespace {})", root, namespace);
    }

    private CamelClusterService clusterService() {
        FileLockClusterService fileLock = new FileLockClusterService();
        fileLock.setId("rabota-bridge-file-lock");
        fileLock.setRoot(root);
        fileLock.setAcquireLockDelay(acquireLockDelay.toMillis(), TimeUnit.MILLISECONDS);
        fileLock.setAcquireLockInterval(acquireLockInterval.toMillis(), TimeUnit.MILLISECONDS);
        fileLock.setHeartbeatTimeoutMultiplier(heartbeatTimeoutMultiplier);
        return fileLock;
    }
}
