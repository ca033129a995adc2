package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;

/**
 * {@code bridge.cluster.mode=kubernetes}: three instances in one JVM, each as its own pod, elected by camel-kubernetes'
 * Lease against fabric8's simulated API server (CRUD mode: it stores what the client writes, Leases and Pods alike).
 * <p>
 * What Camel 4.18's {@code KubernetesClusterService} counts on, read in its code and shown here: a holder is valid
 * while its pod is listed as Running and Ready in the namespace; the Lease's renew time and duration are written, not
 * checked. So another instance takes over when the leader's pod turns not ready or goes away (then after the lease
 * duration, half the failover timeout), not when the leader merely stops renewing.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesLeaseTest {

    /** Injected by the extension: a client of the simulated API server, playing the kubelet and the operator. */
    static KubernetesClient client;
    /** The simulated server logs every request (java.util.logging): kept here so that its level holds. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger(
            "io.fabric8.mockwebserver");

    private static final String K8S_NAMESPACE = "rabota";
    /** {@code bridge.cluster.kubernetes.lease-name} and {@code bridge.cluster.namespace}, as Camel joins them. */
    private static final String LEASE = "rabota-bridge-rabota-bridge-pollers";
    /**
     * Camel renews the Lease once a third of this passed (whole seconds), trying every fifteenth; the Lease lasts half:
     * 10 s leave the leader 1.2 s to renew in, 6 s left 0.5 s, which a loaded machine missed (the leader gave its Lease
     * up while the test asserted it kept it).
     */
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(10);
    private static final String TICKER = "test-ticker";
    private static final List<String> PODS = List.of("rabota-bridge-0", "rabota-bridge-1", "rabota-bridge-2");

    /** The instances started and not yet stopped, sampled for two leaders at once. */
    private final List<Instance> live = new CopyOnWriteArrayList<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();
    private final AtomicInteger samples = new AtomicInteger();
    /** What a sample could not read of an instance still live (one of scheduleAtFixedRate's would end the sampling). */
    private final List<String> sampleErrors = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService sampler;

    private record Instance(String pod, TestApplication app) {

        boolean polls() {
            try {
                return app.context().getRouteController().getRouteStatus(TICKER) == ServiceStatus.Started;
            } catch (RuntimeException stopping) {
                return false;
            }
        }

        boolean believesItLeads() {
            PollerLeadership leadership = app.context().getRegistry().lookupByNameAndType("pollerLeadership",
                    PollerLeadership.class);
            return leadership != null && leadership.isLeader();
        }
    }

    @BeforeAll
    static void pointTheFabric8ClientAtTheSimulatedServer() {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        // what a user outside a cluster would set too (or KUBERNETES_MASTER): the product takes fabric8's defaults
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, client.getConfiguration().getMasterUrl());
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
    }

    @AfterAll
    static void forgetTheSimulatedServer() {
        System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY);
    }

    @AfterEach
    void stopAll() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        // side by side: each waits up to a second for its ticker's exchange in flight
        live.parallelStream().forEach(instance -> instance.app().close());
    }

    @Test
    void oneInstancePollsAndAnotherTakesOverWhenTheLeadersPodIsNotReadyOrGone() throws Exception {
        PODS.forEach(KubernetesLeaseTest::runningAndReady);
        for (String pod : PODS) {
            live.add(new Instance(pod, TestApplication.start(instance(pod))));
        }
        sampler = Executors.newSingleThreadScheduledExecutor();
        long sampledFrom = System.nanoTime();
        sampler.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);

        // exactly one polls, and the Lease names it
        Instance first = awaitOnePolling(Duration.ofSeconds(20));
        assertThat(holder()).isEqualTo(first.pod());
        Lease acquired = lease();
        assertThat(acquired.getSpec().getLeaseDurationSeconds()).as("half the failover timeout").isEqualTo(5);
        Thread.sleep(FAILOVER_TIMEOUT.toMillis() / 2);
        assertThat(polling()).containsExactly(first);
        assertThat(holder()).as("the leader keeps the Lease").isEqualTo(first.pod());
        assertThat(lease().getSpec().getRenewTime()).as("and renews it").isAfter(acquired.getSpec().getRenewTime());

        // its readiness probe fails while it runs (overloaded, cut off): it stops polling, another instance takes over
        long notReadyAt = System.nanoTime();
        notReady(first.pod());
        await().atMost(FAILOVER_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> !first.polls());
        long steppedDown = millisSince(notReadyAt);
        Instance second = awaitOtherPolling(first, notReadyAt);
        System.out.printf("KubernetesLeaseTest: %s stepped down %d ms after its pod turned not ready;"
                + " %s polls %d ms after%n", first.pod(), steppedDown, second.pod(), millisSince(notReadyAt));
        assertThat(holder()).isEqualTo(second.pod());
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThat(first.believesItLeads()).isFalse();

        // the new leader stops but its pod still counts as running and ready: nobody takes over, whatever the time
        live.remove(second);
        second.app().close();
        Instance third = live.stream().filter(i -> i != first).findFirst().orElseThrow();
        await().during(FAILOVER_TIMEOUT).atMost(FAILOVER_TIMEOUT.plusSeconds(1))
                .until(() -> polling().isEmpty() && second.pod().equals(holder()));
        System.out.printf("KubernetesLeaseTest: %s stopped, its pod left ready: the Lease is %s's %d s after its"
                + " renewal, and nobody polls%n", second.pod(), holder(), Duration.between(
                lease().getSpec().getRenewTime(), ZonedDateTime.now()).toSeconds());

        // its pod goes away (scaled down, evicted, replaced): the last ready instance takes over
        long deletedAt = System.nanoTime();
        client.pods().inNamespace(K8S_NAMESPACE).withName(second.pod()).delete();
        Instance last = awaitOtherPolling(second, deletedAt);
        assertThat(last).isEqualTo(third);
        System.out.printf("KubernetesLeaseTest: %s polls %d ms after %s's pod was deleted%n", last.pod(),
                millisSince(deletedAt), second.pod());
        assertThat(holder()).isEqualTo(third.pod());
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(2);

        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        long sampledFor = millisSince(sampledFrom);
        System.out.printf("KubernetesLeaseTest: %d samples every 20 ms in %d ms, two instances polling or leading at"
                + " once in %d%n", samples.get(), sampledFor, overlaps.size());
        assertThat(sampleErrors).as("samples that failed").isEmpty();
        // the sampling went on to the end (at least every 40 ms on a loaded machine)
        assertThat(samples.get()).isGreaterThanOrEqualTo((int) (sampledFor / 40));
        assertThat(overlaps).as("moments with two leaders").isEmpty();
    }

    private Map<String, String> instance(String pod) {
        return Map.of(
                // the smallest poll route (routePolicy: activePoller), and nothing else
                "camel.main.routes-include-pattern", "classpath:test-routes/active-poller.camel.yaml",
                "bridge.cluster.enabled", "true",
                "bridge.cluster.mode", "kubernetes",
                "bridge.cluster.failover-timeout", FAILOVER_TIMEOUT.toMillis() + "ms",
                "bridge.cluster.kubernetes.namespace", K8S_NAMESPACE,
                // one JVM, one HOSTNAME: each instance says which pod it is
                "bridge.cluster.kubernetes.pod-name", pod);
    }

    /** One look at every live instance; an instance stopped meanwhile (out of {@link #live} first) is no error. */
    private void sample() {
        samples.incrementAndGet();
        List<String> polling = new ArrayList<>();
        List<String> leading = new ArrayList<>();
        for (Instance instance : live) {
            try {
                if (instance.polls()) {
                    polling.add(instance.pod());
                }
                if (instance.believesItLeads()) {
                    leading.add(instance.pod());
                }
            } catch (RuntimeException e) {
                if (live.contains(instance)) {
                    sampleErrors.add(instance.pod() + ": " + e);
                }
            }
        }
        if (polling.size() > 1 || leading.size() > 1) {
            overlaps.add(System.currentTimeMillis() + " polling " + polling + " leading " + leading);
        }
    }

    private List<Instance> polling() {
        return live.stream().filter(Instance::polls).toList();
    }

    private Instance awaitOnePolling(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> polling().size() == 1);
        return polling().get(0);
    }

    /** Waits, within the failover timeout from {@code since}, for an instance other than {@code former} to poll. */
    private Instance awaitOtherPolling(Instance former, long since) {
        // on a loaded machine the deletion itself may have taken the whole timeout: then one look more, a second
        Duration left = FAILOVER_TIMEOUT.minusMillis(millisSince(since));
        await().atMost(left.compareTo(Duration.ofSeconds(1)) > 0 ? left : Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20)).until(() -> polling().stream()
                .anyMatch(i -> i != former));
        List<Instance> polling = polling();
        assertThat(polling).hasSize(1);
        return polling.get(0);
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static Lease lease() {
        return client.leases().inNamespace(K8S_NAMESPACE).withName(LEASE).get();
    }

    private static String holder() {
        return Optional.ofNullable(lease()).map(lease -> lease.getSpec().getHolderIdentity()).orElse(null);
    }

    /** What the kubelet reports for a started pod whose readiness probe passes. */
    private static void runningAndReady(String name) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(K8S_NAMESPACE).addToLabels("app", "rabota-bridge")
                .endMetadata()
                .withNewStatus().withPhase("Running")
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus()
                .build();
        client.pods().inNamespace(K8S_NAMESPACE).resource(pod).create();
    }

    /** What the kubelet reports once the pod's readiness probe fails: still running, not ready. */
    private static void notReady(String name) {
        client.pods().inNamespace(K8S_NAMESPACE).withName(name).editStatus(pod -> new PodBuilder(pod)
                .editStatus()
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build())
                .endStatus()
                .build());
    }
}
