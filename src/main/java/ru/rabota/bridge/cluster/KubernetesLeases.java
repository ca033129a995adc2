package ru.rabota.bridge.cluster;

import java.time.Duration;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * {@code bridge.cluster.mode=kubernetes}: camel-kubernetes' {@link KubernetesClusterService} on a
 * {@code coordination.k8s.io} Lease. camel-kubernetes and its Kubernetes client (about 40 MB) are not in the
 * default fat jar: build with {@code -Pkubernetes}. Loaded only in that mode, so the class is absent otherwise.
 */
final class KubernetesLeases {

    private KubernetesLeases() {
    }

    /**
     * The lease lasts half the failover timeout, is renewed within a third and tried every fifteenth (Camel's own
     * 15 s, 10 s and 2 s for the default 30 s).
     *
     * @param kubernetesNamespace where the pods and the Lease live; empty: the pod's own namespace
     * @param podName this instance's identity, the Lease's holder when it leads, which must name a running and ready
     *            pod of that namespace; empty: Camel's own default, the {@code HOSTNAME} variable (the pod's name)
     */
    static CamelClusterService service(String kubernetesNamespace, String leaseName, String podName,
            Duration failoverTimeout) {
        KubernetesClusterService service = new KubernetesClusterService();
        service.setId("rabota-bridge-kubernetes");
        if (!podName.isBlank()) {
            service.setPodName(podName.trim());
        }
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName(leaseName);
        if (!kubernetesNamespace.isBlank()) {
            service.setKubernetesNamespace(kubernetesNamespace);
            service.setKubernetesResourcesNamespace(kubernetesNamespace);
        }
        service.setLeaseDurationMillis(failoverTimeout.dividedBy(2).toMillis());
        service.setRenewDeadlineMillis(failoverTimeout.dividedBy(3).toMillis());
        service.setRetryPeriodMillis(failoverTimeout.dividedBy(15).toMillis());
        return service;
    }
}
