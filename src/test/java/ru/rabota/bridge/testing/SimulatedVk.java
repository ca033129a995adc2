package ru.rabota.bridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The bundle ({@link TestApplication}) talking to a {@link VkSimulator} of its own, with short retry delays. For
 * flows that end in a command result: {@link #result} sends a command to a route's direct: endpoint.
 */
public final class SimulatedVk implements AutoCloseable {

    private final VkSimulator vk;
    private final Map<String, String> properties;
    private TestApplication app;

    private SimulatedVk(VkSimulator vk, Map<String, String> properties, TestApplication app) {
        this.vk = vk;
        this.properties = properties;
        this.app = app;
    }

    public static SimulatedVk start(VkSimulatorConfig config, Map<String, String> properties) {
        VkSimulator vk;
        try {
            vk = new VkSimulator(config).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(Map.of(
                "bridge.vk.base-url", vk.baseUrl(),
                "bridge.vk.login", config.login(),
                "bridge.vk.password", config.password(),
                "bridge.retry.initial-delay", "10ms",
                "bridge.retry.max-delay", "50ms"));
        all.putAll(properties);
        // a prefix of its own, kept by a restart
        all.putIfAbsent(Topic.PREFIX_PROPERTY, TestKafka.uniquePrefix(SimulatedVk.class));
        try {
            return new SimulatedVk(vk, all, TestApplication.start(all));
        } catch (RuntimeException e) {
            vk.close();
            throw e;
        }
    }

    public VkSimulator vk() {
        return vk;
    }

    public TestApplication app() {
        return app;
    }

    /** Stops the bundle and starts it again: same topics, groups and simulator. */
    public void restart() {
        app.close();
        app = TestApplication.start(properties);
    }

    /** Sends the command text to {@code direct:<route>} and returns the command result the route leaves. */
    public JsonNode result(String route, String command) {
        return app.template().requestBody("direct:" + route, command, JsonNode.class);
    }

    @Override
    public void close() {
        app.close();
        vk.close();
    }
}
