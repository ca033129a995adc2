package ru.rabota.bridge.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain member of a leader group, as another instance of the bundle is to it (the cooperative sticky assignor),
 * which notes each rebalance it completes. {@link #main} runs one in a JVM of its own, which a test can pause with
 * SIGSTOP as a long GC pause or a frozen VM would.
 */
final class GroupMember implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private final List<Integer> generations = new CopyOnWriteArrayList<>();

    /** Joins at once, with a heartbeat of a third of the session. */
    GroupMember(String brokers, String group, String topic, Duration session) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) session.dividedBy(3).toMillis(),
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                generations.add(consumer.groupMetadata().generationId());
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }
        });
        poller = new Thread(this::pollUntilClosed, "group-member");
        poller.start();
    }

    /** The generations of the rebalances this member completed, the first first. */
    List<Integer> generations() {
        return generations;
    }

    private void pollUntilClosed() {
        try {
            while (true) {
                consumer.poll(Duration.ofMillis(200));
            }
        } catch (WakeupException e) {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        poller.join();
    }

    /**
     * A member in a JVM of its own, which {@link #freeze} can pause as a long GC pause or a frozen VM would; its output
     * goes to {@code log}. Kill it with {@link Process#destroyForcibly}.
     */
    static Process inJvmOfItsOwn(String brokers, String group, String topic, Duration session, Path log)
            throws IOException {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), GroupMember.class.getName(),
                brokers, group, topic, String.valueOf(session.toMillis()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** kill -STOP: as a long GC pause or a frozen VM, its sockets open. */
    static void freeze(Process process) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        }
    }

    /** Arguments: bootstrap servers, group, topic, session in milliseconds. Runs until killed. */
    public static void main(String[] args) {
        new GroupMember(args[0], args[1], args[2], Duration.ofMillis(Long.parseLong(args[3])));
    }
}
