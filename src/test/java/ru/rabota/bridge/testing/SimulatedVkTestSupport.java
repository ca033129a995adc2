package ru.rabota.bridge.testing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/** One {@link SimulatedVk} per test class; the simulator's request record is cleared before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SimulatedVkTestSupport {

    protected SimulatedVk bridge;

    /** The properties of this class's application. */
    protected abstract Map<String, String> properties();

    @BeforeAll
    void startBridge() {
        bridge = SimulatedVk.start(new VkSimulatorConfig(), properties());
    }

    @AfterAll
    void stopBridge() {
        bridge.close();
    }

    @BeforeEach
    void clearRequests() {
        bridge.vk().clearRequests();
    }

    /** The requests VK received whose path ends so, oldest first. */
    protected List<RecordedRequest> vkCalls(String pathEnd) {
        return bridge.vk().requests().stream().filter(r -> r.path().endsWith(pathEnd)).toList();
    }
}
