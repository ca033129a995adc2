package ru.rabota.bridge.hh;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness check {@code hh}: DOWN while hh.ru polling is enabled but cannot work (no User-Agent configured, or hh.ru
 * refused access for good, see {@link HhOAuthTokens#refusal()}); UP otherwise, also when polling is off.
 */
public final class HhHealthCheck extends AbstractHealthCheck {

    private final HhSettings settings;
    private final HhOAuthTokens tokens;

    public HhHealthCheck(HhSettings settings, HhOAuthTokens tokens) {
        super("bridge", "hh");
        this.settings = settings;
        this.tokens = tokens;
    }

    /** Only new settings mend it, not a restart of the same. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!settings.enabled()) {
            builder.up();
        } else if (settings.userAgentMissing()) {
            builder.down().message("bridge.hh.user-agent is not set: hh.ru refuses requests without it");
        } else {
            tokens.refusal().ifPresentOrElse(refusal -> builder.down().message(refusal), builder::up);
        }
    }
}
