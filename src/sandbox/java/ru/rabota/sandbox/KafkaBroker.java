package ru.rabota.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM, for the
 * sandbox and the tests. Listens on 127.0.0.1 only.
 * <p>
 * Only the sandbox references this class: {@code kafka_2.13} is an optional dependency, so production code
 * must never load it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    /** The plain listener, which a secured broker also has for its own traffic. */
    private final String plainBootstrapServers;
    private final Path logDir;
    private final boolean deleteLogDir;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, String plainBootstrapServers, Path logDir,
            boolean deleteLogDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.plainBootstrapServers = plainBootstrapServers;
        this.logDir = logDir;
        this.deleteLogDir = deleteLogDir;
    }

    /**
     * Starts a broker on {@code port} (0: free ports, chosen again up to twice when the start fails: a port free when
     * chosen can be bound by another JVM before the broker binds it) with a temporary log dir that {@link #close()}
     * deletes.
     */
    public static KafkaBroker start(int port) {
        for (int attempt = 1;; attempt++) {
            try {
                return start(port, Files.createTempDirectory("rabota-bridge-kafka"), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                if (port != 0 || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Starts a broker on {@code port} (0: a free port) keeping its data in {@code logDir} across runs. */
    public static KafkaBroker start(int port, Path logDir) {
        return start(port, kept(logDir), false);
    }

    /**
     * A broker whose clients sign in with SASL/PLAIN as {@code user}, as on a customer's secured cluster (the
     * broker's own traffic stays plain); {@link #bootstrapServers()} is that listener. Temporary log dir.
     */
    public static KafkaBroker startWithSaslPlain(String user, String password) {
        return startSecured("SASL_PLAINTEXT", user, password, props -> { });
    }

    /**
     * {@link #startWithSaslPlain} with authorization (KRaft's {@code StandardAuthorizer}): {@code user} may do only
     * what ACLs allow it, as on a customer's cluster whose platform team grants each application its ACLs. The
     * broker's own plain listener ({@link #superUserBootstrapServers()}) is a super user's, to grant them.
     */
    public static KafkaBroker startWithSaslPlainAndAcls(String user, String password) {
        return startSecured("SASL_PLAINTEXT", user, password, props -> {
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // the plain listeners' principal: the broker itself, its controller, and whoever grants the ACLs
            props.put("super.users", "User:ANONYMOUS");
        });
    }

    /**
     * {@link #startWithSaslPlain} over TLS ({@code SASL_SSL}), the listener's certificate and key from a PKCS12
     * {@code keyStore}: the usual secured cluster. Temporary log dir.
     */
    public static KafkaBroker startWithSaslSsl(String user, String password, Path keyStore, String keyStorePassword) {
        return startSecured("SASL_SSL", user, password, props -> {
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            props.put("listener.name.sasl_ssl.ssl.keystore.location", keyStore.toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.password", keyStorePassword);
            props.put("listener.name.sasl_ssl.ssl.key.password", keyStorePassword);
        });
    }

    /**
     * {@link #start(int, Path)} with a second plain listener on {@code port2}, which tells its clients to connect to
     * {@code advertisedPort2} (a forwarder in front of {@code port2}): a client bootstrapped there reaches the broker
     * only through that forwarder, and a test cuts that client off alone by closing the forwarder, while the clients
     * of {@link #bootstrapServers()} and the broker itself go on.
     */
    public static KafkaBroker startWithSecondListener(int port, Path logDir, int port2, int advertisedPort2) {
        return start(port, kept(logDir), false, null, props -> {
            props.put("listeners", props.get("listeners") + ",SECOND://" + HOST + ":" + port2);
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SECOND://" + HOST + ":"
                    + advertisedPort2);
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map")
                    + ",SECOND:PLAINTEXT");
        });
    }

    /** A log dir kept across runs, created if missing. */
    private static Path kept(Path logDir) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logDir.toAbsolutePath();
    }

    private static KafkaBroker startSecured(String protocol, String user, String password,
            Consumer<Properties> more) {
        int securedPort = FreePort.next();
        String listener = protocol + "://" + HOST + ":" + securedPort;
        String name = protocol.toLowerCase(Locale.ROOT);
        try {
            return start(0, Files.createTempDirectory("rabota-bridge-kafka"), true, HOST + ":" + securedPort, props -> {
                props.put("listeners", props.get("listeners") + "," + listener);
                props.put("advertised.listeners", props.get("advertised.listeners") + "," + listener);
                props.put("listener.security.protocol.map",
                        props.get("listener.security.protocol.map") + "," + protocol + ":" + protocol);
                props.put("sasl.enabled.mechanisms", "PLAIN");
                props.put("listener.name." + name + ".plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user + "=\""
                                + password + "\";");
                more.accept(props);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaBroker start(int port, Path logDir, boolean deleteLogDir) {
        return start(port, logDir, deleteLogDir, null, props -> { });
    }

    /** @param clientListener the clients' bootstrap servers; null: the plain listener */
    private static KafkaBroker start(int port, Path logDir, boolean deleteLogDir, String clientListener,
            Consumer<Properties> listeners) {
        // the controller quorum names its voters by port, so both ports are fixed before the config is built
        int brokerPort = port == 0 ? FreePort.next() : port;
        Properties props = brokerProperties(brokerPort, FreePort.next(), logDir);
        listeners.accept(props);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        // a dir formatted by an earlier run keeps its cluster id and data
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config, logDir);
        }
        String plain = HOST + ":" + brokerPort;
        KafkaBroker broker = new KafkaBroker(new KafkaRaftServer(config, Time.SYSTEM),
                clientListener != null ? clientListener : plain, plain, logDir, deleteLogDir);
        try {
            broker.server.startup();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The plain listener: on a broker with ACLs ({@link #startWithSaslPlainAndAcls}) a super user's. */
    public String superUserBootstrapServers() {
        return plainBootstrapServers;
    }

    /** Where the broker keeps its data. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and, unless it was started with a kept log dir, deletes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDir) {
            deleteRecursively(logDir);
        }
    }

    private static Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // one node: every replicated internal topic has one replica
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                // consumers join at once instead of waiting 3 s for more members
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // a short bridge.cluster.failover-timeout (half of it is the leader group's session) to try failover
                Map.entry("group.min.session.timeout.ms", "1000"),
                // small footprint: it shares the application's heap (the dedupe buffer alone takes 128 MB by default)
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024)),
                Map.entry("log.cleaner.io.buffer.size", String.valueOf(128 * 1024)),
                Map.entry("log.segment.bytes", String.valueOf(16 * 1024 * 1024)),
                Map.entry("log.index.size.max.bytes", String.valueOf(1024 * 1024)),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024)),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("transaction.state.log.segment.bytes", String.valueOf(16 * 1024 * 1024)),
                Map.entry("metadata.log.segment.bytes", String.valueOf(16 * 1024 * 1024)),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("background.threads", "2"),
                Map.entry("num.replica.fetchers", "1"),
                // the controller writes no no-op record every 500 ms to a metadata log only it reads: an idle broker
                // took 2 % of a core, 1 % without (a tenth of the test suite's broker CPU, five brokers on 2 cores)
                Map.entry("metadata.max.idle.interval.ms", "0")));
        return props;
    }

    /** What {@code kafka-storage.sh format} does. */
    private static void format(KafkaConfig config, Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(config.controllerListenerNames().head())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log dir " + logDir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
