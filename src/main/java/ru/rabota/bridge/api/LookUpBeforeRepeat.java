package ru.rabota.bridge.api;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Merges a look-up into the attempt of a call that is repeated after an attempt that may have taken effect (no answer,
 * a 5xx: {@link ApiHeaders#UNSURE}): the look-up (an enrich, on a copy of the exchange, so that its calls count their
 * own attempts) tells whether the earlier attempt was carried out, and then the call is not made again.
 * <p>
 * A failed look-up counts as an attempt and fails like one, so the retry policy goes on or gives up. (Enrich's own
 * handling of a failed look-up would copy the look-up's exchange over the attempt, its properties and its "retries
 * exhausted" mark included: the retry policy would count wrong and never repeat the attempt.)
 */
public abstract class LookUpBeforeRepeat implements AggregationStrategy {

    @Override
    public final Exchange aggregate(Exchange attempt, Exchange lookUp) {
        Exception failure = lookUp.getException();
        if (failure != null) {
            attempt.setProperty(ApiHeaders.ATTEMPTS, attempt.getProperty(ApiHeaders.ATTEMPTS, 0, Integer.class) + 1);
            attempt.setException(failure);
        } else {
            found(attempt, lookUp);
        }
        return attempt;
    }

    /** The look-up answered: when it shows the earlier attempt carried out, marks the attempt so (not to be sent). */
    protected abstract void found(Exchange attempt, Exchange lookUp);
}
