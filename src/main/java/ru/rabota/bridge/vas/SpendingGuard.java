package ru.rabota.bridge.vas;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Keeps paid commands (paid actions, contact purchases, phone reads) from paying twice or spending more than
 * allowed. Every paid command has a {@code request_id}; the {@code vasState} store keeps, durably:
 * <ul>
 * <li>{@code request:<request_id>} ({@link RequestEntry}): the intent, written <em>before</em> the API is called with
 * the day and the charges it reserved, then the result, without the candidates' contact data it carries
 * ({@link ContactData}: a phone read's replay reads its phone again). A command whose request_id is recorded calls
 * nothing again, unless its intent was left without result and its call is one VK carries out once
 * ({@link RecordedRequests}): the instance that takes it up writes the intent again as its own admission, and a run
 * admitted before that still goes on elsewhere records and releases nothing ({@link Settlements}).</li>
 * <li>{@code contact:<user_id>}: contacts bought, so that reading their phones is not counted again.</li>
 * <li>{@code spent:<request_id>:<run>}: what a run that was forgotten had spent (an earlier attempt may have bought).
 * </li>
 * <li>{@code day:<Moscow date>}: the day's total as versions before the ledger kept it, marked at this version's first
 * admission of the day so that they refuse the day rather than count it without this version's spending
 * ({@link SpendLedger#markForEarlierVersions}).</li>
 * </ul>
 * A day's spend is the sum of what those entries count in it ({@link SpendLedger}). A command is admitted only when
 * its actions fit the day's limits ({@link Reservations}); its cost is reserved with the intent, and corrected by the
 * answer ({@link Settlements}).
 * Admission and settlement are serialised here and read the store to its end first, so instances sharing the
 * store see each other's spending; two instances admitting at the same instant may still both pass.
 */
public final class SpendingGuard {

    public static final String UNKNOWN = "outcome unknown after a restart, check vas_transactions";

    static final String REQUEST = "request:";
    static final String CONTACT = "contact:";

    private static final Logger LOG = LoggerFactory.getLogger(SpendingGuard.class);

    /** What {@link #admit} decided. */
    public sealed interface Admission permits Replay, Unfinished, Refused, Admitted {
    }

    /** The request was handled before: its result, to publish again. */
    public record Replay(ObjectNode result) implements Admission {
    }

    /**
     * Admitted before, and the bundle stopped before its result was recorded: VK may have charged it, and the call
     * may not be sent again (paid actions), or its intent names no reservation to settle it against. The caller
     * answers it {@code failed} with {@link #UNKNOWN} in the command's own result shape (every action
     * {@code failed}, its outcome unknown) and {@link #record}s that, so that it stays the answer.
     */
    public record Unfinished() implements Admission {
    }

    /**
     * Not allowed; the detail names the limit.
     *
     * @param limit the property that set it ({@code bridge.vas.daily-budget}, {@code bridge.vas.daily-limit.<code>},
     *              {@code bridge.vas.contacts.enabled})
     */
    public record Refused(String limit, String detail) implements Admission {
    }

    /**
     * Allowed and reserved: call the API, then {@link #settle} or {@link #abandon}.
     *
     * @param again admitted before by a run that ended before the result was recorded (a stop, a kill, the partition
     *              gone to another instance), of a call that may be repeated: {@code charges} is that run's reservation,
     *              still counted in {@code day}, and that run's call may have been carried out
     */
    public record Admitted(String requestId, String day, List<Charge> charges, boolean again) implements Admission {

        public Admitted(String requestId, String day, List<Charge> charges) {
            this(requestId, day, charges, false);
        }
    }

    private final KafkaStateStore store;
    private final SpendLedger ledger;
    private final PriceTable prices;
    private final Clock clock;
    private final CommandsUnderWay underWay = new CommandsUnderWay();
    private final Reservations reservations;
    private final RecordedRequests recorded;
    private final Settlements settlements;
    /** Whether {@link #forgetContactData} succeeded in this process. */
    private volatile boolean contactDataForgotten;

    /** @param stopping whether the application stops: a settlement then stops waiting for Kafka */
    public SpendingGuard(KafkaStateStore store, SpendingLimits limits, PriceTable prices, Clock clock,
            BooleanSupplier stopping) {
        this.store = store;
        this.ledger = new SpendLedger(store);
        this.prices = prices;
        this.clock = clock;
        this.reservations = new Reservations(store, ledger, limits, prices, clock, underWay);
        this.recorded = new RecordedRequests(store, limits, underWay);
        this.settlements = new Settlements(store, prices, stopping, underWay);
    }

    public PriceTable prices() {
        return prices;
    }

    /** Whether a command of this request_id was admitted before (its result, or its intent, is recorded). */
    public boolean seen(String requestId) {
        store.readToEnd();
        return store.get(REQUEST + requestId).isPresent();
    }

    /**
     * Decides on a paid command.
     *
     * @param actions  what the command buys, one entry per action
     * @param contacts whether it buys or reads contacts, even when that costs nothing
     */
    public Admission admit(String requestId, List<VasCode> actions, boolean contacts) {
        return admit(requestId, actions, contacts, false);
    }

    /**
     * The same for a call VK carries out once however often it is sent ({@code repeatable}: a phone read buys its
     * contact once): one admitted before and never settled is {@link Admitted#again admitted again}, on the
     * reservation its intent recorded, rather than {@link Unfinished}.
     */
    public Admission admit(String requestId, List<VasCode> actions, boolean contacts, boolean repeatable) {
        while (true) {
            underWay.awaitEnd(requestId);
            Admission admission = decide(requestId, actions, contacts, repeatable);
            if (admission != null) {
                return admission;
            }
        }
    }

    /**
     * The admission, or null when a command of this process with the request_id is under way: wait for it. A
     * refusal and an unfinished one are under way too until their result is {@link #record recorded}: a command of
     * the same request_id on another lane meanwhile was decided anew, and admitted and paid when the limit had been
     * freed since, while the refusal recorded after it answered the request_id rejected.
     */
    private synchronized Admission decide(String requestId, List<VasCode> actions, boolean contacts,
            boolean repeatable) {
        store.readToEnd();
        Optional<String> entry = store.get(REQUEST + requestId);
        // a write of this process that failed: its intent landed (read below) or not (admitted anew)
        boolean unconfirmed = reservations.unconfirmed(requestId, entry);
        Admission admission = entry.isPresent()
                ? recorded.admit(requestId, entry.get(), actions, contacts, repeatable, unconfirmed)
                : reservations.admit(requestId, actions, contacts, repeatable);
        if (admission instanceof Refused || admission instanceof Unfinished) {
            underWay.start(requestId, null);
        }
        return admission;
    }

    /**
     * The admitted command is over, settled or not (settled, abandoned, or its route ended otherwise): a command of
     * the same request_id that waits for it is decided now, a replay of its result when it has one.
     */
    public void release(String requestId) {
        underWay.end(requestId);
    }

    /** Records the result of an admitted command; the day counts {@code spent} instead of the reservation. */
    public void settle(Admitted admitted, List<Charge> spent, ObjectNode result) {
        settle(admitted, spent, result, List.of());
    }

    /** The same, remembering the candidates whose contacts are bought now. */
    public void settle(Admitted admitted, List<Charge> spent, ObjectNode result, List<String> contacts) {
        settle(admitted, new PaidCall.Settlement(result, spent, Map.of(), contacts));
    }

    /**
     * The same for what an answer came to, with the prices it reported: written with the rest, so that they wait out
     * a Kafka outage with it rather than end the command before its result is recorded. Nothing is written when
     * another instance took the command over since ({@link Settlements#settle}).
     *
     * @return whether it was recorded here
     */
    public synchronized boolean settle(Admitted admitted, PaidCall.Settlement answered) {
        return settlements.settle(admitted, answered);
    }

    /**
     * Forgets an admitted command that is to run again: its last attempt cannot have reached the API (its retries ran
     * out before VK read it), or a call that may be repeated was interrupted by a stop; it runs again from its dead
     * letter or its record. The day counts {@code spent} instead of the reservation (what an earlier attempt may have
     * bought), and the candidates in {@code contacts} as bought. Nothing is written when another instance took the
     * command over and recorded it since ({@link Settlements#abandon}).
     */
    public synchronized void abandon(Admitted admitted, List<Charge> spent, List<String> contacts) {
        settlements.abandon(admitted, spent, contacts);
    }

    /**
     * Records the result of a command that was not admitted (refused, or unfinished), so that a replay is answered
     * alike; a command of the same request_id that waits for it is decided then.
     */
    public void record(String requestId, ObjectNode result) {
        try {
            settlements.record(requestId, result);
        } finally {
            underWay.end(requestId);
        }
    }

    /**
     * Rewrites the results that versions before this one recorded with candidates' contact data without it
     * ({@link ContactData}), what each counts unchanged: a recorded result is never written again otherwise, and most
     * request_ids are never sent again. Route {@code vas-state-contact-data} calls it until it succeeds once.
     */
    public void forgetContactData() {
        if (contactDataForgotten) {
            return;
        }
        store.readToEnd();
        Map<String, String> rewritten = new HashMap<>();
        store.forEach((key, value) -> {
            if (value != null && key.startsWith(REQUEST)) {
                RequestEntry.withoutContactData(value).ifPresent(entry -> rewritten.put(key, entry));
            }
        });
        if (!rewritten.isEmpty()) {
            store.putAll(rewritten);
            LOG.info("State {}: {} result(s) recorded by an earlier version rewritten without candidates' contact"
                    + " data", store.topic(), rewritten.size());
        }
        contactDataForgotten = true;
    }

    /** Whether a contact was bought through the guard (a purchase, or a phone read that VK answered). */
    public boolean contactBought(String userId) {
        return store.get(CONTACT + userId).isPresent();
    }

    /** Today, the Moscow day the limits count. */
    public LocalDate today() {
        return DailySpend.today(clock);
    }

    /** What the day has spent so far (reservations included). */
    public DailySpend spentOn(LocalDate day) {
        return ledger.on(day.toString());
    }

    /**
     * Roubles spent today, the Moscow day (reservations included), for {@code bridge_spend_today_rub}; NaN until
     * {@code vasState} is loaded, since a scrape must not wait for Kafka.
     */
    public double spentToday() {
        return store.isLoaded() ? spentOn(DailySpend.today(clock)).spent().doubleValue() : Double.NaN;
    }
}
