package ru.rabota.bridge.schedule;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.cluster.NotLeaderException;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * The log of the timed polls' runs (route {@code poll}, bound as {@code pollRuns}): a poll that fails run after run
 * through an outage of an hour is one WARN line when its first run fails and one INFO line when a run succeeds again,
 * not a WARN line per run; or, in cluster mode, when this instance no longer leads and the poll no longer runs here.
 */
public final class PollRuns {

    private static final Logger LOG = LoggerFactory.getLogger(PollRuns.class);

    private final Troubles failing = new Troubles();

    /**
     * A run failed (the exception caught by the route's doTry); the next one repeats it. A run a stop ended is no
     * failure to tell of: the application's stop (its call retrying through an outage, its redelivery refused while
     * stopping), or its route's that cut it off.
     */
    public void failed(@ExchangeProperty("bridgePoll") String poll,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        if (exchange.getContext().isStopping() || cutOff(failure)) {
            LOG.debug("{} ended by the stop: {}", poll, LogText.reason(failure));
            return;
        }
        failing.came(poll, LOG, "{} failed, the next poll repeats it: {}; one line when a run succeeds again",
                "{} failed again: {}", poll, LogText.reason(failure));
    }

    /**
     * Whether its route's stop cut the run off: a stop still waiting for the run after its timeout (a second when the
     * lead is lost, see {@code ActivePollerRoutes}) forces the route down, and Camel's scheduler interrupts the run's
     * thread; the call under way is answered all the same, the next request finds no connection. Not a run that went
     * on, found that this instance no longer leads and sent nothing more: its WARN line says so, as of a former leader
     * that stood still.
     */
    public static boolean cutOff(Exception failure) {
        return Thread.currentThread().isInterrupted()
                && ObjectHelper.getException(NotLeaderException.class, failure) == null;
    }

    /**
     * In cluster mode, once this instance lost the lead and its poll routes stopped: a poll failing here (Kafka away,
     * which is how it lost the lead) no longer runs here to succeed again, so its WARN line gets its INFO line now,
     * and the next lead begins with no failure behind it.
     */
    public void leadLost() {
        failing.endsExcept(List.of()).forEach((poll, trouble) -> LOG.info("{} no longer runs here, this"
                + " instance no longer leads (after {} since {}); the instance that leads runs it", poll,
                trouble.timesText("failed run"), trouble.since()));
    }

    /** A run succeeded: the runs' failures, if any, are over. */
    public void succeeded(@ExchangeProperty("bridgePoll") String poll) {
        failing.ends(poll).ifPresent(trouble -> LOG.info("{} succeeds again, after {} since {}", poll,
                trouble.timesText("failed run"), trouble.since()));
    }
}
