package ru.rabota.bridge.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.Topic;

/**
 * One namespace of the {@link KafkaClusterService}: a consumer of the group {@code group} subscribed to
 * {@code rabota.cluster.leader}, polled on a thread of its own (which keeps it in the group), never reading a
 * record. This instance leads while the group assigns it the topic's one partition (partition 0, should there be more).
 * <p>
 * The group session is a third of the failover timeout, so a killed leader is dropped after at most a third of it
 * and the rest covers a heartbeat, the rebalance and the first poll of its successor. The sticky cooperative assignor leaves the
 * partition where it is when members join or leave: a restarted instance does not take the lead from a running one.
 * Leadership ends at once when the partition is revoked or lost, when polling fails, and when the last poll is older
 * than the session minus one heartbeat (the lease): a process that was paused (SIGSTOP, a long GC, a frozen VM)
 * cannot know whether the group dropped it, and the first poll after the pause does not tell, so it stops leading
 * and rejoins the group with a new consumer. So it does when the group's coordinator has not answered a heartbeat
 * for as long (cut off from Kafka, the consumer polls on and never hears that the group dropped it), except in a
 * rebalance: Kafka's consumer sends no heartbeat while its JoinGroup waits, and the coordinator holds it until every
 * member rejoined or a stalled one's session ran out (a member paused while another joins). It stops leading then too
 * (it cannot tell this from being cut off), but stays in the group, and leads again when the rebalance leaves it
 * partition 0: leaving would start another rebalance and hand the lead on. Events go out on a thread of their own, so
 * starting or stopping routes never holds up the poll.
 */
