package ru.rabota.bridge.api;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check of group {@code bridge} for what only new settings mend (refused credentials, a missing
 * setting): it never fails liveness, since a restart with the same settings would not help.
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    protected ReadinessCheck(String id) {
        super("bridge", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
