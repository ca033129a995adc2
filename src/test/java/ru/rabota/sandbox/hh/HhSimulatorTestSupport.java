package ru.rabota.sandbox.hh;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A simulator per test, configured by {@link #config()}, and a well-behaved client of it. */
abstract class HhSimulatorTestSupport {

    HhSimulator simulator;
    HhTestClient client;

    /** The configuration of the simulator under test. */
    HhSimulatorConfig config() {
        return new HhSimulatorConfig();
    }

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = new HhSimulator(config()).start();
        client = new HhTestClient(simulator);
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }
}
