package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.FileUtil;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.HoldSecondSend;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;

/**
 * A transaction of answers left open keeps every later answer from {@code read_committed} readers, and, once it holds
 * offsets, the group's committed offsets from its own consumers, until it ends: one that a Kafka outage left open (its
 * offsets could not be sent, its abort failed) the bundle aborts as soon as Kafka is back; one its process never ends
 * (killed in the middle of a commit) the broker aborts once it is older than the bundle's Kafka wait
 * ({@code transaction.timeout.ms}: 60 s by default). Its own broker, stopped and started again.
 */
class CommandTransactionsTest {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(3);
    private static final String GROUP = "rabota-bridge-statuses";

    private final int port = FreePort.next();
    private final String prefix = TestKafka.uniquePrefix(CommandTransactionsTest.class);
    private final TopicPartition command = new TopicPartition(Topic.APPLICATIONS_COMMANDS.topicName(prefix), 0);
    private final TopicPartition results = new TopicPartition(Topic.APPLICATIONS_RESULTS.topicName(prefix), 0);
    private Path dir;
    private KafkaBroker broker;
    private CamelContext context;
    private CommandTransactions transactions;
    private Duration transactionTimeout;

    @AfterEach
    void stop() {
        HoldSecondSend.release();
        if (transactions != null) {
            transactions.stop();
        }
        if (context != null) {
            context.stop();
        }
        if (broker != null) {
            broker.close();
        }
        FileUtil.removeDir(dir.toFile());
    }

    @Test
    void aTransactionLeftOpenByAnOutageIsAbortedAsSoonAsKafkaIsBack() throws Exception {
        // the broker's own abort a minute away, as before the bundle bounded it: the bundle's abort is what is seen
        transactionTimeout = Duration.ofMinutes(1);
        KafkaConsumer<String, String> member = startWithMember();

        CompletableFuture<Void> commit = commitTwoAnswers(member);
        assertThat(HoldSecondSend.awaitHolding()).isTrue();
        broker.close();
        HoldSecondSend.release();
        assertThatThrownBy(() -> commit.get(20, TimeUnit.SECONDS)).as("offsets cannot go with it: Kafka is down")
                .isInstanceOf(ExecutionException.class);
        member.close(Duration.ZERO);
        broker = KafkaBroker.start(port, dir);
        answerOutsideTransactions("43");

        // the broker would abort it a minute after it began: until then a read_committed reader sees nothing after it
        List<String> read = readCommitted(System.nanoTime());
        assertThat(read).as("the answer written after the outage; the one of the open transaction never").containsExactly("43");
    }

    @Test
    void aTransactionItsProcessNeverEndsHoldsReadersNoLongerThanTheBundlesKafkaWait() throws Exception {
        KafkaConsumer<String, String> member = startWithMember();

        // held for 30 s with its first answer written, as a process killed in the middle of its commit leaves it
        commitTwoAnswers(member);
        assertThat(HoldSecondSend.awaitHolding()).isTrue();
        long heldAt = System.nanoTime();
        answerOutsideTransactions("43");

        List<String> read = readCommitted(heldAt);
        System.out.printf("the answer after a transaction left open: read %.1f s after it was held (the bundle's"
                + " Kafka wait %d s)%n", (System.nanoTime() - heldAt) / 1e9, KAFKA_WAIT.toSeconds());
        assertThat(read).as("aborted by the broker after the bundle's Kafka wait, not a minute").containsExactly("43");
        member.close(Duration.ZERO);
    }

    /** The broker, the topics, the bundle's transactions and a consumer in the command topic's group. */
    private KafkaConsumer<String, String> startWithMember() throws Exception {
        dir = Files.createTempDirectory("command-transactions-kafka");
        broker = KafkaBroker.start(port, dir);
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(command.topic(), 1, (short) 1),
                    new NewTopic(results.topic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        HoldSecondSend.arm("");
        startTransactions();
        KafkaConsumer<String, String> member = consumer();
        member.subscribe(List.of(command.topic()));
        for (int i = 0; i < 100 && member.assignment().isEmpty(); i++) {
            member.poll(Duration.ofMillis(100));
        }
        return member;
    }

    /** Answers 41 and 42 with the command offsets, in one transaction (whose second send HoldSecondSend holds). */
    private CompletableFuture<Void> commitTwoAnswers(KafkaConsumer<String, String> member) {
        return CompletableFuture.runAsync(() -> transactions.commit("statuses-from-kafka",
                List.of(answer("41"), answer("42")), Map.of(command, new OffsetAndMetadata(2)),
                member.groupMetadata()));
    }

    private void answerOutsideTransactions(String key) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(results.topic(), key, "{\"event\":\"status_changed\"}")).get();
        }
    }

    /** The results' keys a read_committed reader sees, read until the first or 20 s after {@code since}. */
    private List<String> readCommitted(long since) {
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = consumer()) {
            reader.assign(List.of(results));
            reader.seekToBeginning(List.of(results));
            for (long end = since + Duration.ofSeconds(20).toNanos(); read.isEmpty() && System.nanoTime() < end;) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> read.add(record.key()));
            }
        }
        return read;
    }

    private void startTransactions() {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty(Topic.PREFIX_PROPERTY, prefix);
        context.getPropertiesComponent().setInitialProperties(properties);
        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(broker.bootstrapServers());
        kafka.getConfiguration().setInterceptorClasses(HoldSecondSend.class.getName());
        if (transactionTimeout != null) {
            kafka.getConfiguration().getAdditionalProperties().put("transaction.timeout.ms",
                    (int) transactionTimeout.toMillis());
        }
        context.addComponent("kafka", kafka);
        context.start();
        transactions = new CommandTransactions(context, KafkaClients.unmetered(), KAFKA_WAIT);
        transactions.start();
    }

    private static OutputRecord answer(String key) {
        return new OutputRecord(Topic.APPLICATIONS_RESULTS, key, "{\"event\":\"status_changed\"}", "status_changed",
                "r-" + key, where -> { });
    }

    private Map<String, Object> client() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    /** As the bundle's consumers: transactions' records read once committed. */
    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(client());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
