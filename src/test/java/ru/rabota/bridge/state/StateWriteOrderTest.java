package ru.rabota.bridge.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.KeyTurns;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.kafka.TopicBootstrap;
import ru.rabota.bridge.testing.HoldSecondSend;
import ru.rabota.bridge.testing.TestKafka;

/**
 * A job's record staged by a Kafka command goes out in the command's transaction, a feed row's record of the same
 * external_id alone, through the store's producer: two producers, which Kafka does not order. The topic must never end
 * with the older of the two, not even for a moment: a process killed then leaves it there, and every instance reads
 * it after a restart (an intent lost: the job created twice). Before, the older record landed last and the newer one
 * was written again after it. The bundle's own transactions ({@link CommandTransactions}) on the shared broker.
 */
class StateWriteOrderTest {

    private static final String ROUTE = "jobs-from-kafka";

    private String prefix;
    private String topic;
    private TopicPartition command;
    private CamelContext context;
    private CommandTransactions transactions;
    private KafkaConsumer<String, String> member;
    private KafkaStateStore store;

    @BeforeEach
    void start() {
        prefix = TestKafka.uniquePrefix(StateWriteOrderTest.class);
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 1, (short) 1, 1_048_576);
        topic = Topic.STATE_JOBS.topicName(prefix);
        command = new TopicPartition(Topic.JOBS_COMMANDS.topicName(prefix), 0);
        HoldSecondSend.arm(Topic.STATE_JOBS.topicName(""));
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty(Topic.PREFIX_PROPERTY, prefix);
        context.getPropertiesComponent().setInitialProperties(properties);
        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(TestKafka.bootstrapServers());
        kafka.getConfiguration().setInterceptorClasses(HoldSecondSend.class.getName());
        context.addComponent("kafka", kafka);
        context.start();
        transactions = new CommandTransactions(context, KafkaClients.unmetered(), Duration.ofSeconds(20));
        transactions.start();
        member = member();
        store = new KafkaStateStore(topic, TestKafka.clientConfig(), Duration.ofSeconds(20));
        store.start();
    }

    @AfterEach
    void stop() {
        HoldSecondSend.release();
        store.stop();
        member.close(Duration.ZERO);
        transactions.stop();
        context.stop();
    }

    /**
     * A close staged by a command whose answer waits (for the answers before it), then a feed row's revival of the job
     * written alone, and the intent of the next row's creation: the close's transaction leaves the close out, the
     * command's event goes out with its offset. Before, the close landed over the intent.
     */
    @Test
    void aStagingALaterWriteOfItsKeyReplacedIsLeftOutOfItsTransaction() {
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-1", "closed");
        store.stage(Topic.STATE_JOBS, "HR-1", "revived").write().join();
        store.put("HR-1", "creating");

        transactions.commit(ROUTE, List.of(event("HR-1"), close.record()), offsets(1), member.groupMetadata());

        assertThat(member.committed(Set.of(command)).get(command).offset()).as("the command answered").isOne();
        assertThat(records("HR-1")).as("the older record never lands").containsExactly("revived", "creating");
        assertThat(store.get("HR-1")).contains("creating");
        assertThat(restarted().get("HR-1")).contains("creating");
    }

    /**
     * A close staged by a command whose answer waits, then a feed row's revival staged over it and given up (the row's
     * part stopped, its write failed, or its turn was not taken in time): no later write of the key landed, so the
     * close goes out with its command's event. Before, it was left out as replaced: the {@code closed} event and the
     * offset went out while the key kept the job's record before the close, and the job, closed on the board, was
     * taken for active for good (an unchanged upsert answered {@code unchanged} without reviving it).
     */
    @Test
    void aStagingIsWrittenWhenTheLaterStagingThatReplacedItIsGivenUp() {
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-6", "closed");
        store.stage(Topic.STATE_JOBS, "HR-6", "revived").abandoned();

        transactions.commit(ROUTE, List.of(event("HR-6"), close.record()), offsets(1), member.groupMetadata());

        assertThat(records("HR-6")).containsExactly("closed");
        assertThat(store.get("HR-6")).contains("closed");
        assertThat(restarted().get("HR-6")).contains("closed");
    }

    /**
     * The command's transaction sends the close (its turn taken) and is held before its commit: the feed row's
     * revival staged meanwhile waits for the commit, and lands after the close.
     */
    @Test
    void aWriteOfAKeyWaitsForTheTransactionThatSendsItAndLandsAfterIt() throws Exception {
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-2", "closed");
        StagedWrite other = store.stage(Topic.STATE_JOBS, "HR-3", "created");
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> transactions.commit(ROUTE,
                List.of(close.record(), other.record()), offsets(1), member.groupMetadata()));
        assertThat(HoldSecondSend.awaitHolding()).isTrue();

        CompletableFuture<Void> revival = CompletableFuture.supplyAsync(
                () -> store.stage(Topic.STATE_JOBS, "HR-2", "revived").write()).thenCompose(written -> written);
        Thread.sleep(500);
        assertThat(revival).as("the close is on its way").isNotDone();
        HoldSecondSend.release();
        commit.get(20, TimeUnit.SECONDS);
        revival.get(20, TimeUnit.SECONDS);

        assertThat(records("HR-2")).containsExactly("closed", "revived");
        assertThat(store.get("HR-2")).contains("revived");
        assertThat(restarted().get("HR-2")).contains("revived");
    }

    /**
     * A staging set aside while its command's partition was away, then the key written alone (an intent): the
     * staging, sent when the partition came back, is left out; before, it landed over the intent.
     */
    @Test
    void aStagingSetAsideIsLeftOutOnceItsKeyWasWrittenAfterIt() {
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-4", "closed");
        close.setAside();
        assertThat(store.get("HR-4")).as("what Kafka holds").isEmpty();
        store.put("HR-4", "creating");

        transactions.commit(ROUTE, List.of(event("HR-4"), close.record()), offsets(1), member.groupMetadata());

        assertThat(records("HR-4")).containsExactly("creating");
        assertThat(restarted().get("HR-4")).contains("creating");
    }

    /**
     * Two commands of one external_id under two keys (two partitions), answered in one transaction after a poll read
     * again listed the later one's partition first: the earlier record is left out, and the topic ends with the later
     * one. Leaving out only the stagings a landed write made stale would send both, and the earlier would land last.
     */
    @Test
    void ofTwoStagingsOfAKeyInOneTransactionTheLaterGoesWhateverTheirOrder() {
        HoldSecondSend.release(); // both may go out
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-8", "closed");
        StagedWrite revival = store.stage(Topic.STATE_JOBS, "HR-8", "revived");

        transactions.commit(ROUTE, List.of(event("HR-8"), revival.record(), event("HR-8"), close.record()), offsets(2),
                member.groupMetadata());

        assertThat(records("HR-8")).containsExactly("revived");
        assertThat(store.get("HR-8")).contains("revived");
        assertThat(restarted().get("HR-8")).contains("revived");
    }

    /**
     * A command's transaction whose key's earlier write does not end in time fails naming the key, which the route's
     * WARN line shows ("cannot write command answers to Kafka, trying again"), and writes nothing: the poll is read
     * again. Before, the line said "an earlier write of the same key", of a transaction that holds many keys.
     */
    @Test
    void aTransactionThatWaitedTooLongForItsKeysTurnNamesTheKey() {
        CommandTransactions impatient = new CommandTransactions(context, KafkaClients.unmetered(),
                Duration.ofSeconds(1));
        impatient.start();
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-7", "closed");
        try (KeyTurns.Held earlier = KeyTurns.take(List.of(store.turn("HR-7")), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> impatient.commit(ROUTE, List.of(event("HR-7"), close.record()), offsets(1),
                    member.groupMetadata())).hasMessage("an earlier write of HR-7 did not end within 1 s");
        } finally {
            impatient.stop();
        }

        assertThat(member.committed(Set.of(command)).get(command)).as("the command not answered").isNull();
        assertThat(store.get("HR-7")).as("still staged, for the poll read again").contains("closed");
    }

    /**
     * A put whose caller stopped waiting (interrupted, as at a stop; or timed out) lands all the same: its key's turn
     * is held until Kafka answered, and once it landed, a staging set aside before it is left out. Before, the turn
     * was given back at once and the landing not noted: the older staging, sent when its partition came back, landed
     * over it.
     */
    @Test
    void aPutWhoseWaitEndedEarlyStillLeavesOutTheStagingsBeforeIt() {
        store.put("HR-0", "created"); // the producer knows the topic: the next send does not wait
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-9", "closed");
        close.setAside();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> store.put("HR-9", "creating")).hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).isTrue();

        transactions.commit(ROUTE, List.of(event("HR-9"), close.record()), offsets(1), member.groupMetadata());

        assertThat(records("HR-9")).containsExactly("creating");
        assertThat(restarted().get("HR-9")).contains("creating");
    }

    /** A staging set aside and sent once its partition came back, nothing of its key written meanwhile, lands. */
    @Test
    void aStagingSetAsideIsWrittenWhenItsPartitionComesBack() {
        StagedWrite created = store.stage(Topic.STATE_JOBS, "HR-5", "created");
        created.setAside();

        transactions.commit(ROUTE, List.of(event("HR-5"), created.record()), offsets(1), member.groupMetadata());

        assertThat(records("HR-5")).containsExactly("created");
        assertThat(store.get("HR-5")).contains("created");
    }

    private static OutputRecord event(String key) {
        return new OutputRecord(Topic.JOBS_EVENTS, key, "{\"event\":\"created\"}", "created", null, where -> { });
    }

    private Map<TopicPartition, OffsetAndMetadata> offsets(long next) {
        return Map.of(command, new OffsetAndMetadata(next));
    }

    /** The key's records in the state topic, in their order, as a read_committed reader sees them. */
    private List<String> records(String key) {
        return TestKafka.consumeUntilQuiet(TestKafka.clientConfig(), topic, Duration.ofSeconds(1),
                Duration.ofSeconds(20)).stream().filter(record -> key.equals(record.key()))
                .map(ConsumerRecord::value).toList();
    }

    private KafkaStateStore restarted() {
        store.stop();
        store = new KafkaStateStore(topic, TestKafka.clientConfig(), Duration.ofSeconds(20));
        store.start();
        return store;
    }

    /** A consumer in the command topic's group, whose offsets the transactions commit. */
    private KafkaConsumer<String, String> member() {
        Map<String, Object> config = new HashMap<>(TestKafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "rabota-bridge-jobs");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(command.topic()));
        for (int i = 0; i < 100 && consumer.assignment().isEmpty(); i++) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }
}
