package ru.rabota.bridge.hh;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.health.HealthCheckResultBuilder;

import ru.rabota.bridge.api.ReadinessCheck;

/**
 * Readiness check {@code hh}: DOWN while hh.ru polling is enabled but cannot work (no User-Agent configured, or hh.ru
 * refused access for good, see {@link HhOAuthTokens#refusal()}); UP otherwise, also when polling is off.
 */
public final class HhHealthCheck extends ReadinessCheck {

    private final HhSettings settings;
    private final HhOAuthTokens tokens;

    /** @param readiness {@link ReadinessCheck#countsForReadiness} */
    public HhHealthCheck(HhSettings settings, HhOAuthTokens tokens, boolean readiness) {
        super("hh", readiness);
        this.settings = settings;
        this.tokens = tokens;
    }

    /** Whether hh.ru takes the bridge's settings and credentials (or has not refused them yet); off, it is. */
    public boolean granted() {
        return refusal().isEmpty();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        refusal().ifPresentOrElse(refusal -> builder.down().message(refusal), builder::up);
    }

    private Optional<String> refusal() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        if (settings.userAgentMissing()) {
            return Optional.of("bridge.hh.user-agent is not set: hh.ru refuses requests without it");
        }
        return tokens.refusal();
    }
}
