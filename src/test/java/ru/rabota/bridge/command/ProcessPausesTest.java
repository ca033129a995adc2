package ru.rabota.bridge.command;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessPausesTest {

    private final AtomicLong now = new AtomicLong();
    private final ProcessPauses pauses = new ProcessPauses(ProcessPauses.lease(Duration.ofSeconds(10),
            Duration.ofSeconds(3)), now::get);

    @Test
    void ticksOnTimeAreNoPause() {
        long mark = pauses.mark();

        for (int i = 0; i < 100; i++) {
            advance(Duration.ofMillis(100));
            pauses.tick();
        }

        assertThat(pauses.since(mark)).isFalse();
    }

    @Test
    void aStandstillLongerThanTheLeaseCountsBeforeAndAfterTheNextTick() {
        long mark = pauses.mark();

        advance(Duration.ofMillis(7_001));

        assertThat(pauses.since(mark)).as("before the next tick: the calls' threads may resume first").isTrue();
        pauses.tick();
        assertThat(pauses.since(mark)).as("after it").isTrue();
        assertThat(pauses.since(pauses.mark())).as("a poll after the pause").isFalse();
    }

    @Test
    void aStandstillWithinTheLeaseIsNoPause() {
        long mark = pauses.mark();

        advance(Duration.ofMillis(6_900));
        pauses.tick();

        assertThat(pauses.since(mark)).isFalse();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