final class KafkaClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterView.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String group;
    private final KafkaClients clients;
    private final Duration session;
    private final Duration heartbeat;
    private final Duration maxPollInterval;
    /** How long after its last poll this instance may still count on its assignment. */
    private final Duration lease;
    private final Member local = new Member();
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean assigned;
    private boolean sessionRefused;
    /** Why this instance cannot take part in the election, while it cannot (the poll thread's). */
    private String trouble;
    private volatile long lastPollNanos;
    /** When the group's coordinator last answered this member (a heartbeat, the assignment). */
    private volatile long lastContactNanos;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread poller;
    private ExecutorService events;

    KafkaClusterView(KafkaClusterService service, String namespace, String group, Duration failoverTimeout,
            KafkaClients clients) {
        super(service, namespace);
        this.group = group;
        this.clients = clients;
        this.session = failoverTimeout.dividedBy(3);
        this.heartbeat = session.dividedBy(3);
        this.maxPollInterval = failoverTimeout;
        this.lease = session.minus(heartbeat);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return local.isLeader() ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    /** Only this instance: the group protocol tells each member its own assignment, not the others'. */
    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    @Override
    protected void doStart() throws Exception {
        CamelContext context = getClusterService().getCamelContext();
        Map<String, Object> config = consumerConfig(context);
        String topic = Topic.CLUSTER_LEADER.topicName(context);
        events = context.getExecutorServiceManager().newSingleThreadExecutor(this, "leadership-" + getNamespace());
        running = true;
        stopping = false;
        poller = new Thread(() -> pollWhileRunning(config, topic), "rabota-bridge-leader-" + getNamespace());
        poller.setDaemon(true);
        // joins once the context has started: routes started by a leadership event while the context is still
        // starting them would wait for each other
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                if (alreadyStarted) {
                    join();
                }
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                join();
            }
        });
    }

    private synchronized void join() {
        if (running && !poller.isAlive()) {
            poller.start();
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        // gives up the lead and waits until the routes stopped, and only then leaves the group: the next leader
        // never polls while this one still does
        stopping = true;
        leadership(false, "stopping");
        getClusterService().getCamelContext().getExecutorServiceManager().shutdownGraceful(events);
        running = false;
        synchronized (this) {
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (poller.isAlive()) {
            poller.join(session.toMillis() + POLL.toMillis());
        }
    }

    private void pollWhileRunning(Map<String, Object> config, String topic) {
        while (running) {
            AtomicBoolean inRebalance = new AtomicBoolean();
            try (KafkaConsumer<byte[], byte[]> created = newConsumer(config, inRebalance)) {
                if (created.partitionsFor(topic).isEmpty()) {
                    throw new KafkaException("topic " + topic + " does not exist (create it, or let the bridge with"
                            + " bridge.topics.create=true)");
                }
                created.subscribe(List.of(topic), new Assignment(created));
                pollWhileLeaseHolds(created, inRebalance);
            } catch (WakeupException e) {
                // stopping: closing the consumer leaves the group, the partition goes to another member at once
            } catch (InvalidSessionTimeoutException e) {
                // no instance can ever lead: said once, at ERROR, since nothing else would say why nothing polls
                if (!sessionRefused) {
                    sessionRefused = true;
                    LOG.error("Kafka refuses the cluster view's session of {} ms (a third of"
                            + " bridge.cluster.failover-timeout): the brokers' group.min.session.timeout.ms (6 s by"
                            + " default) wants a failover timeout of at least 3 times it, 18s by default. No instance"
                            + " polls until it is raised", session.toMillis());
                }
                sleepBeforeRetry();
            } catch (KafkaException e) {
                leadership(false, "polling the group " + group + " failed: " + e.getMessage());
                // a missing topic or a refused right: no instance may lead, and nothing else would say why
                if (trouble == null) {
                    trouble = e.getMessage();
                    LOG.warn("Cluster: this instance cannot take part in the election of {} (Kafka group {}, topic"
                            + " {}): {}; trying again every second, one line when it does", getNamespace(), group,
                            topic, trouble);
                }
                sleepBeforeRetry();
            } finally {
                synchronized (this) {
                    consumer = null;
                }
            }
        }
    }

    /**
     * Polls until the application stops or this instance can no longer count on its assignment: its own polls or
     * the group coordinator's answers came more than the lease apart (paused or starved of CPU; cut off from Kafka,
     * where a consumer polls on and never hears that the group dropped it). Then it stops leading, and the caller
     * rejoins the group with a new consumer; in a rebalance ({@code inRebalance}, see
     * {@link RebalanceTrackingAssignor}) the coordinator's silence only ends the lead, and the rebalance's end decides.
     */
    private void pollWhileLeaseHolds(KafkaConsumer<byte[], byte[]> created, AtomicBoolean inRebalance) {
        Metric heartbeats = heartbeatsAnswered(created);
        double answered = 0;
        lastPollNanos = System.nanoTime();
        lastContactNanos = lastPollNanos;
        while (running) {
            created.poll(POLL);
            long now = System.nanoTime();
            long silent = now - lastPollNanos;
            if (silent >= lease.toNanos()) {
                leadership(false, "this instance was silent for " + TimeUnit.NANOSECONDS.toMillis(silent)
                        + " ms (paused, or starved of CPU); rejoining the group");
                return;
            }
            lastPollNanos = now;
            if (trouble != null) {
                LOG.info("Cluster: this instance takes part in the election of {} again", getNamespace());
                trouble = null;
            }
            double total = heartbeats == null ? Double.NaN : ((Number) heartbeats.metricValue()).doubleValue();
            if (heartbeats == null || total > answered) {
                answered = total;
                lastContactNanos = now;
            }
            if (assigned && now - lastContactNanos >= lease.toNanos()) {
                String silence = "Kafka's group coordinator has not answered for "
                        + TimeUnit.NANOSECONDS.toMillis(now - lastContactNanos) + " ms";
                if (!inRebalance.get()) {
                    leadership(false, silence + " (cut off from Kafka?); rejoining the group");
                    return;
                }
                leadership(false, silence + " in a rebalance (which waits for every member to rejoin, a stalled"
                        + " one until its session ends; or cut off from Kafka?); leading again if it ends with the"
                        + " lead here");
            }
        }
    }

    /**
     * The consumer's count of heartbeat answers from the group's coordinator: the only sign it gives of still being
     * in the group while cut off (no callback does). Null when the consumer has none (another group protocol): then
     * only this instance's own silence ends its lead.
     */
    private static Metric heartbeatsAnswered(KafkaConsumer<?, ?> consumer) {
        return consumer.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("heartbeat-total")
                        && metric.getKey().group().equals("consumer-coordinator-metrics"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private synchronized KafkaConsumer<byte[], byte[]> newConsumer(Map<String, Object> config,
            AtomicBoolean inRebalance) {
        Map<String, Object> tracked = new HashMap<>(config);
        tracked.put(RebalanceTrackingAssignor.IN_REBALANCE, inRebalance);
        consumer = clients.consumer(tracked, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return consumer;
    }

    private void sleepBeforeRetry() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Partition 0 is the lead: a topic created by hand with more partitions (the bundle creates it with one) would
     * otherwise make a leader of each member given one, and several instances would poll.
     */
    private static boolean leads(Collection<TopicPartition> partitions) {
        return partitions.stream().anyMatch(partition -> partition.partition() == 0);
    }

    /** Called on the poll thread, inside {@code poll} or {@code close}. */
    private final class Assignment implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;

        Assignment(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        /**
         * The whole assignment, not the partitions added: a rebalance that stopped the lead keeps partition 0 here
         * without adding it. Not after this process stood still for the lease: the answer may be older than a group
         * that went on without it, and the poll loop rejoins.
         */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (leads(consumer.assignment()) && System.nanoTime() - lastPollNanos < lease.toNanos()) {
                lastPollNanos = System.nanoTime();
                lastContactNanos = lastPollNanos;
                leadership(true, null);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (leads(partitions)) {
                leadership(false, "the group handed the lead to another member");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (leads(partitions)) {
                leadership(false, "the group went on without this instance (no heartbeat within "
                        + session.toMillis() + " ms: paused, or cut off from Kafka)");
            }
        }
    }

    private synchronized void leadership(boolean lead, String reason) {
        if (assigned == lead || (lead && stopping)) {
            return;
        }
        assigned = lead;
        if (lead) {
            LOG.info("Cluster: this instance is now the leader of {} (Kafka group {})", getNamespace(), group);
        } else {
            LOG.info("Cluster: this instance is no longer the leader of {}: {}", getNamespace(), reason);
        }
        events.execute(() -> fireLeadershipChangedEvent(getLeader()));
    }

    private Map<String, Object> consumerConfig(CamelContext context) {
        Map<String, Object> config = KafkaClientSettings.forClient(KafkaClientSettings.component(context),
                ConsumerConfig.configNames());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "rabota-bridge-leader-" + getNamespace());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeat.toMillis());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RebalanceTrackingAssignor.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    private final class Member implements CamelClusterMember {

        private final String id = group + "/" + UUID.randomUUID();

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        /**
         * Assigned, polled and answered by the group's coordinator recently enough that the group cannot have
         * dropped this instance meanwhile.
         */
        @Override
        public boolean isLeader() {
            long now = System.nanoTime();
            return assigned && now - lastPollNanos < lease.toNanos() && now - lastContactNanos < lease.toNanos();
        }
    }
}
