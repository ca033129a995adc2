package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The pace against simulated APIs with a rate limit it is not told, on a simulated clock: a caller that sends as
 * fast as the pace lets it, for a simulated minute after the first refusal.
 */
class ApiPaceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private long now = 1_000 * SECOND;

    /** An API that accepts {@code limit} calls per calendar second and refuses the rest with 429. */
    private class WindowedApi {
        protected final int limit;
        private long window = -1;
        private int calls;

        WindowedApi(int limit) {
            this.limit = limit;
        }

        boolean accepts() {
            if (now / SECOND != window) {
                window = now / SECOND;
                calls = 0;
            }
            return ++calls <= limit;
        }
    }

    /**
     * An API that keeps a bucket of {@code limit} calls, refilled continuously at {@code limit} a second (the
     * sandbox simulator's and many gateways' limit): a rate a little above the limit is accepted for a while, until
     * the bucket is empty.
     */
    private final class BucketApi extends WindowedApi {
        private double tokens;
        private long refilledAt = now;

        BucketApi(int limit) {
            super(limit);
            tokens = limit;
        }

        @Override
        boolean accepts() {
            tokens = Math.min(limit, tokens + (now - refilledAt) * limit / (double) SECOND);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }

    /** Sends for {@code seconds} after the first 429; returns {accepted per second, share refused}. */
    private double[] run(ApiPace pace, WindowedApi api, long callNanos, int seconds) {
        return run(pace, api, callNanos, seconds, 1);
    }

    /**
     * As {@link #run(ApiPace, WindowedApi, long, int)}, with {@code callers} callers at once, each reserving its
     * next start as soon as its call ended (as the job lanes do): reservations made before a 429 go out at the pace
     * they were given.
     */
    private double[] run(ApiPace pace, WindowedApi api, long callNanos, int seconds, int callers) {
        return run(pace, api, callNanos, seconds, callers, callNanos);
    }

    /**
     * As {@link #run(ApiPace, WindowedApi, long, int, int)}, a caller refused asking again only after
     * {@code retryNanos} (the API's {@code Retry-After}, as the job lanes do).
     */
    private double[] run(ApiPace pace, WindowedApi api, long callNanos, int seconds, int callers, long retryNanos) {
        // (when, caller): a caller asks the pace at when; a call takes callNanos, then its caller asks again
        PriorityQueue<long[]> asks = new PriorityQueue<>(Comparator.comparingLong((long[] ask) -> ask[0]));
        for (int caller = 0; caller < callers; caller++) {
            asks.add(new long[] {now, caller});
        }
        long end = Long.MAX_VALUE;
        int accepted = 0;
        int refused = 0;
        while (now < end) {
            long[] ask = asks.poll();
            now = ask[0];
            long wait = pace.start();
            if (wait > 0) {
                asks.add(new long[] {now + wait, ask[1]});
                continue;
            }
            if (api.accepts()) {
                pace.accepted();
                accepted += end == Long.MAX_VALUE ? 0 : 1;
            } else {
                pace.throttled();
                if (end == Long.MAX_VALUE) {
                    end = now + seconds * SECOND;
                } else {
                    refused++;
                }
                asks.add(new long[] {now + retryNanos, ask[1]});
                continue;
            }
            asks.add(new long[] {now + callNanos, ask[1]});
        }
        return new double[] {accepted / (double) seconds, refused / (double) (accepted + refused)};
    }

    @Test
    void meetsAnUnknownRateLimitWithoutExceedingIt() {
        ApiPace pace = new ApiPace(() -> now);

        double[] figures = run(pace, new WindowedApi(200), TimeUnit.MICROSECONDS.toNanos(500), 120);

        assertThat(figures[0]).as("accepted calls per second").isGreaterThanOrEqualTo(0.95 * 200).isLessThanOrEqualTo(200);
        assertThat(figures[1]).as("share of 429 answers").isLessThan(0.01);
    }

    @Test
    void aSlowLimitIsLearntAsWell() {
        ApiPace pace = new ApiPace(() -> now);

        double[] figures = run(pace, new WindowedApi(10), TimeUnit.MILLISECONDS.toNanos(2), 300);

        assertThat(figures[0]).isGreaterThanOrEqualTo(0.95 * 10);
        // one refused call per climb back to the limit is a larger share of fewer calls
        assertThat(figures[1]).isLessThan(0.02);
    }

    @Test
    void aLimitThatLetsABurstThroughIsNotExceededEither() {
        ApiPace pace = new ApiPace(() -> now);

        double[] figures = run(pace, new BucketApi(40), TimeUnit.MILLISECONDS.toNanos(1), 300, 32);

        assertThat(figures[0]).isGreaterThanOrEqualTo(0.95 * 40).isLessThanOrEqualTo(40);
        assertThat(figures[1]).isLessThan(0.01);
    }

    /**
     * A full bucket lets a burst through before the first 429, far above the rate the API sustains: the pace after
     * the next 429 is the rate accepted since the first, not that burst's.
     */
    @Test
    void theBurstOfAFullBucketIsNotTakenForTheLimit() {
        ApiPace pace = new ApiPace(() -> now);

        double[] figures = run(pace, new BucketApi(40), TimeUnit.MILLISECONDS.toNanos(12), 30, 1);

        assertThat(figures[0]).isGreaterThanOrEqualTo(0.95 * 40).isLessThanOrEqualTo(40);
        assertThat(figures[1] * figures[0] * 30).as("calls refused after the first").isLessThan(3);
    }

    /**
     * Callers refused wait a second (the API's {@code Retry-After}) while the others go on: the bucket fills
     * meanwhile, and a pace above the limit is accepted for seconds after each 429 until it is empty again. Backing
     * off by a share of what the API accepted a second at a time, the pace stayed above the limit, one cluster of
     * 429s every five seconds (13 refused calls in 25 s); what the API accepted from one 429 to the next is its rate.
     */
    @Test
    void aBucketRefilledWhileCallersWaitDoesNotKeepThePaceAboveTheLimit() {
        ApiPace pace = new ApiPace(() -> now);

        double[] figures = run(pace, new BucketApi(40), TimeUnit.MILLISECONDS.toNanos(20), 25, 3, SECOND);

        assertThat(figures[0]).isGreaterThanOrEqualTo(0.95 * 40).isLessThanOrEqualTo(40);
        assertThat(figures[1] * figures[0] * 25).as("calls refused after the first").isLessThan(6);
    }

    @Test
    void noPaceUntilTheApiRefusesACall() {
        ApiPace pace = new ApiPace(() -> now);

        for (int i = 0; i < 10_000; i++) {
            assertThat(pace.start()).isZero();
            pace.accepted();
        }
        assertThat(pace.rate()).isZero();
    }

    @Test
    void aBurstOfRefusalsBacksOffOnce() {
        ApiPace pace = new ApiPace(() -> now);
        for (int i = 0; i < 100; i++) {
            now += SECOND / 100;
            pace.start();
            pace.accepted();
        }

        pace.throttled();
        double rate = pace.rate();
        pace.throttled();
        pace.throttled();

        assertThat(rate).isCloseTo(100 * ApiPace.FIRST_BACK_OFF, org.assertj.core.data.Offset.offset(2.0));
        assertThat(pace.rate()).isEqualTo(rate);
    }
}
