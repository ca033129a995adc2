package ru.rabota.bridge.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics the bundle reads back as state ({@link Topic#compacted()}: its state topics, and the output topics
 * {@code rabota.company} and {@code rabota.reference}, which a poll compares with what it read) must keep each key's
 * latest record for good. A state topic created by hand with Kafka's default {@code cleanup.policy=delete} forgets
 * after {@code retention.ms} (7 days unless set) which VK Работа or hh.ru job an {@code external_id} is, which
 * applications were sent and what was spent today: the next upsert of an older vacancy would publish, and pay for, a
 * second one; {@code rabota.company} would forget what the company poll published, which would send every VAS
 * transaction and company record again. The start stops instead, naming the topic and the fix
 * ({@link MisconfiguredTopicException}).
 */
final class StateTopicRetention {

    private StateTopicRetention() {
    }

    /**
     * Reads the compacted topics' configuration and throws when one of them deletes records by age or size: one
     * exception naming the first such topic, the others as its suppressed exceptions.
     *
     * @throws ExecutionException when the brokers do not say (no {@code DescribeConfigs} right, no answer)
     */
    static void check(Admin admin, String prefix) throws ExecutionException, InterruptedException {
        Map<Topic, ConfigResource> resources = new LinkedHashMap<>();
        Arrays.stream(Topic.values()).filter(Topic::compacted).forEach(topic -> resources.put(topic,
                new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName(prefix))));
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources.values()).all().get();
        List<MisconfiguredTopicException> problems = new ArrayList<>();
        resources.forEach((topic, resource) -> problem(topic, resource.name(), configs.get(resource))
                .map(MisconfiguredTopicException::new).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            MisconfiguredTopicException first = problems.get(0);
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Why this topic's configuration loses state, if it does: a sentence naming the topic and the fix. */
    static Optional<String> problem(Topic kind, String topic, Config config) {
        String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        boolean deletes = Arrays.stream(policy.split(",")).map(String::trim)
                .anyMatch(TopicConfig.CLEANUP_POLICY_DELETE::equals);
        long retentionMs = Long.parseLong(value(config, TopicConfig.RETENTION_MS_CONFIG, "604800000"));
        long retentionBytes = Long.parseLong(value(config, TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
        if (!deletes || retentionMs < 0 && retentionBytes < 0) {
            return Optional.empty();
        }
        String limits = (retentionMs >= 0 ? "retention.ms=" + retentionMs : "")
                + (retentionMs >= 0 && retentionBytes >= 0 ? " and " : "")
                + (retentionBytes >= 0 ? "retention.bytes=" + retentionBytes : "");
        return Optional.of("Kafka topic " + topic + " has cleanup.policy=" + policy + " with " + limits
                + ": it would delete " + loss(kind) + "; set cleanup.policy=compact on it"
                + " (kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics --entity-name " + topic
                + " --add-config cleanup.policy=compact)");
    }

    /** What the bridge would forget, and what it would do again. */
    private static String loss(Topic kind) {
        return switch (kind) {
            case COMPANY -> "what the company poll published and reads back (the company, its packets, its VAS"
                    + " transactions), and the poll would send every VAS transaction and company record again";
            case REFERENCE -> "the reference data the bridge published and reads back, and the next refresh would"
                    + " publish every item again";
            default -> "the bridge's state (which job each external_id is, what was sent and spent), and a vacancy"
                    + " would be published twice";
        };
    }

    private static String value(Config config, String name, String kafkaDefault) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null || entry.value() == null ? kafkaDefault : entry.value();
    }
}
