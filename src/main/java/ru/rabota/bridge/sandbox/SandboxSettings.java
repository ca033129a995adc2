package ru.rabota.bridge.sandbox;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

import ru.rabota.bridge.kafka.Topic;

/** The {@code bridge.sandbox.*} properties and the few others the sandbox must agree with. */
record SandboxSettings(int kafkaPort, int vkPort, int hhPort, Duration activityInterval, String vkLogin,
        String vkPassword, String hhAccessToken, Path feedInbox, String topicPrefix) {

    static SandboxSettings from(PropertiesComponent properties) {
        return new SandboxSettings(
                Integer.parseInt(property(properties, "bridge.sandbox.kafka-port", "19092")),
                Integer.parseInt(property(properties, "bridge.sandbox.vk-port", "18080")),
                Integer.parseInt(property(properties, "bridge.sandbox.hh-port", "18081")),
                Duration.ofMillis(TimeUtils.toMilliSeconds(property(properties, "bridge.sandbox.activity-interval", "5s"))),
                property(properties, "bridge.sandbox.vk-login", "sandbox"),
                property(properties, "bridge.sandbox.vk-password", "sandbox"),
                property(properties, "bridge.hh.access-token", "sandbox-access-token"),
                Path.of(property(properties, "bridge.feed.inbox", "feeds/inbox")),
                property(properties, Topic.PREFIX_PROPERTY, ""));
    }

    private static String property(PropertiesComponent properties, String key, String defaultValue) {
        return properties.resolveProperty(key).filter(value -> !value.isBlank()).orElse(defaultValue);
    }
}
