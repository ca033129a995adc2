package ru.rabota.bridge.api;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How fast calls of one API may start, learnt from its 429 answers: none at first (no pace), then, after the first
 * 429, half the rate the API had accepted (which may have been a burst it let through), climbing back by a quarter a
 * second to 0.9 of it; after a later 429, a little below the rate the API had just accepted (when the window counted
 * held no refusal, it counted only the pace, and the limit is taken halfway between that and the rate refused). An
 * API that keeps a bucket fills it while callers wait out a 429's {@code Retry-After} and then accepts more than its
 * rate for seconds, so a second's count overstates it: when the pace held calls back all along since the 429 before
 * and never ran slower than the API accepted since, that 429 and this one both found the API spent, and what it
 * accepted between them is its rate. A little faster each second in
 * which the pace held a call back and the API refused none (1 % a second, a tenth of that near and above the rate
 * refused last), a little slower after each refusal (at most once a second: one burst of 429s is one signal). So an
 * API's unknown rate limit is met, not exceeded: the rate creeps up to the limit, one refusal sends it back to
 * {@value #BACK_OFF} of it and it creeps up again, about one refused call in several hundred.
 * <p>
 * Hand-written: the concurrency limiter ({@link ApiLimiter}) bounds calls in flight, which does not bound a rate
 * when the API answers fast, and the rate limiters of the well-kept libraries take a fixed rate. Thread-safe.
 */
final class ApiPace {

    /** The share of the accepted rate kept after a 429. */
    static final double BACK_OFF = 0.95;
    /**
     * The share kept after the first 429: what the API accepted before it may include a burst it let through (a
     * full bucket), up to twice its rate.
     */
    static final double FIRST_BACK_OFF = 0.5;
    /** The share by which the rate grows per second while it holds calls back, far below the ceiling. */
    static final double CLIMB = 0.25;
    static final double FAR = 0.9;
    /** The share by which the rate grows per second while it holds calls back, below the ceiling. */
    static final double GROWTH = 0.01;
    /** Near the ceiling (above {@value #NEAR} of it) and above it: a tenth of that. */
    static final double PROBE = 0.001;
    static final double NEAR = 0.97;

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier nanoClock;
    /** Calls per second; 0 while no 429 was seen. */
    private double rate;
    /**
     * The rate at which the API refused last: above its limit. An API that lets a burst through (a token bucket)
     * refuses a rate a little above its limit only once the burst is spent, many seconds later, and then many calls
     * at once; so the rate climbs back fast only to near this, and probes beyond it slowly.
     */
    private double ceiling;
    /** When the next call may start. */
    private long nextStart;
    private long windowStart;
    /** Calls answered with anything but 429 in this window and in the one before. */
    private int accepted;
    private int acceptedBefore;
    /** Calls refused (429) in this window and in the one before. */
    private int refused;
    private int refusedBefore;
    private boolean heldBackInWindow;
    private long lastBackOff = Long.MIN_VALUE / 2;
    /** Calls answered with anything but 429 since the last back-off. */
    private int acceptedSinceBackOff;
    /** When the API accepted a call again after the last back-off. */
    private long firstAcceptedAfterBackOff;
    /** Whether the pace held calls back in every window since the last back-off: the callers wanted more. */
    private boolean heldBackSinceBackOff;
    /** The rate set at the last back-off: the slowest since, the rate only grows between back-offs. */
    private double rateAfterBackOff;

    ApiPace(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /**
     * Takes the next start if it is due, and returns 0; else returns how many nanoseconds to wait before asking
     * again. Nothing is reserved ahead: a caller that waited asks again, so a slower pace after a 429 holds back
     * every call not sent yet, not only the ones asking after it.
     */
    synchronized long start() {
        long now = nanoClock.getAsLong();
        roll(now);
        if (rate == 0) {
            return 0;
        }
        if (nextStart > now) {
            heldBackInWindow = true;
            return nextStart - now;
        }
        // a pace that was idle does not save up starts for a burst
        nextStart = Math.max(now - (long) (SECOND / rate), nextStart) + (long) (SECOND / rate);
        return 0;
    }

    /** The API answered a call, and not with 429. */
    synchronized void accepted() {
        long now = nanoClock.getAsLong();
        roll(now);
        accepted++;
        if (acceptedSinceBackOff++ == 0) {
            firstAcceptedAfterBackOff = now;
        }
    }

    /** The API refused a call for its rate (429). */
    synchronized void throttled() {
        long now = nanoClock.getAsLong();
        roll(now);
        refused++;
        if (now - lastBackOff < SECOND) {
            return;
        }
        // from the first call accepted again: an API that counts calls per calendar second accepts none until the next
        long measured = now - firstAcceptedAfterBackOff;
        double sinceBackOff = (acceptedSinceBackOff - 1) * (double) SECOND / measured;
        // the pace, never slower since then than the API accepted, held calls back all along: the API set the rate
        boolean paced = heldBackSinceBackOff && acceptedSinceBackOff > 1 && measured >= SECOND / 2
                && sinceBackOff <= rateAfterBackOff;
        lastBackOff = now;
        acceptedSinceBackOff = 0;
        heldBackSinceBackOff = true;
        double acceptedRate = Math.max(1, acceptedPerSecond());
        // a window in which the API refused calls counted what it bears; one without, only what the pace sent
        boolean borne = accepted >= acceptedBefore || refusedBefore > 0;
        if (rate == 0) {
            ceiling = acceptedRate;
            rate = Math.max(1, acceptedRate * FIRST_BACK_OFF);
            // nor do the windows that counted that burst measure the rate: the next refusal counts from here
            accepted = 0;
            acceptedBefore = 0;
            refused = 0;
            refusedBefore = 0;
            windowStart = now;
        } else {
            // without refusals in the window counted, the limit lies between the rate counted and the one refused
            ceiling = Math.min(rate, borne ? acceptedRate : (acceptedRate + rate) / 2);
            if (paced) {
                // the API was empty at both refusals and the pace kept it busy between them: what it accepted since
                // the last one is its rate, exact for a bucket that never filled up, not more for one that did
                ceiling = Math.min(ceiling, sinceBackOff);
            }
            rate = Math.max(1, ceiling * BACK_OFF);
        }
        rateAfterBackOff = rate;
        nextStart = now + (long) (SECOND / rate);
    }

    /**
     * The calls the API accepts per second, as far as one can tell: the most it accepted in a whole window or in this
     * one so far. (Counting the last second would count a burst around the API's own window boundary twice.)
     */
    private double acceptedPerSecond() {
        return Math.max(accepted, acceptedBefore);
    }

    /** Calls per second, 0 while unpaced. */
    synchronized double rate() {
        return rate;
    }

    /** Each second ends a window: the rate grows when the pace held calls back and the API refused none. */
    private void roll(long now) {
        if (now - windowStart < SECOND) {
            return;
        }
        if (rate > 0 && heldBackInWindow && now - lastBackOff >= SECOND) {
            rate = rate < FAR * ceiling ? Math.min(rate * (1 + CLIMB), FAR * ceiling)
                    : rate + rate * (rate < NEAR * ceiling ? GROWTH : PROBE);
        }
        heldBackSinceBackOff &= heldBackInWindow;
        acceptedBefore = now - windowStart < 2 * SECOND ? accepted : 0;
        refusedBefore = now - windowStart < 2 * SECOND ? refused : 0;
        accepted = 0;
        refused = 0;
        heldBackInWindow = false;
        windowStart = now;
    }
}
