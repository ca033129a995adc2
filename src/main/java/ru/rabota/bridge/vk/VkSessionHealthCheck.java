package ru.rabota.bridge.vk;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

import ru.rabota.bridge.api.ReadinessCheck;

/**
 * Readiness check {@code vk-session}: DOWN while VK Работа refuses the configured credentials, UP otherwise
 * (also before the first session, and while VK is merely unreachable: the retry policy handles that).
 */
public final class VkSessionHealthCheck extends ReadinessCheck {

    private final VkSessionTokens tokens;

    /** @param readiness {@link ReadinessCheck#countsForReadiness} */
    public VkSessionHealthCheck(VkSessionTokens tokens, boolean readiness) {
        super("vk-session", readiness);
        this.tokens = tokens;
    }

    /** Whether VK Работа takes the credentials (or has not refused them yet). */
    public boolean granted() {
        return tokens.refusal().isEmpty();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        tokens.refusal().ifPresentOrElse(refusal -> builder.down().message(refusal.getMessage()), builder::up);
    }
}
