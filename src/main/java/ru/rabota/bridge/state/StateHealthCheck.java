package ru.rabota.bridge.state;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness check {@code state}: DOWN until every state store has read its topic to the end. */
public final class StateHealthCheck extends AbstractHealthCheck {

    private final List<KafkaStateStore> stores = new CopyOnWriteArrayList<>();

    public StateHealthCheck() {
        super("bridge", "state");
    }

    void add(KafkaStateStore store) {
        stores.add(store);
    }

    /** A state topic that is not loaded yet is not mended by a restart. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> loading = stores.stream().filter(store -> !store.isLoaded()).map(KafkaStateStore::topic).toList();
        if (loading.isEmpty()) {
            builder.up();
        } else {
            builder.down().message("not loaded yet: " + String.join(", ", loading));
        }
    }
}
