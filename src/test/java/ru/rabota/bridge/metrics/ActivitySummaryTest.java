package ru.rabota.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

class ActivitySummaryTest {

    private final BridgeMeters meters = BridgeMeters.none();
    private final ActivitySummary summary = new ActivitySummary(meters, Duration.ofMinutes(1));

    @Test
    void oneLineWithWhatWasCountedSinceTheLineBeforeAndNoneWhenNothingHappened() {
        // registered at start, counting nothing yet
        meters.commandResults("rabota.applications.results", "ok");
        meters.jobs("vkrabota", "created").increment(10);
        meters.jobs("vkrabota", "updated").increment(3);
        meters.jobs("hh", "rejected").increment(2);
        meters.deadLetters("rabota.jobs.commands").increment();

        try (LogCapture logs = new LogCapture()) {
            summary.log();
            summary.log();
            meters.jobs("vkrabota", "created").increment();
            meters.applications("vk", "application.created").increment(4);
            summary.log();

            assertThat(logs.lines("INFO", "In the last")).isEqualTo(2);
            assertThat(logs.text()).contains("In the last PT1M: 15 job events (hh: 2 rejected; vkrabota: 10 created,"
                    + " 3 updated); 1 dead letters (rabota.jobs.commands: 1)\n");
            assertThat(logs.text()).contains("In the last PT1M: 1 job events (vkrabota: 1 created); 4 application"
                    + " events (vk: 4 application.created)\n");
        }
    }

    /** The counts since the last line at the stop: before, the part of an interval before each restart was lost. */
    @Test
    void theStopLogsWhatWasCountedSinceTheLastLine() {
        meters.jobs("vkrabota", "created");
        summary.log();
        meters.jobs("vkrabota", "created").increment(7);

        try (LogCapture logs = new LogCapture()) {
            summary.stopped();

            assertThat(logs.text()).contains("Until the stop, since the line before: 7 job events (vkrabota: 7"
                    + " created)\n");
        }
    }
}
