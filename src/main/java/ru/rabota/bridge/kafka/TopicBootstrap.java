package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.properties.PropertyKind;
import ru.rabota.bridge.properties.PropertyValues;

/**
 * Creates the {@link Topic}s while the Camel context initialises, done before any route starts, so that no consumer
 * or producer auto-creates a topic with the broker's defaults (a state topic must be compacted), and before a
 * {@code KafkaIdempotentRepository} starts (it fails when its topic is missing). Existing topics are left alone, but a
 * topic read back as state (a compacted one) that would delete records by age or size stops the start
 * ({@link StateTopicRetention}), whether the bundle or an operator created it.
 * <p>
 * Bound as a bean in any registry (a configuration's {@code @BindToRegistry} method, a YAML {@code beans:} entry, a
 * Spring bean) it registers itself as the context's lifecycle strategy, so it works in this bundle's Camel Main
 * and in a runtime the routes are dropped into. It talks to the brokers with the kafka component's own
 * settings ({@code camel.component.kafka.brokers}, security). A broker that does not answer within
 * {@code bridge.topics.timeout} costs one ERROR line, not the start-up, and the topics are created once it answers.
 */
public class TopicBootstrap extends LifecycleStrategySupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final int VISIBLE_ATTEMPTS = 50;
    private static final long VISIBLE_RETRY_MS = 100;
    private static final int CREATE_AGAIN_SECONDS = 5;

    private CamelContext camelContext;
    private CompletableFuture<Void> creation = CompletableFuture.completedFuture(null);
    private volatile Thread createLater;

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        // addLifecycleStrategy calls back here: the guard ends that loop
        if (this.camelContext == camelContext) {
            return;
        }
        this.camelContext = camelContext;
        camelContext.addLifecycleStrategy(this);
    }

    /**
     * Starts creating the topics beside the rest of the context's initialisation (the routes are built meanwhile:
     * the admin client's first connection and its classes cost about a second); {@link #onContextStarting} waits
     * for the outcome before any consumer, producer or state store starts.
     */
    @Override
    public void onContextInitializing(CamelContext context) {
        creation = CompletableFuture.runAsync(() -> bootstrap(context),
                runnable -> new Thread(runnable, "topic-bootstrap").start());
    }

    @Override
    public void onContextStarting(CamelContext context) {
        await();
    }

    /** Ends the attempts to create the topics later: a stopped context has no properties left to read. */
    @Override
    public void onContextStopping(CamelContext context) {
        Thread later = createLater;
        if (later != null) {
            later.interrupt();
        }
    }

    /**
     * Waits for the topics and their check: every admin call ends within {@code bridge.topics.timeout}; what
     * bootstrap does not catch (a missing property, a {@link MisconfiguredTopicException}) fails the start.
     */
    public void await() {
        try {
            creation.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * For Camel Main: initialises the context (the topics are created meanwhile) and waits for the topics before the
     * context starts, so that a misconfigured state topic stops the start with the bundle's one ERROR line
     * ({@code Application}), not with Camel's failed start (a WARN, an ERROR and a stack trace saying the same). The
     * context's start would initialise it first thing otherwise.
     */
    public static MainListener beforeStart() {
        return new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                context.init();
                context.getRegistry().findByType(TopicBootstrap.class).forEach(TopicBootstrap::await);
            }
        };
    }

    private void bootstrap(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean create = Boolean.parseBoolean(PropertyValues.required(properties, "bridge.topics.create"));
        KafkaConfiguration kafka = KafkaClientSettings.component(context);
        if (kafka.getBrokers() == null || kafka.getBrokers().isBlank()) {
            if (create) {
                LOG.warn("Kafka topics not created: camel.component.kafka.brokers is not set");
            }
            return;
        }
        // as start-up checked it (PT30S too: TimeUtils reads ISO-8601 as 0 ms)
        Duration timeout = PropertyKind.duration(PropertyValues.required(properties, "bridge.topics.timeout"));
        String prefix = Topic.prefix(context);
        int partitions = Integer.parseInt(PropertyValues.required(properties, "bridge.topics.partitions"));
        short replicationFactor = Short.parseShort(
                PropertyValues.required(properties, "bridge.topics.replication-factor"));
        // one admin client for the creation and the check
        try (Admin admin = Admin.create(adminConfig(kafka, timeout))) {
            if (create && !created(admin, kafka, prefix, partitions, replicationFactor)) {
                createLater(context, adminConfig(kafka, timeout), prefix, partitions, replicationFactor,
                        kafka.getMaxRequestSize());
                return;
            }
            checkStateTopics(admin, prefix);
        } catch (KafkaException e) {
            // no client at all, e.g. no broker host resolves
            if (create) {
                notCreated(prefix, noClient(kafka.getBrokers(), prefix, e));
                createLater(context, adminConfig(kafka, timeout), prefix, partitions, replicationFactor,
                        kafka.getMaxRequestSize());
            } else {
                notChecked(prefix, e.getCause() == null ? e : e.getCause());
            }
        }
    }

    /**
     * Tries again every {@value #CREATE_AGAIN_SECONDS} s, on a thread of its own, until the topics are created or the
     * context stops: the routes started without them, and the state stores wait for their topics (they never create
     * one), so a first start while Kafka was away left the instance not ready until a restart. One INFO line when it
     * succeeds; the attempts between are DEBUG lines. Everything it needs is read before it starts, and the context's
     * stop interrupts it ({@link #onContextStopping}).
     */
    private void createLater(CamelContext context, Map<String, Object> adminConfig, String prefix, int partitions,
            short replicationFactor, int maxRequestSize) {
        Thread later = new Thread(() -> {
            for (int attempt = 2; !context.isStopping() && !context.isStopped(); attempt++) {
                try {
                    Thread.sleep(CREATE_AGAIN_SECONDS * 1000L);
                    List<String> created = createTopics(adminConfig, prefix, partitions, replicationFactor,
                            maxRequestSize);
                    LOG.info("Kafka topics with prefix '{}' on {}: {} created, {} already there, at attempt {}",
                            prefix, adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), created.size(),
                            Topic.values().length - created.size(), attempt);
                    return;
                } catch (IllegalStateException e) {
                    LOG.debug("Kafka topics with prefix '{}' not created at attempt {}: {}", prefix, attempt,
                            e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "topic-bootstrap-again");
        later.setDaemon(true);
        createLater = later;
        later.start();
    }

    /** Creates the missing topics; false, with one ERROR line, when it could not. */
    private static boolean created(Admin admin, KafkaConfiguration kafka, String prefix, int partitions,
            short replicationFactor) {
        try {
            List<String> created = createTopics(admin, kafka.getBrokers(), prefix, partitions, replicationFactor,
                    kafka.getMaxRequestSize());
            LOG.info("Kafka topics with prefix '{}' on {}: {} created, {} already there", prefix, kafka.getBrokers(),
                    created.size(), Topic.values().length - created.size());
            return true;
        } catch (IllegalStateException e) {
            notCreated(prefix, e);
            return false;
        }
    }

    private static void notCreated(String prefix, IllegalStateException e) {
        LOG.error("Kafka topics with prefix '{}' not created, routes start anyway; tried again every {} s: {}", prefix,
                CREATE_AGAIN_SECONDS, e.getMessage());
    }

    /**
     * Stops the start when a topic read back as state would delete records ({@link StateTopicRetention}); a cluster
     * that does not say (no {@code DescribeConfigs} right, no answer within the timeout) costs one WARN line, not the
     * start. Warns of such a topic kept on one broker of several ({@link StateTopicReplication}).
     */
    private static void checkStateTopics(Admin admin, String prefix) {
        try {
            StateTopicRetention.check(admin, prefix);
        } catch (ExecutionException e) {
            notChecked(prefix, e.getCause());
        } catch (KafkaException e) {
            notChecked(prefix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            StateTopicReplication.check(admin, prefix).ifPresent(LOG::warn);
        } catch (ExecutionException | KafkaException e) {
            // a cluster that does not say (no Describe right): the cleanup.policy check above is the one that matters
            LOG.debug("Kafka state topics' replication not checked: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void notChecked(String prefix, Throwable cause) {
        LOG.warn("Kafka compacted topics' cleanup.policy not checked (it must be compact; DescribeConfigs on topics"
                + " '{}rabota.state.', '{}rabota.company' and '{}rabota.reference' lets the bridge check it at start):"
                + " {}", prefix, prefix, prefix, cause.getMessage());
    }

    /**
     * Creates every {@link Topic} with {@code prefix} that does not exist yet; a partition count or replication
     * factor of -1 means the broker's default (a topic with {@link Topic#fixedPartitions()} gets those). The DLQ topic takes records of {@code maxRequestSize} (the
     * producer's {@code max.request.size}), whatever the broker's default: a dead letter cut to
     * {@code bridge.dlq.max-payload} always fits. Returns the names it created.
     *
     * @throws IllegalStateException when a topic could not be created, naming them and the first cause
     */
    public static List<String> createTopics(Map<String, Object> adminConfig, String prefix, int partitions,
            short replicationFactor, int maxRequestSize) {
        Object servers = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(adminConfig)) {
            return createTopics(admin, servers, prefix, partitions, replicationFactor, maxRequestSize);
        } catch (KafkaException e) {
            throw noClient(servers, prefix, e);
        }
    }

    private static List<String> createTopics(Admin admin, Object servers, String prefix, int partitions,
            short replicationFactor, int maxRequestSize) {
        List<NewTopic> topics = Arrays.stream(Topic.values())
                .map(topic -> newTopic(topic, prefix, partitions, replicationFactor, maxRequestSize))
                .toList();
        List<String> created = new ArrayList<>();
        Map<String, Throwable> failed = new TreeMap<>();
        try {
            CreateTopicsResult result = admin.createTopics(topics);
            // each topic on its own: one that exists must not hide the outcome of the others
            for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        failed.put(entry.getKey(), e.getCause());
                    }
                }
            }
            if (failed.isEmpty()) {
                awaitVisible(admin, created);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
        if (!failed.isEmpty()) {
            throw notCreated(failed, servers);
        }
        return created;
    }

    /** No admin client at all (e.g. no broker host resolves): every topic not created, the cause saying why. */
    private static IllegalStateException noClient(Object servers, String prefix, KafkaException e) {
        Map<String, Throwable> failed = new TreeMap<>();
        Arrays.stream(Topic.values()).forEach(topic -> failed.put(topic.topicName(prefix),
                e.getCause() == null ? e : e.getCause()));
        return notCreated(failed, servers);
    }

    private static IllegalStateException notCreated(Map<String, Throwable> failed, Object servers) {
        return new IllegalStateException("could not create " + failed.size() + " of " + Topic.values().length
                + " topics on " + servers + ": " + failed.values().iterator().next().getMessage() + "; not created: "
                + failed.keySet());
    }

    /**
     * Creating a topic ends when the controller has it; the brokers' metadata follows a moment later, and a
     * client asking a broker in between (KafkaIdempotentRepository at start) would find no partitions.
     */
    private static void awaitVisible(Admin admin, List<String> names) throws InterruptedException {
        // a bounded retry loop: the admin client does not retry a describe of an unknown topic itself
        for (int attempt = 1; ; attempt++) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == VISIBLE_ATTEMPTS) {
                    throw new IllegalStateException("created " + names + " but cannot see them yet: "
                            + e.getCause().getMessage(), e.getCause());
                }
                Thread.sleep(VISIBLE_RETRY_MS);
            }
        }
    }

    private static NewTopic newTopic(Topic topic, String prefix, int partitions, short replicationFactor,
            int maxRequestSize) {
        int count = topic.fixedPartitions().orElse(partitions);
        NewTopic newTopic = new NewTopic(topic.topicName(prefix),
                count < 0 ? Optional.empty() : Optional.of(count),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
        if (topic == Topic.DLQ) {
            return newTopic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxRequestSize)));
        }
        return topic.compacted()
                ? newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : newTopic;
    }

    /** The component's client settings (brokers, SSL, SASL) that an admin client understands, with a deadline. */
    static Map<String, Object> adminConfig(KafkaConfiguration kafka, Duration timeout) {
        Map<String, Object> config = KafkaClientSettings.forClient(kafka, AdminClientConfig.configNames());
        // names its "Connection to node -1 could not be established" warnings, and keeps them few
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "rabota-bridge-topic-bootstrap");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        // every admin call, retries included, ends within the timeout: start-up never hangs on a dead broker
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return config;
    }
}
