package ru.rabota.bridge.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.HoldSecondSend;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;

/**
 * A transaction of application events that a Kafka outage left open (its abort failed) hides every later event from
 * {@code read_committed} readers, and the state topics' records from every instance's stores, until it ends: the
 * bundle aborts it as soon as Kafka is back, long before the broker would ({@code transaction.timeout.ms}, set to a
 * minute here). Its own broker, stopped and started again.
 */
class ApplicationPublisherOutageTest {

    @TempDir
    Path dir;

    @Test
    void aTransactionLeftOpenByAnOutageIsAbortedAsSoonAsKafkaIsBack() throws Exception {
        int port = FreePort.next();
        KafkaBroker broker = KafkaBroker.start(port, dir);
        String prefix = TestKafka.uniquePrefix(getClass());
        try (TestApplication app = TestApplication.start(Map.of(
                "camel.component.kafka.brokers", broker.bootstrapServers(),
                "camel.component.kafka.interceptor-classes", HoldSecondSend.class.getName(),
                "bridge.state.timeout", "3s",
                // the broker's own abort a minute away (the bundle's is its Kafka wait): the bundle's abort is seen
                "camel.component.kafka.additional-properties[transaction.timeout.ms]", "60000",
                Topic.PREFIX_PROPERTY, prefix,
                "camel.main.routes-include-pattern", "classpath:test-routes/active-poller.camel.yaml"))) {
            // a poll's publication needs the leadership (elected through Kafka: slower on a busy machine)
            PollerLeadership leadership = app.context().getRegistry().lookupByNameAndType("pollerLeadership",
                    PollerLeadership.class);
            await().atMost(Duration.ofSeconds(60)).until(leadership::isLeader);
            HoldSecondSend.arm("rabota.applications");
            ApplicationPublisher publisher = app.applicationPublisher();
            CompletableFuture<ApplicationPublisher.Publication> publication = CompletableFuture.supplyAsync(
                    () -> publisher.publishPolled(List.of(snapshot("1"), snapshot("2")), Map.of()));
            assertThat(HoldSecondSend.awaitHolding()).isTrue();
            broker.close();
            HoldSecondSend.release();
            // failed on its own (Kafka's waits are 3 s), not left hanging
            assertThatThrownBy(() -> publication.get(20, TimeUnit.SECONDS)).as("Kafka is down")
                    .isInstanceOf(ExecutionException.class);

            broker = KafkaBroker.start(port, dir);
            String events = Topic.APPLICATIONS.topicName(prefix);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(events, "after", "{}")).get();
            }

            // the broker would abort it a minute after it began: until then a read_committed reader sees nothing
            assertThat(readCommitted(broker, events, Duration.ofSeconds(20))).contains("after")
                    .doesNotContain("vkrabota:1", "vkrabota:2");
        } finally {
            HoldSecondSend.release();
            broker.close();
        }
    }

    private static List<String> readCommitted(KafkaBroker broker, String topic, Duration atMost) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            for (long end = System.nanoTime() + atMost.toNanos(); !keys.contains("after") && System.nanoTime() < end;) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }

    private static ApplicationSnapshot snapshot(String id) {
        return new ApplicationSnapshot("vkrabota", id, "1", null, "new", "2024-01-02T10:00:00+03:00", null, null);
    }
}
