package ru.rabota.bridge.vk;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness check {@code vk-session}: DOWN while VK Работа refuses the configured credentials, UP otherwise
 * (also before the first session, and while VK is merely unreachable: the retry policy handles that).
 */
public final class VkSessionHealthCheck extends AbstractHealthCheck {

    private final VkSessionTokens tokens;

    public VkSessionHealthCheck(VkSessionTokens tokens) {
        super("bridge", "vk-session");
        this.tokens = tokens;
    }

    /** Wrong credentials are not mended by a restart, so they must not fail liveness. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        tokens.refusal().ifPresentOrElse(refusal -> builder.down().message(refusal.getMessage()), builder::up);
    }
}
