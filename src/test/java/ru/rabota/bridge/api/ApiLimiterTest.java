package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The in-flight limit of one API: bounded, shrinking when the API refuses load, growing back when it copes. */
class ApiLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private volatile long now = 1_000 * SECOND;

    @Test
    void noMoreCallsInFlightThanTheLimit() throws Exception {
        ApiLimiter limiter = new ApiLimiter("test", 2, () -> now);
        ApiLimiter.Permit first = limiter.acquire();
        limiter.acquire();

        CompletableFuture<ApiLimiter.Permit> third = CompletableFuture.supplyAsync(() -> {
            try {
                return limiter.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(third).as("waits for a slot").isNotDone();

        first.answered(200);
        assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aCallWhoseCommandWasHandedOverIsNotSentAndGivesItsSlotBack() throws Exception {
        ApiLimiter limiter = new ApiLimiter("vk", 1, () -> now);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty(ApiHeaders.CALL, new PendingCall(new ApiRequest("POST", "/jobs", null, null, null),
                    false, null, Map.of(), null));
            exchange.setProperty(ApiHeaders.HANDED_OVER, (BooleanSupplier) () -> true);

            assertThatThrownBy(() -> limiter.acquire(exchange)).isInstanceOfSatisfying(CallNotSentException.class,
                    notSent -> assertThat(notSent.retryable() || !notSent.unsent()).as("retried, or sent").isFalse())
                    .hasMessage("VK POST /jobs not sent: its command is left to the instance that carries it out"
                            + " now (its partition, or the lead, moved)");
            assertThat(exchange.getProperty(ApiHeaders.PERMIT)).as("nothing to release").isNull();
        }
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                return limiter.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(5, TimeUnit.SECONDS)).as("the one slot, given back").isNotNull();
    }

    @Test
    void refusalsShrinkTheLimitAndAnswersGrowItBack() throws Exception {
        ApiLimiter limiter = new ApiLimiter("test", 16, () -> now);

        for (int second = 0; second < 5; second++) {
            window(limiter, 503);
        }
        int shrunk = limiter.limit();
        assertThat(shrunk).isLessThanOrEqualTo((int) (16 * 0.9 * 0.9 * 0.9));

        for (int second = 0; second < 20; second++) {
            window(limiter, 200);
        }
        assertThat(limiter.limit()).isGreaterThan(shrunk).isLessThanOrEqualTo(16);
    }

    @Test
    void a429SetsAPace() throws Exception {
        ApiLimiter limiter = new ApiLimiter("test", 16, () -> now);
        limiter.acquire().answered(200);

        limiter.acquire().answered(429);

        assertThat(limiter.rate()).as("a little below the one call per second accepted, but never below 1").isEqualTo(1.0);
    }

    @Test
    void noAnswerCountsAsRefusedLoadButSetsNoPace() throws Exception {
        ApiLimiter limiter = new ApiLimiter("test", 16, () -> now);

        window(limiter, 0);
        window(limiter, 0);

        assertThat(limiter.limit()).isLessThan(16);
        assertThat(limiter.rate()).isZero();
    }

    /** A second of calls: three rounds of as many as the limit allows, all answered with {@code status}. */
    private void window(ApiLimiter limiter, int status) throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            int calls = limiter.limit();
            ApiLimiter.Permit[] permits = new ApiLimiter.Permit[calls];
            for (int i = 0; i < calls; i++) {
                permits[i] = limiter.acquire();
            }
            now += SECOND / 10;
            for (ApiLimiter.Permit permit : permits) {
                permit.answered(status);
            }
        }
        now += SECOND;
    }
}
