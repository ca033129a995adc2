package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.JobCommands;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * On a cluster with authorization, the bundle runs with exactly the ACLs the README's "Kafka ACLs" lists for its
 * user, and nothing more: its topics created at start-up and the compacted topics' cleanup.policy checked, a job
 * command published, the reference data written, the active poller elected, applications polled into Kafka in their
 * transactions, a status command answered. An ACL missing from that list stops one of these.
 */
class KafkaAclsTest {

    private static final String USER = "bridge";
    private static final String PASSWORD = "s3cret";

    @Test
    void theReadmesAclsAreAllTheBundleNeeds() throws Exception {
        String prefix = TestKafka.uniquePrefix(getClass());
        try (KafkaBroker secured = KafkaBroker.startWithSaslPlainAndAcls(USER, PASSWORD);
                VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", secured.superUserBootstrapServers()))) {
                admin.createAcls(readmeAcls(prefix, "User:" + USER)).all().get(30, TimeUnit.SECONDS);
            }
            List<VkApplication> applications = vk.seedApplications(3);
            // the test writes the commands and reads the output as the bundle's user, without a consumer group
            Map<String, Object> client = TestKafka.saslPlainClient(secured.bootstrapServers(), USER, PASSWORD);
            Map<String, String> properties = new HashMap<>(TestKafka.saslPlainBundle(secured.bootstrapServers(),
                    "SASL_PLAINTEXT", USER, PASSWORD));
            properties.putAll(Map.of(
                    "bridge.vk.base-url", vk.baseUrl(),
                    "bridge.vk.login", vk.config().login(),
                    "bridge.vk.password", vk.config().password(),
                    "bridge.applications.initial-delay", "0s",
                    Topic.PREFIX_PROPERTY, prefix));
            try (LogCapture log = new LogCapture(); TestApplication app = TestApplication.start(properties)) {
                // the compacted topics' cleanup.policy was read (DescribeConfigs)
                assertThat(log.text()).doesNotContain("not checked");
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>(app.topic(Topic.JOBS_COMMANDS), "ACL-1",
                            JobCommands.upsert("ACL-1"))).get(30, TimeUnit.SECONDS);
                    String id = String.valueOf(applications.get(0).id());
                    producer.send(new ProducerRecord<>(app.topic(Topic.APPLICATIONS_COMMANDS), id,
                            "{\"application_id\":\"" + id + "\",\"status\":\"invited\",\"request_id\":\"r-2\"}"))
                            .get(30, TimeUnit.SECONDS);
                }

                assertThat(first(client, app.topic(Topic.JOBS_EVENTS)).value()).contains("\"event\":\"created\"");
                assertThat(first(client, app.topic(Topic.REFERENCE))).isNotNull();
                assertThat(first(client, app.topic(Topic.APPLICATIONS_RESULTS)).value())
                        .contains("\"outcome\":\"ok\"");
                assertThat(TestKafka.consumeUntil(client, app.topic(Topic.APPLICATIONS),
                        records -> records.stream().map(ConsumerRecord::key).distinct().count() == 3,
                        Duration.ofSeconds(60))).isNotEmpty();
            }
        }
    }

    /** The README's list ("Kafka ACLs"), for bridge.topics.prefix {@code prefix}. */
    private static List<AclBinding> readmeAcls(String prefix, String principal) {
        return List.of(
                allow(ResourceType.TOPIC, prefix + "rabota.", PatternType.PREFIXED, AclOperation.READ, principal),
                allow(ResourceType.TOPIC, prefix + "rabota.", PatternType.PREFIXED, AclOperation.WRITE, principal),
                allow(ResourceType.TOPIC, prefix + "rabota.", PatternType.PREFIXED, AclOperation.CREATE, principal),
                allow(ResourceType.TOPIC, prefix + "rabota.state.", PatternType.PREFIXED,
                        AclOperation.DESCRIBE_CONFIGS, principal),
                allow(ResourceType.TOPIC, prefix + "rabota.company", PatternType.LITERAL,
                        AclOperation.DESCRIBE_CONFIGS, principal),
                allow(ResourceType.TOPIC, prefix + "rabota.reference", PatternType.LITERAL,
                        AclOperation.DESCRIBE_CONFIGS, principal),
                allow(ResourceType.GROUP, prefix + "rabota-bridge-", PatternType.PREFIXED, AclOperation.READ,
                        principal),
                allow(ResourceType.TRANSACTIONAL_ID, prefix + "rabota-bridge-", PatternType.PREFIXED,
                        AclOperation.WRITE, principal),
                allow(ResourceType.TRANSACTIONAL_ID, "rabota-bridge-" + prefix + "applications", PatternType.LITERAL,
                        AclOperation.WRITE, principal));
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation,
            String principal) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static ConsumerRecord<String, String> first(Map<String, Object> client, String topic) {
        return TestKafka.consumeUntil(client, topic, records -> !records.isEmpty(), Duration.ofSeconds(60)).get(0);
    }
}
