package ru.rabota.bridge.cluster;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ReadinessCheck;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.schedule.PollRuns;

/**
 * One active poller: binds the route policy {@code activePoller}, the processor {@code stateCatchUp} and
 * {@code pollerLeadership} (also the gauge {@code bridge_leader}). A poll route names the policy
 * ({@code routePolicy: activePoller}) and starts with the catch-up step; that is all it needs.
 * <p>
 * With {@code bridge.cluster.enabled=true} the policy is Camel's {@link ClusteredRoutePolicy} on namespace
 * {@code bridge.cluster.namespace}: of all instances sharing the cluster service, only the leader runs the routes
 * that carry it, and when the leader goes away another instance starts them. {@code bridge.cluster.mode} picks the
 * service: {@code kafka} (default) the {@link KafkaClusterService}, needing nothing but the brokers; {@code file}
 * camel-file's {@link FileLockClusterService} on {@code bridge.cluster.root}, a folder all instances share;
 * {@code kubernetes} camel-kubernetes' Lease-based service ({@link KubernetesLeases}). Without cluster mode the policy
 * does nothing and every instance polls.
 */
public class ClusterConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);
    /** Camel's own default of {@code camel.route-controller.back-off-delay}. */
    private static final long DEFAULT_BACK_OFF_MILLIS = 2000;

    @PropertyInject("bridge.cluster.enabled")
    boolean enabled;
    @PropertyInject("bridge.cluster.mode")
    String mode;
    @PropertyInject("bridge.cluster.namespace")
    String namespace;
    @PropertyInject("bridge.cluster.failover-timeout")
    Duration failoverTimeout;
    @PropertyInject("bridge.cluster.root")
    String root;
    @PropertyInject("bridge.cluster.acquire-lock-delay")
    Duration acquireLockDelay;
    @PropertyInject("bridge.cluster.acquire-lock-interval")
    Duration acquireLockInterval;
    @PropertyInject("bridge.cluster.heartbeat-timeout-multiplier")
    int heartbeatTimeoutMultiplier;
    @PropertyInject("bridge.cluster.kubernetes.namespace")
    String kubernetesNamespace;
    @PropertyInject("bridge.cluster.kubernetes.lease-name")
    String leaseName;
    @PropertyInject("bridge.cluster.kubernetes.pod-name")
    String podName;

    /** The election's service, when cluster mode is on: one for the policy and the leadership. */
    private CamelClusterService service;
    /** The policy of the poll routes, once a route named it. */
    private volatile RoutePolicy pollPolicy;

    @Override
    public void configure(CamelContext context) {
        // built now, so that the election's service and policy start and stop with the context
        context.getRegistry().lookupByName("activePoller");
        context.getRegistry().lookupByName("pollerLeadership");
    }

    @BindToRegistry(value = "stateCatchUp", lazy = true)
    public StateCatchUp stateCatchUp() {
        return new StateCatchUp();
    }

    /**
     * In cluster mode also registers the readiness check {@code active-poller}: Camel supervises neither these routes
     * nor their consumers once the policy turned their auto-startup off (see {@link ActivePollerRoutes}).
     */
    @BindToRegistry(value = "activePoller", lazy = true)
    public RoutePolicy activePoller(CamelContext context,
            @BeanInject("pollerLeadership") PollerLeadership leadership) throws Exception {
        if (!enabled) {
            // every instance polls: the routes start as any other
            return new RoutePolicySupport() { };
        }
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service(context), namespace);
        // started with the context, not with the first route as Camel would: the supervising route controller starts
        // routes after the context, and leadership won before the policy started would never start the routes
        context.addService(policy, true, true);
        ActivePollerRoutes routes = new ActivePollerRoutes(policy, context, leadership, backOffMillis(context));
        context.addService(routes, true, true);
        // once the routes stopped at the loss (ActivePollerRoutes listens first): a poll failing here is over here
        PollRuns runs = context.getRegistry().lookupByNameAndType("pollRuns", PollRuns.class);
        if (runs != null) {
            leadership.onLeadershipLost(runs::leadLost);
        }
        HealthCheckRegistry.get(context).register(new ActivePollerHealthCheck(routes, leadership,
                ReadinessCheck.countsForReadiness(context)));
        pollPolicy = routes;
        return routes;
    }

    @BindToRegistry(value = "pollerLeadership", lazy = true)
    public PollerLeadership pollerLeadership(CamelContext context, @BeanInject("bridgeMeters") BridgeMeters meters)
            throws Exception {
        PollerLeadership leadership = enabled ? PollerLeadership.elected(service(context), namespace)
                : PollerLeadership.everyInstance();
        meters.leader(leadership::isLeader);
        return leadership;
    }

    /** The supervising route controller's back-off, which the other routes restart on. */
    private static long backOffMillis(CamelContext context) {
        return context.getRouteController() instanceof SupervisingRouteController supervising
                ? supervising.getBackOffDelay() : DEFAULT_BACK_OFF_MILLIS;
    }

    private synchronized CamelClusterService service(CamelContext context) throws Exception {
        if (service == null) {
            CamelClusterService created = clusterService(context);
            context.addService(created, true, true);
            context.addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onContextStopping(CamelContext stopping) {
                    // the poll routes end their runs, then the instance leaves the election, both before the
                    // context's own shutdown of the routes: leaving first let another instance poll while a run
                    // here still went on; and a leadership event starting routes while the context shuts them down
                    // would deadlock inside ClusteredRoutePolicy
                    stopPollRoutes(stopping);
                    ServiceHelper.stopService(created);
                }
            });
            service = created;
        }
        return service;
    }

    /** Stops the routes of policy {@code activePoller}, each after its run under way (graceful, as at shutdown). */
    private void stopPollRoutes(CamelContext context) {
        RoutePolicy policy = pollPolicy;
        if (policy == null) {
            return;
        }
        if (policy instanceof ActivePollerRoutes routes) {
            // none is started again now: the instance leaves, and another one may lead as soon as it has
            routes.stopping();
        }
        for (Route route : context.getRoutes()) {
            if (route.getRoutePolicyList().contains(policy)) {
                try {
                    context.getRouteController().stopRoute(route.getRouteId());
                } catch (Exception e) {
                    LOG.warn("Cluster mode: route {} did not stop before leaving the election: {}", route.getRouteId(),
                            e.toString());
                }
            }
        }
    }

    /**
     * The file lock's heartbeat and lock interval: the one configured, at most so short that a killed leader is
     * replaced within the failover timeout. Camel's file lock takes a leader for dead after {@code multiplier}
     * intervals without a heartbeat, and the others look once an interval: up to {@code multiplier + 1} intervals,
     * and one more for the new leader's start.
     */
    static Duration lockInterval(Duration configured, Duration failoverTimeout, int multiplier) {
        Duration within = failoverTimeout.dividedBy(multiplier + 2L);
        return configured.compareTo(within) <= 0 ? configured : within;
    }

    private CamelClusterService clusterService(CamelContext context) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "kafka" -> {
                LOG.info("Cluster mode: the poll routes run on one instance at a time, elected through the Kafka"
                        + " group of {} (namespace {}); a killed leader is replaced within {}",
                        Topic.CLUSTER_LEADER.topicName(context), namespace, failoverTimeout);
                KafkaClients clients = context.getRegistry().lookupByNameAndType("kafkaClients", KafkaClients.class);
                KafkaClusterService kafka = new KafkaClusterService(Topic.prefix(context) + "rabota-bridge-leader-",
                        failoverTimeout, clients);
                kafka.setId("rabota-bridge-kafka");
                return kafka;
            }
            case "file" -> {
                Duration interval = lockInterval(acquireLockInterval, failoverTimeout, heartbeatTimeoutMultiplier);
                LOG.info("Cluster mode: the poll routes run on one instance at a time, elected by a file lock in {}"
                        + " (namespace {}), heartbeat every {}; a killed leader is replaced within {}", root,
                        namespace, interval, failoverTimeout);
                FileLockClusterService fileLock = new FileLockClusterService();
                fileLock.setId("rabota-bridge-file-lock");
                fileLock.setRoot(root);
                fileLock.setAcquireLockDelay(acquireLockDelay.toMillis(), TimeUnit.MILLISECONDS);
                fileLock.setAcquireLockInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
                fileLock.setHeartbeatTimeoutMultiplier(heartbeatTimeoutMultiplier);
                return fileLock;
            }
            case "kubernetes" -> {
                LOG.info("Cluster mode: the poll routes run on one instance at a time, elected by a Kubernetes Lease"
                        + " ({}, namespace {}), as pod {}", leaseName, namespace,
                        podName.isBlank() ? "$HOSTNAME" : podName);
                try {
                    return KubernetesLeases.service(kubernetesNamespace, leaseName, podName, failoverTimeout);
                } catch (NoClassDefFoundError e) {
                    // one ERROR line, as for any value the start cannot use (a stack trace named only the class)
                    throw new InvalidPropertyException("bridge.cluster.mode", mode, "a mode this jar can run: kubernetes"
                            + " needs camel-kubernetes, which this jar lacks (build it with mvn package -Pkubernetes,"
                            + " or choose kafka)");
                }
            }
            default -> throw new IllegalArgumentException("bridge.cluster.mode must be kafka, file or kubernetes, not '"
                    + mode + "'");
        }
    }
}
