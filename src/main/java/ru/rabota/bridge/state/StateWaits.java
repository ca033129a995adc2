package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link KafkaStateStore}'s waits for Kafka (its load, a write, the topic's ends, a catch-up): each up to the store's
 * timeout, and a failure says what could not be done ({@link StateUnavailableException}).
 */
final class StateWaits {

    private StateWaits() {
    }

    static <T> T await(Future<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new StateUnavailableException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StateUnavailableException("could not " + what + " within " + timeout.toSeconds() + " s", e);
        }
    }
}
