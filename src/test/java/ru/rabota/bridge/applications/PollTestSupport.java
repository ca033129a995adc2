package ru.rabota.bridge.applications;

import org.junit.jupiter.api.AfterEach;

/** A test class whose tests each start their own {@link PollHarness}. */
abstract class PollTestSupport {

    protected PollHarness harness;

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }
}
