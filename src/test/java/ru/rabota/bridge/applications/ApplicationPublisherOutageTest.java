package ru.rabota.bridge.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.support.service.ServiceHelper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.FreePort;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;

/**
 * A transaction of application events that a Kafka outage left open (its abort failed) hides every later event from
 * {@code read_committed} readers, and the state topics' records from every instance's stores, until the broker aborts
 * it ({@code transaction.timeout.ms}, a minute). Its own broker, stopped and started again.
 */
class ApplicationPublisherOutageTest {

    /**
     * Holds the transaction's second event (on the publishing thread) once Kafka acknowledged the first. The
     * component's interceptors go to the bundle's consumers too: a consumer interceptor that changes nothing.
     */
    public static final class HoldSecondEvent implements ProducerInterceptor<Object, Object>,
            ConsumerInterceptor<Object, Object> {
        static final CountDownLatch FIRST_ACKNOWLEDGED = new CountDownLatch(1);
        static final CountDownLatch HOLDING = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        private static final AtomicInteger EVENTS = new AtomicInteger();

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            if (record.topic().endsWith("rabota.applications") && EVENTS.incrementAndGet() == 2) {
                try {
                    FIRST_ACKNOWLEDGED.await(30, TimeUnit.SECONDS);
                    HOLDING.countDown();
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (exception == null && metadata.topic().endsWith("rabota.applications")) {
                FIRST_ACKNOWLEDGED.countDown();
            }
        }

        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @TempDir
    Path dir;

    @Test
    void aTransactionLeftOpenByAnOutageIsAbortedAsSoonAsKafkaIsBack() throws Exception {
        int port = FreePort.next();
        KafkaBroker broker = KafkaBroker.start(port, dir);
        String prefix = TestKafka.uniquePrefix(getClass());
        try (TestApplication app = TestApplication.start(Map.of(
                "camel.component.kafka.brokers", broker.bootstrapServers(),
                "camel.component.kafka.interceptor-classes", HoldSecondEvent.class.getName(),
                "bridge.state.timeout", "3s",
                Topic.PREFIX_PROPERTY, prefix,
                "camel.main.routes-include-pattern", "classpath:test-routes/active-poller.camel.yaml"))) {
            ApplicationPublisher publisher = publisher(app);
            CompletableFuture<ApplicationPublisher.Publication> publication = CompletableFuture.supplyAsync(
                    () -> publisher.publishPolled(List.of(snapshot("1"), snapshot("2")), Map.of()));
            assertThat(HoldSecondEvent.HOLDING.await(30, TimeUnit.SECONDS)).isTrue();
            broker.close();
            HoldSecondEvent.RELEASE.countDown();
            assertThatThrownBy(() -> publication.get(60, TimeUnit.SECONDS)).as("Kafka is down").isNotNull();

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
            HoldSecondEvent.RELEASE.countDown();
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

    /** Started with its state stores, as a poll route would start them. */
    private static ApplicationPublisher publisher(TestApplication app) {
        app.context().getRegistry().findByType(KafkaStateStore.class).forEach(ServiceHelper::startService);
        ApplicationPublisher publisher = app.context().getRegistry().lookupByNameAndType("applicationPublisher",
                ApplicationPublisher.class);
        ServiceHelper.startService(publisher);
        return publisher;
    }

    private static ApplicationSnapshot snapshot(String id) {
        return new ApplicationSnapshot("vkrabota", id, "1", null, "new", "2024-01-02T10:00:00+03:00", null, null);
    }
}
