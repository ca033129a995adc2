package ru.rabota.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.rabota.bridge.LogCapture;

/** One WARN line when a condition starts, none while it lasts, one again once it ended and came back. */
class TroublesTest {

    private static final Logger LOG = LoggerFactory.getLogger(TroublesTest.class);

    @Test
    void aConditionIsOneWarnUntilItEnds() {
        Troubles troubles = new Troubles();
        try (LogCapture logs = new LogCapture()) {
            for (int poll = 1; poll <= 3; poll++) {
                troubles.came("poll", LOG, "poll failed: {}", "poll failed again: {}", "503");
            }
            troubles.came("other", LOG, "other failed: {}", "other failed again: {}", "timeout");
            assertThat(logs.lines("WARN", "poll failed: 503")).isEqualTo(1);
            assertThat(logs.lines("WARN", "other failed: timeout")).isEqualTo(1);
            assertThat(logs.lines("WARN", "again")).isZero();

            assertThat(troubles.ends("poll")).hasValueSatisfying(trouble -> assertThat(trouble.times()).isEqualTo(3));
            assertThat(troubles.ends("poll")).isEmpty();
            troubles.came("poll", LOG, "poll failed: {}", "poll failed again: {}", "429");
            assertThat(logs.lines("WARN", "poll failed: 429")).isEqualTo(1);
        }
    }
}
