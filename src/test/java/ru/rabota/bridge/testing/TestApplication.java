package ru.rabota.bridge.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.support.service.ServiceHelper;

import ru.rabota.bridge.Application;
import ru.rabota.bridge.api.ApiRetryPolicy;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The bundle as Camel Main runs it (its configuration classes, {@code application.properties},
 * the YAML routes of {@code routes/}) started inside the test, against the {@link TestKafka} broker with a topic
 * prefix of its own. The given properties win over the file and over these test defaults.
 */
public final class TestApplication implements AutoCloseable {

    private final Main main;
    private final String prefix;
    private ProducerTemplate template;

    private TestApplication(Main main, String prefix) {
        this.main = main;
        this.prefix = prefix;
    }

    /** Starts the application; returns once the Camel context is started (supervised routes may still be starting). */
    public static TestApplication start(Map<String, String> properties) {
        return start(properties, Map.of());
    }

    /** Starts the application with these beans in its registry, bound before anything starts. */
    public static TestApplication start(Map<String, String> properties, Map<String, Object> beans) {
        return start(properties, beans, false);
    }

    /**
     * Starts the application as a host configured by properties only does (README, "Into your own Camel runtime"):
     * the classes of {@link Application#CONFIGURATIONS} in {@code camel.main.configuration-classes} and
     * {@link ApiRetryPolicy} in {@code camel.main.routes-builder-classes}, instead of {@link Application#configure}.
     */
    public static TestApplication startConfiguredByProperties(Map<String, String> properties,
            Map<String, Object> beans) {
        return start(properties, beans, true);
    }

    private static TestApplication start(Map<String, String> properties, Map<String, Object> beans,
            boolean byProperties) {
        Map<String, String> all = new HashMap<>(Map.ofEntries(
                Map.entry("camel.component.kafka.brokers", TestKafka.bootstrapServers()),
                // Camel waits for a poll to end when it stops a consumer: 5 s by default, 500 ms in the file
                Map.entry("camel.component.kafka.poll-timeout-ms", "100"),
                Map.entry("bridge.jobs.poll-timeout-ms", "100"),
                Map.entry("bridge.commands.poll-timeout-ms", "100"),
                // one partition per topic: fewer fetches and assignments, the same order per key
                Map.entry("bridge.topics.partitions", "1"),
                Map.entry(Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(TestApplication.class)),
                Map.entry("camel.main.routes-include-pattern", "file:routes/*.camel.yaml"),
                // a test that gives no VK Работа simulator calls no real API (nor a resolver): port 1 refuses at once
                Map.entry("bridge.vk.base-url", "http://127.0.0.1:1/api/external/v1"),
                // the company poll (its four reads and its read of rabota.company) only where a test asks for it
                Map.entry("bridge.company.poll-delay", "1h"),
                // test JVMs run side by side: no fixed management port
                Map.entry("camel.management.enabled", "false"),
                Map.entry("camel.main.shutdown-timeout", "5"),
                // the tests written for a bounded retry (the product retries a transient failure for as long as it
                // takes); a test of that sets bridge.retry.give-up-after and max-attempts back to 0
                Map.entry("bridge.retry.max-attempts", "6"),
                Map.entry("bridge.retry.give-up-after", "120s")));
        if (byProperties) {
            all.put("camel.main.configuration-classes", Application.CONFIGURATIONS.stream().map(Class::getName)
                    .collect(Collectors.joining(",")));
            all.put("camel.main.routes-builder-classes", ApiRetryPolicy.class.getName());
        }
        all.putAll(properties);
        Properties overrides = new Properties();
        overrides.putAll(all);

        Main main = new Main();
        if (!byProperties) {
            Application.configure(main.configure());
        }
        main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true");
        main.setOverrideProperties(overrides);
        beans.forEach(main::bind);
        TestApplication app = new TestApplication(main, all.get(Topic.PREFIX_PROPERTY));
        try {
            main.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public synchronized ProducerTemplate template() {
        if (template == null) {
            template = context().createProducerTemplate();
        }
        return template;
    }

    /** This application's {@code bridge.topics.prefix}. */
    public String prefix() {
        return prefix;
    }

    /** The topic's name with this application's prefix. */
    public String topic(Topic topic) {
        return topic.topicName(prefix);
    }

    /**
     * The application events' publisher, started with its state stores: the context defers them to the first route
     * that starts, and a test may run none.
     */
    public ApplicationPublisher applicationPublisher() {
        context().getRegistry().findByType(KafkaStateStore.class).forEach(ServiceHelper::startService);
        ApplicationPublisher publisher = context().getRegistry().lookupByNameAndType("applicationPublisher",
                ApplicationPublisher.class);
        ServiceHelper.startService(publisher);
        return publisher;
    }

    @Override
    public void close() {
        ServiceHelper.stopService(template);
        main.stop();
    }
}
