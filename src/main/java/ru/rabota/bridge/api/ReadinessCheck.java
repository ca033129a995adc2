package ru.rabota.bridge.api;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;

import ru.rabota.bridge.properties.PropertyValues;

/**
 * A readiness check of group {@code bridge} for what only new settings mend (refused credentials, a missing
 * setting): it never fails liveness, since a restart with the same settings would not help. In cluster mode
 * {@code kubernetes} it is not in readiness either (only in {@code /observe/health}): there readiness elects the
 * instance that polls, and a refusal every instance meets in turn (the credentials are the same) would leave no pod
 * ready, and every poll stopped, where only the refused API's calls are to stop.
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    private final boolean readiness;

    protected ReadinessCheck(String id, boolean readiness) {
        super("bridge", id);
        this.readiness = readiness;
    }

    /** Whether such checks count for readiness under the context's settings: not where readiness elects. */
    public static boolean countsForReadiness(CamelContext context) {
        return !(Boolean.parseBoolean(PropertyValues.required(context.getPropertiesComponent(),
                "bridge.cluster.enabled")) && "kubernetes".equals(PropertyValues.required(
                        context.getPropertiesComponent(), "bridge.cluster.mode")));
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }
}
