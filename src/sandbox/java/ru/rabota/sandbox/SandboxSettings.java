package ru.rabota.sandbox;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.Faults;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/** The {@code bridge.sandbox.*} properties, and the few others the sandbox must agree with. */
final class SandboxSettings {

    private final PropertiesComponent properties;

    SandboxSettings(PropertiesComponent properties) {
        this.properties = properties;
    }

    int kafkaPort() {
        return integer("bridge.sandbox.kafka-port", 19092);
    }

    Duration activityInterval() {
        return duration("bridge.sandbox.activity-interval", "5s");
    }

    Path feedInbox() {
        return Path.of(text("bridge.feed.inbox", "feeds/inbox"));
    }

    String topicPrefix() {
        return text(Topic.PREFIX_PROPERTY, "");
    }

    String vkLogin() {
        return text("bridge.sandbox.vk-login", "sandbox");
    }

    VkSimulatorConfig vkConfig() {
        return new VkSimulatorConfig().port(integer("bridge.sandbox.vk-port", 18080))
                .credentials(vkLogin(), text("bridge.sandbox.vk-password", "sandbox"))
                .tokenLifetime(duration("bridge.sandbox.vk.token-lifetime", "1h"))
                .jobArrayOnGet(flag("bridge.sandbox.vk.job-array-on-get"))
                .citiesUnpaged(flag("bridge.sandbox.vk.cities-unpaged"))
                .videoResumeRelationship(flag("bridge.sandbox.vk.video-resume"))
                .pageSizePolicy(VkSimulatorConfig.PageSizePolicy.valueOf(text("bridge.sandbox.vk.page-size-policy", "cap").toUpperCase()))
                .applicationsOrder(VkSimulatorConfig.ApplicationsOrder.valueOf(
                        text("bridge.sandbox.vk.applications-order", "oldest_first").toUpperCase()));
    }

    HhSimulatorConfig hhConfig() {
        return new HhSimulatorConfig().port(integer("bridge.sandbox.hh-port", 18081))
                .accessToken(text("bridge.hh.access-token", "sandbox-access-token"))
                .refreshToken(text("bridge.hh.refresh-token", "sandbox-refresh-token"))
                .accessTokenLifetime(duration("bridge.sandbox.hh.token-lifetime", "14d"))
                .edition(hhEdition())
                .paidAccess(Boolean.parseBoolean(text("bridge.sandbox.hh.paid-access", "true")))
                .negotiationsPerVacancy(5);
    }

    private HhSimulatorConfig.Edition hhEdition() {
        String edition = text("bridge.sandbox.hh.edition", "today");
        return switch (edition) {
            case "today" -> HhSimulatorConfig.Edition.TODAY;
            case "2015" -> HhSimulatorConfig.Edition.EDITION_2015;
            default -> throw new IllegalArgumentException("bridge.sandbox.hh.edition is today or 2015, not " + edition);
        };
    }

    /** Fault injection for both simulators: latency, a rate limit, and shares of 5xx, 429 and dropped connections. */
    Faults applyFaults(Faults faults) {
        return faults.latency(duration("bridge.sandbox.faults.latency", "0ms").toMillis())
                .serverErrors(share("bridge.sandbox.faults.server-error-share"))
                .throttle(share("bridge.sandbox.faults.throttle-share"), integer("bridge.sandbox.faults.retry-after", 1))
                .drops(share("bridge.sandbox.faults.drop-share"))
                .rateLimit(integer("bridge.sandbox.faults.rate-limit", 0));
    }

    private String text(String key, String defaultValue) {
        return properties.resolveProperty(key).filter(value -> !value.isBlank()).orElse(defaultValue);
    }

    private int integer(String key, int defaultValue) {
        return Integer.parseInt(text(key, Integer.toString(defaultValue)));
    }

    private double share(String key) {
        return Double.parseDouble(text(key, "0"));
    }

    private boolean flag(String key) {
        return Boolean.parseBoolean(text(key, "false"));
    }

    private Duration duration(String key, String defaultValue) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(text(key, defaultValue)));
    }
}
