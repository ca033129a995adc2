package ru.rabota.bridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** Which stagings of a key are still sent, and what is held of a key once none of its stagings can be. */
class StagedValuesTest {

    private final StagedValues staged = new StagedValues();

    /**
     * The later staging given up, the earlier one is still sent, and shows meanwhile: before, the key showed what
     * Kafka held until the earlier one landed, and a reader then decided on a value older than the one about to land.
     */
    @Test
    void aStagingReplacedByOneGivenUpIsStillSentShowsAgainAndNothingIsHeldOnceItLanded() {
        StagedValues.Staging close = staged.stage("HR-1", "closed");
        StagedValues.Staging revival = staged.stage("HR-1", "revived");
        assertThat(staged.value("HR-1")).contains("revived");
        staged.unstage("HR-1", revival);

        assertThat(close.stale()).isFalse();
        assertThat(staged.value("HR-1")).as("the staging about to land").contains("closed");
        CompletableFuture<Void> intent = CompletableFuture.runAsync(() -> staged.awaitUnstaged(List.of("HR-1"),
                Duration.ofSeconds(10)));
        assertThat(intent).as("a write of the key waits for it").failsWithin(Duration.ofMillis(300))
                .withThrowableOfType(TimeoutException.class);
        staged.written("HR-1", close);
        assertThat(intent).succeedsWithin(Duration.ofSeconds(5));
        assertThat(staged.value("HR-1")).as("what Kafka holds").isEmpty();
        assertThat(staged.keys()).isZero();
    }

    @Test
    void aStagingIsStaleOnceALaterOneLandedAndNothingIsHeldThen() {
        StagedValues.Staging close = staged.stage("HR-2", "closed");
        StagedValues.Staging revival = staged.stage("HR-2", "revived");
        staged.written("HR-2", revival);

        assertThat(close.stale()).isTrue();
        assertThat(staged.keys()).isZero();
        staged.unstage("HR-2", close); // left out of its transaction
        assertThat(staged.keys()).isZero();
    }

    @Test
    void aStagingSetAsideIsHeldUntilAWriteOfItsKeyMadeAfterItLands() {
        StagedValues.Staging close = staged.stage("HR-3", "closed");
        staged.setAside("HR-3", close);
        assertThat(staged.value("HR-3")).isEmpty();
        assertThat(staged.keys()).isOne();

        staged.landed("HR-3", staged.nextStamp());

        assertThat(close.stale()).isTrue();
        assertThat(staged.keys()).isZero();
    }

    @Test
    void aKeyWhoseStagingsAreAllGivenUpIsNotHeld() {
        StagedValues.Staging first = staged.stage("HR-4", "adopted");
        StagedValues.Staging second = staged.stage("HR-4", "updated");
        staged.unstage("HR-4", first); // replaced in its part (JobFlow.save)
        staged.unstage("HR-4", second);

        assertThat(staged.keys()).isZero();
    }

    /** A put that lands while a staging made before its turn still shows leaves it stale and no longer shown. */
    @Test
    void aStagingOvertakenByAPutNoLongerShows() {
        StagedValues.Staging close = staged.stage("HR-5", "closed");
        staged.landed("HR-5", staged.nextStamp());

        assertThat(close.stale()).isTrue();
        assertThat(staged.value("HR-5")).isEmpty();
        assertThat(staged.keys()).isZero();
    }
}
