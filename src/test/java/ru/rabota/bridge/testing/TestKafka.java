package ru.rabota.bridge.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import ru.rabota.sandbox.KafkaBroker;

/**
 * The one in-process Kafka broker of a test JVM, started on first use and stopped when the JVM exits, with
 * helpers to write and read records. Test classes share it: each uses its own {@link #uniquePrefix topic prefix}
 * ({@code bridge.topics.prefix}) so that no test sees another's records. Every record read from a topic the bridge
 * writes is checked against its message in {@code docs/asyncapi.yaml} ({@link MessageSchemas}): one that does not
 * match fails the test that read it.
 */
public final class TestKafka {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(100);
    /** The longest a reading waits to reach the offsets its topic had when it began. */
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private static KafkaBroker broker;
    private static KafkaProducer<String, String> producer;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = KafkaBroker.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-stop"));
        }
        return broker.bootstrapServers();
    }

    /** A topic prefix no other test of this JVM uses, e.g. {@code t3-jobsroutetest.}. */
    public static String uniquePrefix(Class<?> testClass) {
        return "t" + PREFIXES.incrementAndGet() + "-" + testClass.getSimpleName().toLowerCase().replaceAll("[^a-z0-9]", "") + ".";
    }

    public static RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value, Map.of());
    }

    /** Writes one record and waits until the broker has it. */
    public static RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }

    /** The topic's records from its beginning, once {@code count} are there or when {@code timeout} is over. */
    public static List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
        return read(bootstrapServers(), topic, records -> records.size() >= count, timeout, timeout);
    }

    /**
     * The topic's records from its beginning on another broker (e.g. the one inside a running sandbox), once
     * {@code done} holds for them or when {@code timeout} is over.
     */
    public static List<ConsumerRecord<String, String>> consumeUntil(String bootstrapServers, String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        return consumeUntil(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, done, timeout);
    }

    /** {@link #consumeUntil(String, String, Predicate, Duration)} as a client with these settings (TLS, SASL). */
    public static List<ConsumerRecord<String, String>> consumeUntil(Map<String, Object> client, String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        return read(client, topic, done, timeout, timeout);
    }

    /** All the topic's records from its beginning, once none came for {@code quiet} (at most {@code timeout}). */
    public static List<ConsumerRecord<String, String>> consumeUntilQuiet(String topic, Duration quiet, Duration timeout) {
        return read(bootstrapServers(), topic, records -> false, quiet, timeout);
    }

    /** All the topic's records from its beginning on another broker, once none came for {@code quiet} (at most {@code timeout}). */
    public static List<ConsumerRecord<String, String>> consumeUntilQuiet(String bootstrapServers, String topic,
            Duration quiet, Duration timeout) {
        return read(bootstrapServers, topic, records -> false, quiet, timeout);
    }

    /** {@link #consumeUntilQuiet(String, Duration, Duration)} as a client with these settings (TLS, SASL). */
    public static List<ConsumerRecord<String, String>> consumeUntilQuiet(Map<String, Object> client, String topic,
            Duration quiet, Duration timeout) {
        return read(client, topic, records -> false, quiet, timeout);
    }

    /** A header's value as text, or null when the record has no such header. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A client's sign-in as {@code user} on a broker that asks for SASL/PLAIN: Kafka's {@code sasl.jaas.config}. */
    public static String plainLogin(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Settings for a client of a broker that asks for SASL/PLAIN ({@code KafkaBroker.startWithSaslPlain}). */
    public static Map<String, Object> saslPlainClient(String bootstrapServers, String user, String password) {
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", plainLogin(user, password));
    }

    /** The bundle's settings for a broker whose clients sign in with SASL/PLAIN as {@code user} over {@code protocol}. */
    public static Map<String, String> saslPlainBundle(String bootstrapServers, String protocol, String user,
            String password) {
        return Map.of("camel.component.kafka.brokers", bootstrapServers,
                "camel.component.kafka.security-protocol", protocol,
                "camel.component.kafka.sasl-mechanism", "PLAIN",
                "camel.component.kafka.sasl-jaas-config", plainLogin(user, password));
    }

    /** Members of a consumer group that is not rebalancing, 0 while it is. */
    public static int stableMembers(String group) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(clientConfig())) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get();
            return description.state() == ConsumerGroupState.STABLE ? description.members().size() : 0;
        }
    }

    /** Settings for a client of the test broker. */
    public static Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    private static List<ConsumerRecord<String, String>> read(String bootstrapServers, String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration quiet, Duration timeout) {
        return read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, done, quiet, timeout);
    }

    private static List<ConsumerRecord<String, String>> read(Map<String, Object> client, String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration quiet, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // what a correct consumer sees: records of aborted transactions (application events) never
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = System.nanoTime() + quiet.toNanos();
            // what the topic held when the reading began is read whatever the machine's load: the timeout and the
            // quiet period count only once the consumer reached those offsets (within CATCH_UP at most)
            long catchUpDeadline = System.nanoTime() + Math.max(timeout.toNanos(), CATCH_UP.toNanos());
            Map<TopicPartition, Long> ends = null;
            // a poll loop, not a group subscription: no rebalance to wait for, and a topic that a route
            // creates while the test waits is picked up on the next round
            while (!done.test(records)) {
                long now = System.nanoTime();
                boolean caughtUp = ends != null && ends.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
                if (now >= (caughtUp || ends == null ? Math.min(deadline, quietUntil) : catchUpDeadline)) {
                    break;
                }
                if (consumer.assignment().isEmpty()) {
                    if (!assignFromBeginning(consumer, topic)) {
                        LockSupport.parkNanos(POLL.toNanos());
                        continue;
                    }
                    ends = consumer.endOffsets(consumer.assignment());
                }
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    MessageSchemas.check(record);
                    records.add(record);
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
                if (!caughtUp) {
                    // the clock of the timeout and the quiet period stands still until then
                    long spent = System.nanoTime() - now;
                    deadline += spent;
                    quietUntil += spent;
                }
            }
        }
        return records;
    }

    /** False while the topic does not exist. */
    private static boolean assignFromBeginning(KafkaConsumer<String, String> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return !partitions.isEmpty();
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private static synchronized void stop() {
        if (producer != null) {
            producer.close();
        }
        broker.close();
    }
}
