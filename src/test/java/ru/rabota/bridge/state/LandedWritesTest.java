package ru.rabota.bridge.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which value is written again when stagings of one key land out of the order they were staged in. */
class LandedWritesTest {

    private final LandedWrites landed = new LandedWrites();

    @Test
    void aLaterStagingThatLandsWhileAValueIsWrittenAgainIsWrittenAgainAfterIt() {
        Object closed = new Object();
        Object revived = new Object();
        Object updated = new Object();
        landed.staged(closed, "HR-1");
        landed.staged(revived, "HR-1");
        // the revival lands first; the close, staged before it, after it: the revival is written again
        assertThat(landed.note("HR-1", "revived", 2, 10)).isNull();
        LandedWrites.Later again = landed.note("HR-1", "closed", 1, 11);
        assertThat(again).isEqualTo(new LandedWrites.Later(2, "revived"));
        // an update is staged and lands before the revival written again does
        landed.staged(updated, "HR-1");
        assertThat(landed.note("HR-1", "updated", 3, 12)).isNull();

        // before, the revival written again at 13 was the key's last value in the topic
        assertThat(landed.writtenAgain("HR-1", again, 13)).isEqualTo(new LandedWrites.Later(3, "updated"));
    }

    @Test
    void aValueWrittenAgainThatLandsBeforeALaterStagingNeedsNothingMore() {
        Object closed = new Object();
        Object revived = new Object();
        landed.staged(closed, "HR-2");
        landed.staged(revived, "HR-2");
        landed.note("HR-2", "revived", 2, 10);
        LandedWrites.Later again = landed.note("HR-2", "closed", 1, 11);

        assertThat(landed.writtenAgain("HR-2", again, 12)).isNull();
        landed.staged(new Object(), "HR-2");
        assertThat(landed.note("HR-2", "updated", 3, 13)).isNull();
    }
}
