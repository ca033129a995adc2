package ru.rabota.bridge.schedule;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * The log of the timed polls' runs (route {@code poll}, bound as {@code pollRuns}): a poll that fails run after run
 * through an outage of an hour is one WARN line when its first run fails and one INFO line when a run succeeds again,
 * not a WARN line per run.
 */
public final class PollRuns {

    private static final Logger LOG = LoggerFactory.getLogger(PollRuns.class);

    private final Troubles failing = new Troubles();

    /**
     * A run failed (the exception caught by the route's doTry); the next one repeats it. A run the application's stop
     * ended (its call retrying through an outage, its redelivery refused while stopping) is no failure to tell of.
     */
    public void failed(@ExchangeProperty("bridgePoll") String poll,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            LOG.debug("{} ended by the stop: {}", poll, LogText.reason(failure));
            return;
        }
        failing.came(poll, LOG, "{} failed, the next poll repeats it: {}; one line when a run succeeds again",
                "{} failed again: {}", poll, LogText.reason(failure));
    }

    /** A run succeeded: the runs' failures, if any, are over. */
    public void succeeded(@ExchangeProperty("bridgePoll") String poll) {
        failing.ends(poll).ifPresent(trouble -> LOG.info("{} succeeds again, after {} since {}", poll,
                trouble.timesText("failed run"), trouble.since()));
    }
}
