package ru.rabota.bridge.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system's clock, moved forward by a test: a token expires, a margin passes, without waiting. Or a clock that
 * stands still ({@link #stopped}) and moves only when the test moves it: what it dates stays the same meanwhile.
 */
public final class MovableClock extends Clock {

    /** Null: the clock runs with the system's. */
    private final Instant stoppedAt;
    private volatile Duration ahead = Duration.ZERO;

    public MovableClock() {
        this(null);
    }

    private MovableClock(Instant stoppedAt) {
        this.stoppedAt = stoppedAt;
    }

    /** A clock that stands at the present instant until {@link #advance} moves it. */
    public static MovableClock stopped() {
        return new MovableClock(Instant.now());
    }

    public void advance(Duration duration) {
        ahead = ahead.plus(duration);
    }

    @Override
    public Instant instant() {
        return (stoppedAt == null ? Instant.now() : stoppedAt).plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
