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
}
