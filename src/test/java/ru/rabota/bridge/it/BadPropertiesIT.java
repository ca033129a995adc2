package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;

/**
 * The fat jar given a malformed duration, cron expression or port (as a user gives it, a {@code -D} option, over the
 * jar's own properties) ends at once with exit code 1 and one ERROR line naming the property and the value: no stack
 * trace, nothing started (in the sandbox profile, not even the sandbox's broker). A Camel option that does not
 * exist: one ERROR line naming it, not its value. A state topic an operator created with Kafka's defaults (it would
 * delete the bridge's state after a week): one ERROR line naming it and the fix.
 */
class BadPropertiesIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sandbox | bridge.applications.poll-interval | 5 minutes"
                + " | a duration above 0 such as 60s, 10m, 6h or PT1H",
        "        | bridge.company.poll-cron          | 0 0 9 * *"
                + " | a cron expression (quartz: seconds minutes hours day-of-month month day-of-week, e.g."
                + " 0 0 9 ? * MON-FRI): Unexpected end of expression.",
        "        | camel.server.port                 | 99999     | a port from 1 to 65535",
        // before, the line named the path alone, with a stack trace
        "        | bridge.config                     | config/customers/acme.propertis"
                + " | a properties file this process can read (working folder ",
        // before, these two stopped the start with a stack trace
        "        | bridge.cluster.mode               | kafak     | kafka, file or kubernetes",
        "        | bridge.jobs.boards                | vkrabota,hhh"
                + " | a comma-separated list of the boards vkrabota and hh",
        "        | bridge.dlq.max-payload            | 1MB"
                + " | at most half of camel.component.kafka.max-request-size (1,048,576 bytes): a dead letter would"
                + " not fit a record",
        // before, the bundle ran on, its Kafka clients logging InvalidTopicException a thousand times a second
        "        | bridge.topics.prefix              | acme/"
                + " | a prefix Kafka can name topics with",
        // before, each feed was moved to done/ in the inbox and read again, under a longer name each time
        "        | bridge.feed.done                  | feeds/inbox"
                + " | a folder other than the inbox (bridge.feed.inbox): a feed moved there would be read again and"
                + " again"})
    void aMalformedPropertyStopsTheStartWithOneLineNamingIt(String profile, String property, String value,
            String expected) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of(property, value));
        try (RunningJar jar = profile == null
                ? RunningJar.start(withBrokers(properties))
                : RunningJar.startSandbox(properties, Map.of())) {
            assertThat(jar.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

            List<String> lines = jar.log().lines().toList();
            assertThat(lines.stream().filter(line -> line.contains(" ERROR "))).singleElement().asString()
                    .contains("Not started: " + property + " = '" + value + "' is not " + expected);
            assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"))
                    .noneMatch(line -> line.contains("Sandbox ready") || line.contains(") is starting"));
        }
    }

    /**
     * The jar built without camel-kubernetes (the default build) asked for a Lease: one ERROR line saying how to get
     * it. Before, the line named only a class ({@code Not started: org.apache.camel...KubernetesClusterService}) and
     * the reason stood in a stack trace's "Caused by".
     */
    @Test
    void theKubernetesModeInAJarWithoutItStopsTheStartWithOneLineSayingHowToBuildIt() throws Exception {
        try (RunningJar jar = RunningJar.start(withBrokers(new HashMap<>(Map.of("bridge.cluster.enabled", "true",
                "bridge.cluster.mode", "kubernetes"))))) {
            assertThat(jar.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

            List<String> lines = jar.log().lines().toList();
            assertThat(lines.stream().filter(line -> line.contains(" ERROR "))).singleElement().asString()
                    .endsWith("Not started: bridge.cluster.mode = 'kubernetes' is not a mode this jar can run:"
                            + " kubernetes needs camel-kubernetes, which this jar lacks (build it with mvn package"
                            + " -Pkubernetes, or choose kafka)");
            assertThat(lines).noneMatch(line -> line.startsWith("\tat "));
        }
    }

    /** Also a count's: the other kinds' words are PropertyChecksTest's, each start here costs the suite a jar. */
    @Test
    void aValueWithALineBreakCannotForgeALineOfTheLog() throws Exception {
        // the value is named in the ERROR line; a break in it was a line of its own that looked like the jar's
        String forged = "10:02:14.641 INFO  [Application           ] Started";
        try (RunningJar jar = RunningJar.start(withBrokers(new HashMap<>(Map.of("bridge.jobs.concurrency",
                "0\n" + forged))))) {
            assertThat(jar.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

            assertThat(jar.log().lines()).noneMatch(line -> line.startsWith(forged))
                    .filteredOn(line -> line.contains(" ERROR ")).singleElement().asString()
                    .endsWith("bridge.jobs.concurrency = '0\\n" + forged + "' is not a whole number of 1 or more");
        }
    }

    @Test
    void aCamelOptionThatDoesNotExistStopsTheStartNamingItWithoutItsValue() throws Exception {
        // a secret from the environment under a misspelt name: Camel's masking knows the options by their names
        String secret = "PlainLoginModule required username=\"bridge\" password=\"misspelt-s3cret\";";
        try (RunningJar jar = RunningJar.start(withBrokers(new HashMap<>()),
                Map.of("CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIGG", secret))) {
            assertThat(jar.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

            List<String> lines = jar.log().lines().toList();
            assertThat(lines.stream().filter(line -> line.contains(" ERROR "))).singleElement().asString()
                    .endsWith("Not started: camel.component.kafka.saslJaasConfigg is not an option of KafkaComponent;"
                            + " the value is not shown, it may be a secret");
            assertThat(lines).noneMatch(line -> line.contains("misspelt-s3cret"))
                    .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }

    @Test
    void aStateTopicThatWouldDeleteRecordsStopsTheStartWithOneLineNamingItAndTheFix() throws Exception {
        String prefix = TestKafka.uniquePrefix(BadPropertiesIT.class);
        String topic = Topic.STATE_JOBS.topicName(prefix);
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (RunningJar jar = RunningJar.start(Map.of("camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                Topic.PREFIX_PROPERTY, prefix))) {
            assertThat(jar.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

            List<String> lines = jar.log().lines().toList();
            assertThat(lines.stream().filter(line -> line.contains(" ERROR "))).singleElement().asString()
                    .contains("Not started: Kafka topic " + topic + " has cleanup.policy=delete with"
                            + " retention.ms=604800000: ")
                    .endsWith("--entity-name " + topic + " --add-config cleanup.policy=compact)");
            assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"))
                    .noneMatch(line -> line.contains(") is starting"));
        }
    }

    /**
     * Keys written to a state topic of one partition, then two partitions added: the load refuses the topic and the
     * process ends as on a topic that deletes records, one ERROR line naming it, its count and what to do.
     */
    @Test
    void aStateTopicWithPartitionsAddedStopsTheStartWithOneLineNamingIt() throws Exception {
        String prefix = TestKafka.uniquePrefix(BadPropertiesIT.class);
        String topic = Topic.STATE_JOBS.topicName(prefix);
        try (Admin admin = Admin.create(TestKafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(TestKafka.clientConfig(),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, "HR-" + i, "{\"job_id\":\"" + i + "\"}")).get();
                }
            }
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
        }
        try (RunningJar jar = RunningJar.start(Map.of("camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                Topic.PREFIX_PROPERTY, prefix))) {
            assertThat(jar.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

            List<String> lines = jar.log().lines().toList();
            assertThat(lines.stream().filter(line -> line.contains(" ERROR "))).singleElement().asString()
                    .contains("Not started: Kafka topic " + topic + " has 3 partitions, more than when key HR-")
                    .endsWith("(README, \"A state topic with partitions added\")");
            assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }

    /** No profile: a broker that is never reached, as the jar stops before it would try. */
    private static Map<String, String> withBrokers(Map<String, String> properties) {
        properties.put("camel.component.kafka.brokers", "127.0.0.1:9");
        return properties;
    }
}
