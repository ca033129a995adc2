package ru.rabota.bridge.cluster;

import java.util.HashMap;
import java.util.Map;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.vk.VkSimulator;

/** An instance in the Kafka election that takes paid commands against a VK Работа simulator, its own polls off. */
final class PaidInstance {

    private PaidInstance() {
    }

    /** Its properties, to add to: a failover timeout of 9 s (a session of 3 s, a lease of 2 s), a large budget. */
    static Map<String, String> properties(String prefix, VkSimulator vk) {
        return new HashMap<>(Map.of(
                Topic.PREFIX_PROPERTY, prefix,
                "bridge.cluster.enabled", "true",
                "bridge.cluster.failover-timeout", "9s",
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", vk.config().login(),
                "bridge.vk.password", vk.config().password(),
                "bridge.vas.daily-budget", "1000000",
                "bridge.applications.enabled", "false",
                "bridge.reference.enabled", "false"));
    }
}
