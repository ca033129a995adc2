package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.MisconfiguredTopicException;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.kafka.TopicBootstrap;
import ru.rabota.bridge.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KafkaStateStoreTest {

    private final List<KafkaStateStore> stores = new ArrayList<>();
    private String topic;

    @BeforeEach
    void createTopics() {
        String prefix = TestKafka.uniquePrefix(KafkaStateStoreTest.class);
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 3, (short) 1, 1_048_576);
        topic = Topic.STATE_JOBS.topicName(prefix);
    }

    @AfterEach
    void stopStores() {
        stores.forEach(KafkaStateStore::stop);
    }

    private KafkaStateStore store(String name) {
        KafkaStateStore store = new KafkaStateStore(name, Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                Duration.ofSeconds(20));
        store.start();
        stores.add(store);
        return store;
    }

    @Test
    void valuesSurviveARestartAndTombstonesRemoveThem() {
        KafkaStateStore first = store(topic);
        first.put("HR-1", "{\"job_id\":\"651\"}");
        first.put("HR-2", "{\"job_id\":\"652\"}");
        first.remove("HR-2");
        assertThat(first.get("HR-1")).contains("{\"job_id\":\"651\"}");
        first.stop();

        KafkaStateStore restarted = store(topic);

        assertThat(restarted.get("HR-1")).contains("{\"job_id\":\"651\"}");
        assertThat(restarted.get("HR-2")).isEmpty();
        assertThat(restarted.size()).isEqualTo(1);
    }

    /**
     * A removed key's tombstone is held only until the store's reader read it: before, one was held for the
     * process's life for every key ever removed (an intent undone after a refused publication, etc.).
     */
    @Test
    void aRemovedKeyIsReleasedOnceItsTombstoneIsRead() {
        KafkaStateStore store = store(topic);
        for (int i = 0; i < 100; i++) {
            store.put("HR-" + i, "intent");
            store.remove("HR-" + i);
        }
        store.put("HR-kept", "created");
        store.readToEnd();

        await().atMost(Duration.ofSeconds(10)).until(store::held, held -> held == 1);
        assertThat(store.get("HR-0")).isEmpty();
        assertThat(store.get("HR-kept")).contains("created");
    }

    @Test
    void keepsEveryKeyNotOnlyTheLastThousand() {
        KafkaStateStore store = store(topic);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            many.put("vkrabota:" + i, "read");
        }
        store.putAll(many);
        store.stop();

        KafkaStateStore restarted = store(topic);

        assertThat(restarted.size()).isEqualTo(5_000);
        assertThat(restarted.get("vkrabota:0")).contains("read");
        assertThat(restarted.get("vkrabota:4999")).contains("read");
    }

    @Test
    void anotherInstanceSeesWritesAfterReadToEndAndByFollowing() {
        KafkaStateStore writer = store(topic);
        KafkaStateStore reader = store(topic);
        assertThat(reader.get("HR-7")).isEmpty();

        writer.put("HR-7", "v1");
        reader.readToEnd();
        assertThat(reader.get("HR-7")).contains("v1");

        writer.put("HR-7", "v2");
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("HR-7").orElse(""), "v2"::equals);
    }

    @Test
    void readToEndDoesNotWaitBehindTheReadersIdleFetch() {
        KafkaStateStore writer = store(topic);
        // a reader whose fetch, when nothing is new, is held by the broker for longer than the store's timeout
        KafkaStateStore reader = new KafkaStateStore(topic, Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                "fetch.max.wait.ms", 20_000), Duration.ofSeconds(5));
        reader.start();
        stores.add(reader);
        assertThat(reader.get("HR-9")).isEmpty();

        // before, the ends were asked for behind that fetch: the store's timeout, every time
        for (int write = 1; write <= 3; write++) {
            reader.readToEnd();
            writer.put("HR-9", "v" + write);
            reader.readToEnd();
            assertThat(reader.get("HR-9")).contains("v" + write);
        }
    }

    @Test
    void aStagedValueIsSeenAtOnceOverOtherWritesUntilItsOwnIsWritten() {
        KafkaStateStore store = store(topic);
        KafkaStateStore other = store(topic);
        store.put("HR-8", "intent");

        StagedWrite created = store.stage(Topic.STATE_JOBS, "HR-8", "created");
        assertThat(store.get("HR-8")).contains("created");
        other.readToEnd();
        assertThat(other.get("HR-8")).contains("intent"); // nothing written yet
        StagedWrite updated = store.stage(Topic.STATE_JOBS, "HR-8", "updated");
        // the earlier staging written first: the later one still shows
        created.write().join();
        assertThat(store.get("HR-8")).contains("updated");
        updated.write().join();
        other.readToEnd();
        assertThat(other.get("HR-8")).contains("updated");
        assertThat(store.get("HR-8")).contains("updated");
        store.stop();
        assertThat(store(topic).get("HR-8")).contains("updated");
    }

    @Test
    void aStagedValueGivenUpShowsWhatKafkaHolds() {
        KafkaStateStore store = store(topic);
        store.put("HR-9", "intent");

        StagedWrite lost = store.stage(Topic.STATE_JOBS, "HR-9", "created");
        assertThat(store.get("HR-9")).contains("created");
        lost.abandoned();

        assertThat(store.get("HR-9")).contains("intent");
    }

    @Test
    void aWriteOfAStagedKeyWaitsForTheStagedWriteAndLandsAfterIt() throws Exception {
        KafkaStateStore store = store(topic);
        store.put("HR-10", "before");
        StagedWrite closed = store.stage(Topic.STATE_JOBS, "HR-10", "closed");

        // the next command's intent, while the record of the one before still waits for its transaction
        CompletableFuture<Void> intent = CompletableFuture.runAsync(() -> store.put("HR-10", "intent"));
        Thread.sleep(300);
        assertThat(intent).isNotDone();
        closed.write().join();
        intent.get(10, TimeUnit.SECONDS);

        store.stop();
        assertThat(store(topic).get("HR-10")).contains("intent");
    }

    /**
     * Keys written while the topic had one partition, then two partitions added (kafka-topics --alter): a key's next
     * records would go elsewhere, and its old value come back. The load refuses the topic, naming it and its count.
     */
    @Test
    void aTopicWithPartitionsAddedAfterItsKeysWereWrittenIsRefusedAtLoad() throws Exception {
        String altered = topic + ".altered";
        List<MisconfiguredTopicException> refused = new ArrayList<>();
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(altered, 1, (short) 1))).all().get();
            KafkaStateStore before = store(altered);
            for (int i = 0; i < 10; i++) {
                before.put("HR-" + i, "{\"job_id\":\"" + i + "\"}");
            }
            before.stop();
            admin.createPartitions(Map.of(altered, NewPartitions.increaseTo(3))).all().get();
        }

        KafkaStateStore store = new KafkaStateStore(altered, TestKafka.clientConfig(), Duration.ofSeconds(20))
                .whenRefused(refused::add);
        store.start();
        stores.add(store);

        assertThatThrownBy(() -> store.get("HR-1")).isInstanceOf(StateUnavailableException.class)
                .hasMessageContaining("Kafka topic " + altered + " has 3 partitions, more than when key HR-");
        assertThat(store.isLoaded()).isFalse();
        assertThat(refused).singleElement().extracting(Throwable::getMessage).asString()
                .contains("\"A state topic with partitions added\"");
    }

    /**
     * A state topic missing (not created, a wrong prefix) is waited for, never created by the reader: the broker
     * would make it with its defaults, cleanup.policy=delete, and forget every job id and spending after a week.
     */
    @Test
    void aMissingTopicIsAClearErrorAndIsNotCreated() throws Exception {
        KafkaStateStore store = new KafkaStateStore(topic + ".missing", TestKafka.clientConfig(), Duration.ofSeconds(3));
        store.start();
        stores.add(store);

        assertThatThrownBy(() -> store.get("x")).isInstanceOf(StateUnavailableException.class)
                .hasMessageContaining(topic + ".missing");
        assertThat(store.isLoaded()).isFalse();
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic + ".missing");
        }
    }

    /**
     * A store that cannot read its topic says so once (a WARN line); a reader made for one read says nothing above
     * DEBUG, its caller saying whether the read failed: the reference data's refresh made one every 30 s while Kafka
     * was away, and each was a WARN line.
     */
    @Test
    void aStoreThatCannotReadItsTopicWarnsOnceAndAOneReadReaderNot() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            KafkaStateStore reader = new KafkaStateStore(topic + ".absent", TestKafka.clientConfig(),
                    Duration.ofSeconds(2)).readOnly();
            reader.start();
            stores.add(reader);
            KafkaStateStore store = new KafkaStateStore(topic + ".gone", TestKafka.clientConfig(), Duration.ofSeconds(2));
            store.start();
            stores.add(store);
            Thread.sleep(3_000);

            assertThat(logs.lines("WARN", "State " + topic + ".gone: cannot read its topic")).isOne();
            assertThat(logs.lines("WARN", "State " + topic + ".absent")).isZero();
        }
    }

    /**
     * A store not loaded (its topic away) when the application stops fails its waits at once, the one under way and
     * those to come: before, each waited out its timeout, and a stop while Kafka was away took 19 s.
     */
    @Test
    void aStoreNotLoadedWhenTheApplicationStopsFailsItsWaitsAtOnce() throws Exception {
        KafkaStateStore store = new KafkaStateStore(topic + ".never", TestKafka.clientConfig(), Duration.ofMinutes(5));
        store.start();
        stores.add(store);
        CompletableFuture<Optional<String>> waiting = CompletableFuture.supplyAsync(() -> store.get("x"));
        Thread.sleep(500);

        store.stopWaitingForTheLoad();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StateUnavailableException.class)
                .hasMessageContaining("the application stops");
        assertThatThrownBy(() -> store.get("y")).isInstanceOf(StateUnavailableException.class);
    }

    @Test
    void aStagedWriteThatLandsAfterALaterOneLeavesTheLaterValueEvenWhenReadBeforeItsCommitIsHeardOf()
            throws Exception {
        KafkaStateStore store = store(topic);
        // a close in a command's transaction, then a feed row's revival written alone, which lands first
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-11", "closed");
        store.stage(Topic.STATE_JOBS, "HR-11", "revived").write().join();
        RecordMetadata closeLanded = writtenInATransaction("HR-11", "closed");
        // the store's reader applies the close before the committing thread tells the store it landed
        store.readToEnd();
        close.written(closeLanded);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("HR-11").orElseThrow().equals("revived"));
        // the written-again value landed: nothing of the key is held
        await().atMost(Duration.ofSeconds(10)).until(store::landedKeys, keys -> keys == 0);
        store.stop();
        assertThat(store(topic).get("HR-11")).contains("revived");
    }

    /**
     * What a staged write landed as is held only while another staging of its key may still land: before, one
     * record a job was held for the process's life.
     */
    @Test
    void nothingOfAStagedWriteIsHeldOnceNoOtherStagingOfItsKeyMayLand() {
        KafkaStateStore store = store(topic);
        for (int i = 0; i < 50; i++) {
            store.stage(Topic.STATE_JOBS, "HR-" + i, "created").write().join();
        }
        StagedWrite waiting = store.stage(Topic.STATE_JOBS, "HR-50", "created");
        store.stage(Topic.STATE_JOBS, "HR-50", "updated").write().join();

        // the earlier staging of HR-50 may still land
        assertThat(store.landedKeys()).isOne();
        waiting.write().join();
        await().atMost(Duration.ofSeconds(10)).until(store::landedKeys, keys -> keys == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("HR-50").orElseThrow().equals("updated"));
    }

    /**
     * A staging that no one can write any more (a later one replaced it in its command, or its command failed) holds
     * nothing once it is gone.
     */
    @Test
    void aStagingDroppedUnwrittenHoldsNothingOnceItIsGone() {
        KafkaStateStore store = store(topic);
        store.stage(Topic.STATE_JOBS, "HR-12", "adopted");
        store.stage(Topic.STATE_JOBS, "HR-12", "updated").write().join();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return store.landedKeys() == 0;
        });
    }

    /**
     * A staging given up while its command's answer waits for its partition to come back (AnswerCommits), written
     * once it did, after a later staging of its key landed: the later value is written again after it, as for any
     * staging that lands late.
     */
    @Test
    void aStagingGivenUpThenWrittenAfterALaterOneLandedLeavesTheLaterValue() throws Exception {
        KafkaStateStore store = store(topic);
        StagedWrite waiting = store.stage(Topic.STATE_JOBS, "HR-13", "closed");
        waiting.abandoned();
        store.stage(Topic.STATE_JOBS, "HR-13", "revived").write().join();
        RecordMetadata closeLanded = writtenInATransaction("HR-13", "closed");
        System.gc();

        waiting.written(closeLanded);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("HR-13").orElseThrow().equals("revived"));
        store.stop();
        assertThat(store(topic).get("HR-13")).contains("revived");
    }

    /**
     * A job's intent written while an older staging of its key is still in a command's transaction (a feed row's
     * write of the key replaced it as the staged value, and landed): the older staging's late landing does not leave
     * the row's value over the intent. Before, the intent was lost, and a crash after the create call then created
     * the job a second time.
     */
    @Test
    void anIntentWrittenWhileAnOlderStagingIsInATransactionOutlivesItsLateLanding() throws Exception {
        KafkaStateStore store = store(topic);
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-14", "closed");
        store.stage(Topic.STATE_JOBS, "HR-14", "revived").write().join();
        // nothing of the key is staged any more: the intent is written at once
        store.put("HR-14", "creating");
        close.written(writtenInATransaction("HR-14", "closed"));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("HR-14").orElseThrow().equals("creating"));
        await().atMost(Duration.ofSeconds(10)).until(store::landedKeys, keys -> keys == 0);
        store.stop();
        assertThat(store(topic).get("HR-14")).contains("creating");
    }

    /**
     * The write again after an older staging's late landing fails, as when Kafka is away for its delivery timeout
     * right after the transaction committed: before, it was given up with a WARN line, and the older value stayed the
     * key's for good, in the topic and in every instance's memory (an intent lost: a job created twice).
     */
    @Test
    void aWriteAgainThatFailsIsTriedAgainUntilItLands() throws Exception {
        KafkaStateStore store = new KafkaStateStore(topic, Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG, RefusingPartitioner.class.getName()), Duration.ofSeconds(20));
        store.start();
        stores.add(store);
        StagedWrite close = store.stage(Topic.STATE_JOBS, "HR-16", "closed");
        store.stage(Topic.STATE_JOBS, "HR-16", "revived").write().join();
        RecordMetadata closeLanded = writtenInATransaction("HR-16", "closed");
        RefusingPartitioner.REFUSALS.set(1);

        close.written(closeLanded);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("HR-16").orElseThrow().equals("revived"));
        await().atMost(Duration.ofSeconds(10)).until(store::landedKeys, keys -> keys == 0);
        store.stop();
        assertThat(store(topic).get("HR-16")).contains("revived");
    }

    /** Kafka's default partitioning, with as many sends refused first as asked for, as Kafka away refuses them. */
    public static final class RefusingPartitioner implements Partitioner {
        static final AtomicInteger REFUSALS = new AtomicInteger();

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            if (REFUSALS.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new TimeoutException("test: Kafka away");
            }
            return KeyPartitions.of(keyBytes, cluster.partitionsForTopic(topic).size());
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    /** A write of the command's transaction, made by another producer than the store's. */
    private RecordMetadata writtenInATransaction(String key, String value) throws Exception {
        try (KafkaProducer<String, String> transaction = new KafkaProducer<>(TestKafka.clientConfig(),
                new StringSerializer(), new StringSerializer())) {
            return transaction.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}
