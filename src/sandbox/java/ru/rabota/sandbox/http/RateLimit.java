package ru.rabota.sandbox.http;

import java.util.function.LongSupplier;

/**
 * An API's rate limit of N requests a second: a token bucket holding one second's worth of requests, refilled
 * continuously, so a steady client gets N answers a second and a client back from a quiet second gets N at once.
 * Not thread-safe: {@link Faults} guards it.
 */
final class RateLimit {

    private final LongSupplier nanoTime;
    private int perSecond;
    private double tokens;
    private long refilledAt;

    RateLimit(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** {@code perSecond} requests a second from now on, starting with a full bucket; 0: no limit. */
    void set(int perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a token for one request; false when this second's are spent. */
    boolean admits() {
        if (perSecond <= 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
