package ru.rabota.bridge.reference;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * Which types a refresh reads (route {@code reference-refresh-due}), bound as {@code referenceRefreshes}: those due,
 * that is never read, or whose last refresh failed (reading or publishing them), or all of them when the scheduled
 * refresh made them due. A type that keeps failing is read again by itself at each retry
 * ({@code reference-data-missing}), and costs one WARN line when it starts failing and one INFO line when it is read
 * again, not a line per retry. One refresh at a time.
 */
public final class ReferenceRefreshes {

    /** Header: the {@link ReferenceType} being refreshed. */
    public static final String TYPE = "bridgeReferenceType";
    /** Property: the {@link ReferenceRun} under way. */
    public static final String RUN = "bridgeReferenceRun";

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceRefreshes.class);

    /** Professions first: job validation waits for them. */
    private static final Comparator<ReferenceType> READ_ORDER = Comparator
            .comparing((ReferenceType type) -> type != ReferenceType.PROFESSION).thenComparing(Comparator.naturalOrder());

    private final Duration giveUpAfter;
    /** At start every type: none was read yet. */
    private final Set<ReferenceType> due = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean underWay = new AtomicBoolean();
    /** How often every type was made due: a refresh under way when it happens marks no type read. */
    private final AtomicLong allDueTimes = new AtomicLong();
    /** Types failing refresh after refresh, by plural. */
    private final Troubles failing = new Troubles();

    /**
     * @param giveUpAfter how long each call of a type retries ({@code bridge.reference.missing-retry-interval}):
     *                    under the default policy, which retries for as long as it takes, one type down would
     *                    hold up the others, professions included; given up, the type is due for the next retry
     */
    public ReferenceRefreshes(Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
        allDue();
    }

    /** Every type is due: the scheduled refresh, or one on demand. */
    public void allDue() {
        due.addAll(EnumSet.allOf(ReferenceType.class));
        allDueTimes.incrementAndGet();
    }

    /** Whether some type is due: the retry of route {@code reference-data-missing} has something to read. */
    public boolean anyDue() {
        return !due.isEmpty();
    }

    /**
     * Starts a refresh of the types due now (property {@value #RUN}, professions first; each call retries for
     * {@code giveUpAfter} at most), unless another refresh is under way: the scheduled refresh and the retry would
     * read the same types side by side. What a refresh that skips would read stays due, for the next retry.
     *
     * @return false when another refresh is under way
     */
    public boolean begin(Exchange exchange) {
        if (!underWay.compareAndSet(false, true)) {
            LOG.debug("reference data: a refresh is under way; the types due stay due for the next retry");
            return false;
        }
        exchange.setProperty(RUN, new ReferenceRun(due.stream().sorted(READ_ORDER).toList(), allDueTimes.get()));
        exchange.setProperty(ApiHeaders.GIVE_UP_AFTER, giveUpAfter);
        return true;
    }

    /** The refresh that {@link #begin} started is over. */
    public void end() {
        underWay.set(false);
    }

    /**
     * The type was read (and published, on the leader): it is no longer due, and its failures, if any, are over.
     * Unless every type was made due since the refresh began (the lead won: the route looked at the lead before, and
     * may have published nothing): then it stays due, for the next retry to read and publish.
     */
    public void read(@Header(TYPE) ReferenceType type, @Body List<?> records,
            @ExchangeProperty(RUN) ReferenceRun run) {
        if (run.allDueTimes() == allDueTimes.get()) {
            due.remove(type);
        }
        run.read(type, records.size());
        failing.ends(type.plural()).ifPresent(trouble -> LOG.info("reference data: {} read again, after {} since {}",
                type.plural(), trouble.timesText("failed read"), trouble.since()));
    }

    /** Reading or publishing the type failed: it stays due, and what was read before stays in the cache. */
    public void failed(@Header(TYPE) ReferenceType type,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, @ExchangeProperty(RUN) ReferenceRun run,
            Exchange exchange) {
        due.add(type);
        run.failed(type);
        if (exchange.getContext().isStopping()) {
            // a read the stop ended (its redelivery refused while stopping) is no failure to tell of
            LOG.debug("reference data: {} ended by the stop: {}", type.plural(), LogText.reason(failure));
            return;
        }
        failing.came(type.plural(), LOG, "reference data: {} failed: {}; what was read before stays, and each retry"
                + " reads them again (one line when that succeeds)", "reference data: {} failed again: {}",
                type.plural(), LogText.reason(failure));
    }
}
