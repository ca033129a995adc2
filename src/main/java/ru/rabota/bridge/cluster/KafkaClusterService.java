package ru.rabota.bridge.cluster;

import java.time.Duration;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

import ru.rabota.bridge.kafka.KafkaClients;

/**
 * Elects a leader per namespace through Kafka's own group coordination, for Camel's cluster SPI: the
 * {@code activePoller} route policy ({@code ClusteredRoutePolicy}) runs on it as on any other cluster service.
 * <p>
 * Hand-written because Camel has none for Kafka (it ships file locks, Kubernetes leases, ZooKeeper, Consul, etcd,
 * JGroups...), and cluster mode must need nothing but the Kafka the bundle already uses. It is small on purpose: it
 * adds no protocol of its own, only reads what the consumer group protocol decides. Each {@link KafkaClusterView}
 * joins the group {@code <prefix>rabota-bridge-leader-<namespace>} on the one-partition topic
 * {@code rabota.cluster.leader}; the member the coordinator assigns that partition leads. A member that stops
 * heart-beating for {@code session.timeout.ms} is dropped and the partition goes to another one. The group
 * generation is no durable token, so leadership alone guards nothing: the shared {@code transactional.id} of the
 * application publisher is the fence that stops a former leader that stalled (see {@code ApplicationPublisher}).
 */
public final class KafkaClusterService extends AbstractCamelClusterService<KafkaClusterView> {

    private final String groupPrefix;
    private final Duration failoverTimeout;
    private final KafkaClients clients;

    /**
     * @param groupPrefix     the consumer group of a namespace is this plus the namespace
     * @param failoverTimeout a killed leader is replaced within this: a third of it is the group session
     * @param clients         makes each view's consumer, with its meters
     */
    public KafkaClusterService(String groupPrefix, Duration failoverTimeout, KafkaClients clients) {
        this.groupPrefix = groupPrefix;
        this.failoverTimeout = failoverTimeout;
        this.clients = clients;
    }

    @Override
    protected KafkaClusterView createView(String namespace) {
        return new KafkaClusterView(this, namespace, groupPrefix + namespace, failoverTimeout, clients);
    }
}
