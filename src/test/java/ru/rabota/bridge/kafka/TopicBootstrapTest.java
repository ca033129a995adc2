package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TcpForwarder;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;

class TopicBootstrapTest {

    @Test
    void createsEveryTopicWithThePrefixAndCompactsTheStateTopics() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());

        List<String> created = TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 2, (short) -1, 1_048_576);

        List<String> expected = Arrays.stream(Topic.values()).map(topic -> topic.topicName(prefix)).toList();
        assertThat(created).containsExactlyInAnyOrderElementsOf(expected)
                .contains(prefix + "rabota.jobs.commands", prefix + "rabota.dlq", prefix + "rabota.state.watermarks");
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            Map<String, TopicDescription> topics = admin.describeTopics(expected).allTopicNames().get();
            assertThat(topics).allSatisfy((name, topic) -> assertThat(topic.partitions())
                    .hasSize(name.equals(Topic.CLUSTER_LEADER.topicName(prefix)) ? 1 : 2));
            assertThat(cleanupPolicies(admin, prefix)).isEqualTo(Map.ofEntries(
                    Map.entry("rabota.jobs.commands", "delete"),
                    Map.entry("rabota.jobs.events", "delete"),
                    Map.entry("rabota.applications", "delete"),
                    Map.entry("rabota.applications.commands", "delete"),
                    Map.entry("rabota.applications.results", "delete"),
                    Map.entry("rabota.vas.commands", "delete"),
                    Map.entry("rabota.vas.results", "delete"),
                    Map.entry("rabota.candidates.commands", "delete"),
                    Map.entry("rabota.candidates.results", "delete"),
                    Map.entry("rabota.backgrounds.commands", "delete"),
                    Map.entry("rabota.backgrounds.results", "delete"),
                    Map.entry("rabota.dlq", "delete"),
                    Map.entry("rabota.reference", "compact"),
                    Map.entry("rabota.company", "compact"),
                    Map.entry("rabota.state.jobs", "compact"),
                    Map.entry("rabota.state.applications", "compact"),
                    Map.entry("rabota.state.watermarks", "compact"),
                    Map.entry("rabota.state.vas", "compact"),
                    Map.entry("rabota.cluster.leader", "delete")));
        }
    }

    @Test
    void aSecondRunLeavesExistingTopicsAsTheyAre() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 1, (short) -1, 1_048_576);

        List<String> createdAgain = TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 3, (short) -1,
                1_048_576);

        assertThat(createdAgain).isEmpty();
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            TopicDescription jobs = admin.describeTopics(List.of(prefix + "rabota.jobs.commands"))
                    .allTopicNames().get().get(prefix + "rabota.jobs.commands");
            assertThat(jobs.partitions()).hasSize(1);
        }
    }

    @Test
    void aBeanDeclaredBesideTheRoutesCreatesTheTopicsInAnyCamelRuntime() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        try (CamelContext context = new DefaultCamelContext()) {
            // the defaults, as any runtime loads them with the routes
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            context.getPropertiesComponent().addOverrideProperty(Topic.PREFIX_PROPERTY, prefix);
            // written ISO-8601, as start-up accepts it (it was read as 0 ms, and no topic was created)
            context.getPropertiesComponent().addOverrideProperty("bridge.topics.timeout", "PT30S");
            context.getComponent("kafka", KafkaComponent.class).getConfiguration().setBrokers(TestKafka.bootstrapServers());
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("beans.camel.yaml", """
                    - beans:
                        - name: topicBootstrap
                          type: ru.rabota.bridge.kafka.TopicBootstrap
                    """));

            context.start();
        }

        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Arrays.stream(Topic.values()).map(topic -> topic.topicName(prefix)).toList());
        }
    }

    @Test
    void anUnreachableBrokerIsReportedWithTheTopicsNotCreated() throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + unusedPort());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);

        assertThatThrownBy(() -> TopicBootstrap.createTopics(config, "down.", 3, (short) -1, 1_048_576))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("could not create " + Topic.values().length + " of " + Topic.values().length
                        + " topics on 127.0.0.1:")
                .hasMessageContaining("down.rabota.jobs.commands")
                .hasMessageContaining("down.rabota.state.jobs");
    }

    @Test
    void aBrokerHostThatDoesNotResolveIsReported() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "no-such-host.invalid:9092");

        assertThatThrownBy(() -> TopicBootstrap.createTopics(config, "", 3, (short) -1, 1_048_576))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-host.invalid:9092")
                .hasMessageContaining("No resolvable bootstrap urls");
    }

    @Test
    void theApplicationStartsWhenTheBrokerIsDown() throws IOException {
        try (TestApplication app = TestApplication.start(Map.of(
                "camel.component.kafka.brokers", "127.0.0.1:" + unusedPort(),
                "bridge.topics.timeout", "1s",
                "camel.main.routes-include-pattern", "classpath:no-routes/*.camel.yaml"))) {
            assertThat(app.context().getStatus()).isEqualTo(ServiceStatus.Started);
        }
    }

    /**
     * The attempts to create the topics later end with the context. Before, the thread woke up to 5 s after the stop,
     * read the stopped context's properties and died of a NullPointerException, which failed whichever test of the
     * JVM was inside an Awaitility wait at that moment (Awaitility fails a wait on any thread's uncaught exception).
     */
    @Test
    void theAttemptsToCreateTheTopicsLaterEndWithTheContext() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try {
            Set<Thread> earlier = createLaterThreads();
            Set<Thread> started;
            try (TestApplication app = TestApplication.start(Map.of(
                    "camel.component.kafka.brokers", "127.0.0.1:" + unusedPort(),
                    "bridge.topics.timeout", "1s",
                    "camel.main.routes-include-pattern", "classpath:no-routes/*.camel.yaml"))) {
                started = createLaterThreads();
                started.removeAll(earlier);
                assertThat(started).as("a thread trying again").hasSize(1);
            }
            for (Thread thread : started) {
                thread.join(Duration.ofSeconds(10).toMillis());
                assertThat(thread.isAlive()).as("still trying after the stop").isFalse();
            }
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    private static Set<Thread> createLaterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("topic-bootstrap-again"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * A first start while Kafka is away: the routes start without the topics, which are created once Kafka answers.
     * Before, nothing created them later, the state stores waited for them for ever (they create none), and the
     * instance stayed not ready until someone restarted it.
     */
    @Test
    void topicsNotCreatedAtStartAreCreatedOnceKafkaAnswers() throws Exception {
        int port = unusedPort();
        String prefix = TestKafka.uniquePrefix(getClass());
        try (TestApplication app = TestApplication.start(Map.of(
                "camel.component.kafka.brokers", "127.0.0.1:" + port,
                "bridge.topics.timeout", "1s",
                Topic.PREFIX_PROPERTY, prefix,
                "camel.main.routes-include-pattern", "classpath:no-routes/*.camel.yaml"));
                TcpForwarder kafka = new TcpForwarder(port, brokerPort());
                Admin admin = Admin.create(TestKafka.clientConfig())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get()
                    .containsAll(Arrays.stream(Topic.values()).map(topic -> topic.topicName(prefix)).toList()));

            assertThat(cleanupPolicies(admin, prefix).get("rabota.state.jobs")).isEqualTo("compact");
        }
    }

    private static Map<String, String> cleanupPolicies(Admin admin, String prefix) throws Exception {
        List<ConfigResource> resources = Arrays.stream(Topic.values())
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName(prefix)))
                .toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        return Arrays.stream(Topic.values()).collect(Collectors.toMap(Topic::baseName,
                topic -> configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName(prefix)))
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }

    private static int brokerPort() {
        String servers = TestKafka.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    /** A port nothing listens on: the socket is closed again at once. */
    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
