package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

/**
 * VK Работа does not answer GET /professions at start: a job command cannot be validated, and its poll fails and is
 * read again until the list is there. The operator reads one WARN line naming the route when the polls start
 * failing and one INFO line when they go on; camel-kafka said two lines of its own at every failed poll (an
 * exchange id and "Will break on first error in batch processing mode"), for as long as the outage lasted.
 */
class ProfessionsNotLoadedTest extends JobsTestSupport {

    private final LogCapture logs = new LogCapture();

    /** The profession list read from VK Работа, which fails it until the test lets it answer. */
    @Override
    protected Map<String, Object> beans() {
        return Map.of();
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.reference.missing-retry-interval", "1s");
    }

    @Override
    protected void start() {
        sim.faults().onPaths("/professions").failNext(100_000, 503);
        super.start();
    }

    @AfterAll
    void closeLogs() {
        logs.close();
    }

    @Test
    void aPollThatCannotValidateItsCommandsIsOneWarnLineAndOneInfoLineWhenItGoesOn() {
        send("PROF-1", upsert("PROF-1", "r-1", "Курьер"));

        // a command waits 20 s for the list before its poll fails
        await().atMost(Duration.ofSeconds(60))
                .until(() -> logs.lines("WARN", "jobs-from-kafka: a poll of commands failed") == 1);
        sim.faults().reset();

        assertThat(events("PROF-1", 1).get(0).path("event").asText()).isEqualTo("created");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> logs.lines("INFO", "jobs-from-kafka: polls of commands go on, after 1 failed poll") == 1);
        assertThat(logs.text()).contains("profession list not loaded yet")
                .doesNotContain("Error during processing").doesNotContain("Will break on first error");
    }
}
