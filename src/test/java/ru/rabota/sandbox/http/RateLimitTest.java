package ru.rabota.sandbox.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimit limit = new RateLimit(now::get);

    @Test
    void admitsOneSecondsWorthAtOnceThenOneRequestPerShareOfASecond() {
        limit.set(4);

        assertThat(IntStream.range(0, 6).mapToObj(i -> limit.admits()))
                .containsExactly(true, true, true, true, false, false);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(limit.admits()).isTrue();
        assertThat(limit.admits()).isFalse();
    }

    @Test
    void aQuietSpellFillsTheBucketToOneSecondsWorthOnly() {
        limit.set(2);
        limit.admits();
        limit.admits();

        now.addAndGet(TimeUnit.SECONDS.toNanos(10));

        assertThat(IntStream.range(0, 3).mapToObj(i -> limit.admits())).containsExactly(true, true, false);
    }

    @Test
    void zeroIsNoLimit() {
        limit.set(0);

        assertThat(IntStream.range(0, 1000).allMatch(i -> limit.admits())).isTrue();
    }
}
