package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * Writes what an admitted paid command came to: its result, or its intent forgotten; the day counting what was
 * really spent instead of the reservation; the contacts bought and the prices VK reported. Waits out a Kafka
 * outage: the API has answered, and only this process knows what.
 */
final class Settlements {

    private static final Logger LOG = LoggerFactory.getLogger(Settlements.class);
    /** Between two writes of a settlement while Kafka does not take it (each waits up to the store's timeout). */
    private static final long WRITE_AGAIN_MILLIS = 1_000;

    private final KafkaStateStore store;
    private final PriceTable prices;
    private final BooleanSupplier stopping;
    private final CommandsUnderWay underWay;

    Settlements(KafkaStateStore store, PriceTable prices, BooleanSupplier stopping, CommandsUnderWay underWay) {
        this.store = store;
        this.prices = prices;
        this.stopping = stopping;
        this.underWay = underWay;
    }

    /**
     * Records the result of an admitted command, what it spent, the contacts it bought and the prices reported. Only
     * while its entry is still the intent it was admitted on ({@link #owned}); else the answer is discarded, and what
     * the instance that took the command over records stays: a phone read's settlement there counts the purchase
     * this answer may report, and a paid action it answered {@value SpendingGuard#UNKNOWN}, its reservation counted.
     *
     * @return whether it was recorded
     */
    boolean settle(SpendingGuard.Admitted admitted, PaidCall.Settlement answered) {
        readLatest();
        if (owned(admitted)) {
            finish(admitted, answered.spent(), answered.contacts(), answered.prices(),
                    RequestEntry.done(answered.result(), admitted.day(), answered.spent()));
            return true;
        }
        LOG.info("Paid command {}: answered here ({}), but another instance took it over since: what it records"
                + " stays, this answer is not", LogText.cut(admitted.requestId()),
                CommandResult.outcome(answered.result()));
        underWay.end(admitted.requestId());
        return false;
    }

    /**
     * Forgets an admitted command that is to run again; the day counts {@code spent} instead of the reservation. Only
     * while its entry is still the intent it was admitted on ({@link #owned}).
     */
    void abandon(SpendingGuard.Admitted admitted, List<Charge> spent, List<String> contacts) {
        readLatest();
        if (owned(admitted)) {
            finish(admitted, spent, contacts, Map.of(), null);
            return;
        }
        LOG.info("Paid command {}: not forgotten here, another instance took it over since",
                LogText.cut(admitted.requestId()));
        underWay.end(admitted.requestId());
    }

    /**
     * Whether the command's entry, read to its end ({@link #readLatest}), is still exactly the intent this process
     * admitted it on: an instance that took it over since (this one stood still, or its retries outlasted the
     * handover) wrote the intent again as its own admission ({@link RecordedRequests}), or recorded a result, and
     * writing here would erase that (a replay would call again) and release the reservation a second time.
     */
    private boolean owned(SpendingGuard.Admitted admitted) {
        return store.get(SpendingGuard.REQUEST + admitted.requestId()).equals(underWay.intent(admitted.requestId()));
    }

    /**
     * Records the result of a command that was not admitted here, so that a replay is refused alike: an intent it
     * replaces (a run that ended before its result, outcome unknown) leaves its reservation counted.
     */
    void record(String requestId, ObjectNode result) {
        store.put(SpendingGuard.REQUEST + requestId,
                RequestEntry.done(result, store.get(SpendingGuard.REQUEST + requestId)));
    }

    /**
     * Writes what an admitted command came to, with the prices VK reported; {@code request} null forgets it, and
     * what it spent is then kept under a key of its own.
     */
    private void finish(SpendingGuard.Admitted admitted, List<Charge> spent, List<String> contacts,
            Map<VasCode, BigDecimal> reported, String request) {
        Map<String, String> writes = new HashMap<>();
        contacts.forEach(userId -> writes.put(SpendingGuard.CONTACT + userId, "bought"));
        writes.put(SpendingGuard.REQUEST + admitted.requestId(), request);
        if (request == null && !spent.isEmpty()) {
            writes.put(SpendLedger.SPENT + admitted.requestId() + ":" + UUID.randomUUID(),
                    RequestEntry.spentAlone(admitted.day(), spent));
        }
        try {
            prices.learn(reported, writes, all -> written(admitted.requestId(), all));
        } finally {
            underWay.end(admitted.requestId());
        }
    }

    /**
     * Reads what Kafka holds now: since this instance admitted its command, another one may have taken it over (this
     * one stood still, or its retries outlasted the handover). In a Kafka outage, this instance's view.
     */
    private void readLatest() {
        try {
            store.readToEnd();
        } catch (StateUnavailableException e) {
            // Kafka unavailable: what this instance read before is all there is to go on
        }
    }

    /**
     * Writes what a call's answer (or its certain absence) settles, waiting out a Kafka outage: read again, the
     * command would find its intent without a result and be answered {@value SpendingGuard#UNKNOWN}, though VK
     * answered. The same values go again: a write that timed out may still land, and lands the same. Gives up when
     * the application stops, or when Kafka refuses the record itself.
     */
    private void written(String requestId, Map<String, String> writes) {
        boolean waited = false;
        while (true) {
            try {
                store.putAll(writes);
                if (waited) {
                    LOG.info("Paid command {}: its result is recorded, Kafka takes writes again",
                            LogText.cut(requestId));
                }
                return;
            } catch (StateUnavailableException e) {
                if (stopping.getAsBoolean() || KafkaOutput.refused(e)) {
                    throw e;
                }
                if (!waited) {
                    LOG.warn("Paid command {}: answered, its result waits until Kafka takes it ({})",
                            LogText.cut(requestId), LogText.cut(e.getMessage()));
                    waited = true;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(WRITE_AGAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted while waiting for Kafka", e);
        }
    }
}
