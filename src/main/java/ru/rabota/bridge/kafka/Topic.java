package ru.rabota.bridge.kafka;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.camel.CamelContext;

/**
 * The bundle's Kafka topics, as created at start-up by {@link TopicBootstrap}. A new topic is one more
 * constant here. Every name gets {@code bridge.topics.prefix} in front (one cluster, many customers).
 */
public enum Topic {

    JOBS_COMMANDS("rabota.jobs.commands"),
    JOBS_EVENTS("rabota.jobs.events"),
    APPLICATIONS("rabota.applications"),
    APPLICATIONS_COMMANDS("rabota.applications.commands"),
    APPLICATIONS_RESULTS("rabota.applications.results"),
    VAS_COMMANDS("rabota.vas.commands"),
    VAS_RESULTS("rabota.vas.results"),
    CANDIDATES_COMMANDS("rabota.candidates.commands"),
    CANDIDATES_RESULTS("rabota.candidates.results"),
    BACKGROUNDS_COMMANDS("rabota.backgrounds.commands"),
    BACKGROUNDS_RESULTS("rabota.backgrounds.results"),
    DLQ("rabota.dlq"),
    // compacted: the latest value per key is what readers need, so Kafka keeps only that
    REFERENCE("rabota.reference", true),
    COMPANY("rabota.company", true),
    STATE_JOBS("rabota.state.jobs", true),
    STATE_APPLICATIONS("rabota.state.applications", true),
    STATE_WATERMARKS("rabota.state.watermarks", true),
    STATE_VAS("rabota.state.vas", true),
    // one partition, never written: the instance its consumer group assigns it to is the active poller
    // (cluster.KafkaClusterService)
    CLUSTER_LEADER("rabota.cluster.leader", false, 1);

    public static final String PREFIX_PROPERTY = "bridge.topics.prefix";

    private final String baseName;
    private final boolean compacted;
    /** 0: as many as {@code bridge.topics.partitions} says. */
    private final int fixedPartitions;

    Topic(String baseName) {
        this(baseName, false);
    }

    Topic(String baseName, boolean compacted) {
        this(baseName, compacted, 0);
    }

    Topic(String baseName, boolean compacted, int fixedPartitions) {
        this.baseName = baseName;
        this.compacted = compacted;
        this.fixedPartitions = fixedPartitions;
    }

    /** The name without prefix, as in the contract: {@code rabota.jobs.events}. */
    public String baseName() {
        return baseName;
    }

    /** A topic the bundle reads commands from: its name ends with {@code .commands}, as the contract's inputs do. */
    public boolean commands() {
        return baseName.endsWith(".commands");
    }

    /** Kafka keeps only each key's latest record: the topics the bundle reads back as state, kept for good. */
    public boolean compacted() {
        return compacted;
    }

    /** The partition count this topic needs whatever {@code bridge.topics.partitions} says, if any. */
    public OptionalInt fixedPartitions() {
        return fixedPartitions > 0 ? OptionalInt.of(fixedPartitions) : OptionalInt.empty();
    }

    public String topicName(String prefix) {
        return prefix + baseName;
    }

    /** The topic's name with the context's {@code bridge.topics.prefix}. */
    public String topicName(CamelContext context) {
        return topicName(prefix(context));
    }

    /** The topic of this name under the given prefix, if it is one of the bundle's. */
    public static Optional<Topic> of(String topicName, String prefix) {
        return Arrays.stream(values()).filter(topic -> topic.topicName(prefix).equals(topicName)).findFirst();
    }

    public static String prefix(CamelContext context) {
        return context.resolvePropertyPlaceholders("{{" + PREFIX_PROPERTY + "}}");
    }
}
