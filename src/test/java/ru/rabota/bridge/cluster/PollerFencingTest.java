package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;

/**
 * Two instances in one JVM, elected through Kafka: only the leader publishes a poll's events, and once another
 * instance leads, the former leader's producer is fenced and its polls publish nothing, while command publications
 * still go out from any instance. A real stalled process: {@code ru.rabota.bridge.it.ClusterFailoverIT}.
 */
class PollerFencingTest {

    private final String prefix = TestKafka.uniquePrefix(getClass());

    @Test
    void aReplacedLeaderCanNeitherCommitItsOpenTransactionNorPublishAPoll() throws Exception {
        try (TestApplication first = TestApplication.start(instance());
                KafkaProducer<String, String> stalled = sharedIdProducer()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> leadership(first).isLeader());
            assertThat(first.applicationPublisher().publishPolled(List.of(snapshot("1")), Map.of()))
                    .isEqualTo(new Publication(1, 0, 0));

            try (TestApplication second = TestApplication.start(instance())) {
                // long enough for the second member's rebalance: the first keeps the lead through it
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                        .until(() -> leadership(first).isLeader() && !leadership(second).isLeader());
                assertThatThrownBy(() -> second.applicationPublisher().publishPolled(List.of(snapshot("2")), Map.of()))
                        .isInstanceOf(NotLeaderException.class);
                // a command is answered by whichever instance consumed it: that fences the leader's producer ...
                assertThat(second.applicationPublisher().publish(List.of(snapshot("3")), "r-3", Map.of()))
                        .isEqualTo(new Publication(1, 0, 0));
                // ... which takes the id back, as it still leads
                assertThat(first.applicationPublisher().publishPolled(List.of(snapshot("4")), Map.of()))
                        .isEqualTo(new Publication(1, 0, 0));

                // the first instance in the middle of a transaction when its lead lapses (its group session ends)
                stalled.initTransactions();
                int stalledEpoch = epoch();
                stalled.beginTransaction();
                stalled.send(new ProducerRecord<>(Topic.APPLICATIONS.topicName(prefix), "vkrabota:5", "{}"));
                first.context().hasService(KafkaClusterService.class).stop();

                await().atMost(Duration.ofSeconds(20)).until(() -> leadership(second).isLeader());
                // the new leader starts its producer at once: the open transaction is aborted and cannot commit
                await().atMost(Duration.ofSeconds(10)).until(() -> epoch() > stalledEpoch);
                assertThatThrownBy(stalled::commitTransaction).isInstanceOf(ProducerFencedException.class);
                assertThatThrownBy(() -> first.applicationPublisher().publishPolled(List.of(snapshot("6")), Map.of()))
                        .isInstanceOf(NotLeaderException.class);
                assertThat(second.applicationPublisher().publishPolled(List.of(snapshot("7")), Map.of()))
                        .isEqualTo(new Publication(1, 0, 0));
            }
        }
        assertThat(TestKafka.consumeUntilQuiet(Topic.APPLICATIONS.topicName(prefix), Duration.ofSeconds(1),
                Duration.ofSeconds(20))).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("vkrabota:1", "vkrabota:3", "vkrabota:4", "vkrabota:7");
    }

    /**
     * A leader cut off from Kafka (its process runs, its polls would still reach the APIs) stops leading within its
     * lease: the group elects another member after the session, and two instances would poll. Its own broker,
     * stopped under it. Before that, a poll route stopped on the leader by something else than the cluster policy is
     * started again (Camel's supervising controller does not watch the policy's routes: it stayed stopped before).
     */
    @Test
    void aLeaderCutOffFromKafkaStopsLeadingWithinItsLease(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.start(FreePort.next(), dir);
        try {
            Map<String, String> properties = new HashMap<>(instance());
            properties.put("camel.component.kafka.brokers", broker.bootstrapServers());
            properties.put("camel.route-controller.back-off-delay", "1000");
            try (TestApplication app = TestApplication.start(properties)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> leadership(app).isLeader());
                awaitStatus(app, ServiceStatus.Started);
                // stopped by something else than the cluster policy (a start at the lead that failed): started again
                app.context().getRouteController().stopRoute("test-ticker");
                awaitStatus(app, ServiceStatus.Started);

                broker.close();

                // session 3 s: another member could lead 3 s after the last heartbeat Kafka answered
                await().atMost(Duration.ofSeconds(6)).until(() -> !leadership(app).isLeader());
                awaitStatus(app, ServiceStatus.Stopped);
            }
        } finally {
            broker.close();
        }
    }

    /**
     * Kafka's consumer sends no heartbeat while its JoinGroup waits, and the group coordinator holds every member's
     * JoinGroup until a member that stood still (here paused with SIGSTOP, in a JVM of its own) rejoined or its
     * session ran out: a third member joining then silences the leader for longer than its lease. The leader stops
     * leading for that while (it cannot tell it from being cut off), but stays in the group and leads again as the
     * rebalance ends with partition 0 still its own: no second rebalance, the lead stays. Before, it left the group
     * ("rejoining the group") and the lead went to the joining member.
     */
    @Test
    void aLeaderWhoseRebalanceWaitsForAStalledMemberLeadsAgainWhenItEnds(@TempDir Path dir) throws Exception {
        String group = prefix + "rabota-bridge-leader-rabota-bridge-pollers";
        String topic = Topic.CLUSTER_LEADER.topicName(prefix);
        try (LogCapture logs = new LogCapture(); TestApplication app = TestApplication.start(instance())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> leadership(app).isLeader());
            // its session of 8 s holds the next rebalance up to 8 s, the leader's lease is 2 s
            Process stalled = GroupMember.inJvmOfItsOwn(TestKafka.bootstrapServers(), group, topic,
                    Duration.ofSeconds(8), dir.resolve("member.log"));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.stableMembers(group) == 2);
                GroupMember.freeze(stalled);
                try (GroupMember joining = new GroupMember(TestKafka.bootstrapServers(), group, topic,
                        Duration.ofSeconds(8))) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> !joining.generations().isEmpty());

                    await().atMost(Duration.ofSeconds(3)).until(() -> leadership(app).isLeader());
                    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                            .until(() -> leadership(app).isLeader() && joining.generations().size() == 1);
                    awaitStatus(app, ServiceStatus.Started);
                    assertThat(logs.lines("INFO", "in a rebalance")).as(logs.text()).isEqualTo(1);
                    assertThat(logs.lines("INFO", "rejoining the group")).as(logs.text()).isZero();
                }
            } finally {
                stalled.destroyForcibly().waitFor();
            }
        }
    }

    /** The bundle creates the leader topic with one partition; one an operator made with more still elects one. */
    @Test
    void aLeaderTopicCreatedWithSeveralPartitionsStillElectsOneLeader() throws Exception {
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(Topic.CLUSTER_LEADER.topicName(prefix), 2, (short) 1))).all()
                    .get();
        }
        try (TestApplication first = TestApplication.start(instance());
                TestApplication second = TestApplication.start(instance())) {
            // long enough for the second member's rebalance, which gives it a partition
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                    .until(() -> Stream.of(first, second).filter(app -> leadership(app).isLeader()).count() == 1);
        }
    }

    /** No leader topic (topics not created by the bundle): nothing polls, and one WARN says why until it exists. */
    @Test
    void aMissingLeaderTopicIsNamedOnceAndTheElectionTakesPlaceOnceItExists() throws Exception {
        Map<String, String> properties = new HashMap<>(instance());
        properties.put(Topic.PREFIX_PROPERTY, prefix + "untopical.");
        properties.put("bridge.topics.create", "false");
        String topic = Topic.CLUSTER_LEADER.topicName(prefix + "untopical.");
        try (LogCapture logs = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines("WARN", topic) > 0);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines("WARN", topic) == 1);
            assertThat(leadership(app).isLeader()).isFalse();

            try (Admin admin = Admin.create(TestKafka.clientConfig())) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> leadership(app).isLeader()
                    && logs.lines("INFO", "takes part in the election") == 1);
        }
    }

    /** A failover timeout whose session the brokers refuse: no instance could ever lead, and one ERROR says why. */
    @Test
    void aFailoverTimeoutTheBrokersRefuseIsNamedInOneError() throws Exception {
        Map<String, String> properties = new HashMap<>(instance());
        properties.put(Topic.PREFIX_PROPERTY, prefix + "short.");
        // the test broker's group.min.session.timeout.ms is 1 s: a session of 700 ms, a third of 2.1 s, is refused
        properties.put("bridge.cluster.failover-timeout", "2100ms");
        try (LogCapture logs = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> logs.lines("ERROR", "(a third of bridge.cluster.failover-timeout)") > 0);
            // the view tries again every second, and says so once
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines("ERROR", "(a third of bridge.cluster.failover-timeout)") == 1);
            assertThat(leadership(app).isLeader()).isFalse();
        }
    }

    private Map<String, String> instance() {
        return Map.of(Topic.PREFIX_PROPERTY, prefix,
                "bridge.cluster.enabled", "true",
                // a session of 3 s, which a loaded machine keeps (at 1 s the leader lost it once between two steps)
                "bridge.cluster.failover-timeout", "9s",
                "camel.main.routes-include-pattern", "classpath:test-routes/active-poller.camel.yaml");
    }

    /** As the first instance's publisher: the transactional id every instance shares. */
    private KafkaProducer<String, String> sharedIdProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId()),
                new StringSerializer(), new StringSerializer());
    }

    private String transactionalId() {
        return "rabota-bridge-" + prefix + "applications";
    }

    /** The epoch the broker holds for the shared id: each producer that starts with it raises it. */
    private int epoch() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            return admin.describeTransactions(List.of(transactionalId())).description(transactionalId()).get()
                    .producerEpoch();
        }
    }

    private static void awaitStatus(TestApplication app, ServiceStatus status) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.context().getRouteController().getRouteStatus("test-ticker") == status);
    }

    private static PollerLeadership leadership(TestApplication app) {
        return app.context().getRegistry().lookupByNameAndType("pollerLeadership", PollerLeadership.class);
    }

    private static ApplicationSnapshot snapshot(String id) {
        return new ApplicationSnapshot("vkrabota", id, "1", null, "new", "2024-01-02T10:00:00+03:00", null, null);
    }
}
