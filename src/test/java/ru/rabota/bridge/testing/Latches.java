package ru.rabota.bridge.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits of the threads a test holds back (a simulator's handler, a lane), which must not hang a test for ever. */
public final class Latches {

    private Latches() {
    }

    /** Waits until the latch opens or {@code atMost} passed; an interrupt ends the wait, the flag kept. */
    public static void awaitQuietly(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
