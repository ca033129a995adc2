package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * Keeps paid commands (paid actions, contact purchases, phone reads) from paying twice or spending more than
 * allowed. Every paid command has a {@code request_id}; the {@code vasState} store keeps, durably:
 * <ul>
 * <li>{@code request:<request_id>}: the intent, written <em>before</em> the API is called with the day and the
 * charges it reserved, then the result. A command whose request_id has a result gets that result again and calls
 * nothing. One whose intent has no result (the bundle stopped between the call and the result) calls nothing
 * either: it ends {@code failed} with {@value #UNKNOWN}, because VK may have charged and its transactions cannot be
 * matched to a request; unless its call is one VK carries out once however often it is sent (a phone read): that
 * one is admitted again on the reservation its intent names ({@link Admitted#again}), nothing reserved twice. An
 * intent written by a version that did not keep its charges stays {@link Unfinished}.</li>
 * <li>{@code contact:<user_id>}: contacts bought, so that reading their phones is not counted again.</li>
 * <li>{@code day:<Moscow date>}: roubles and actions per code spent that day ({@link DailySpend}). A command is
 * admitted only when its actions fit the day's limits at the dearest prices known ({@link #estimate}); its cost is
 * reserved with the intent, and corrected by the answer (failed actions are not counted, reported prices replace
 * estimates).</li>
 * </ul>
 * Admission and settlement are serialised here and read the store to its end first, so instances sharing the
 * store see each other's spending; two instances admitting at the same instant may still both pass. A settlement
 * waits out a Kafka outage: the API has answered, and only this process knows what.
 */
public final class SpendingGuard {

    public static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    public static final String UNKNOWN = "outcome unknown after a restart, check vas_transactions";

    static final String REQUEST = "request:";
    static final String DAY = "day:";
    static final String CONTACT = "contact:";
    /** Fields of an intent: the Moscow day its reservation counts in, and the charges reserved. */
    private static final String INTENT_DAY = "day";
    private static final String CHARGES = "charges";
    /** Whether the intent's call may be sent again after a run that never recorded its result (a phone read). */
    private static final String REPEATABLE = "repeatable";

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

    /** Not allowed; the detail names the limit. */
    public record Refused(String detail) implements Admission {
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

    private static final Logger LOG = LoggerFactory.getLogger(SpendingGuard.class);
    /** Between two writes of a settlement while Kafka does not take it (each waits up to the store's timeout). */
    private static final long WRITE_AGAIN_MILLIS = 1_000;

    private final KafkaStateStore store;
    private final SpendingLimits limits;
    private final PriceTable prices;
    private final Clock clock;
    private final BooleanSupplier stopping;
    /**
     * The commands this process admitted whose route has not ended, by request_id: a command with the same
     * request_id under another record key (another lane, at the same moment) waits for its result to replay it, rather
     * than find its intent without a result and answer {@value #UNKNOWN}.
     */
    private final ConcurrentMap<String, CompletableFuture<Void>> underWay = new ConcurrentHashMap<>();
    /**
     * The request_ids whose admission this process could not write (Kafka did not confirm it within the store's
     * timeout) and so sent nothing for: the write may land all the same, and the command, read again, then finds its
     * intent without a result. It is admitted on the reservation that intent made, not {@link Unfinished}.
     */
    private final Set<String> unsent = ConcurrentHashMap.newKeySet();

    /** @param stopping whether the application stops: a settlement then stops waiting for Kafka */
    public SpendingGuard(KafkaStateStore store, SpendingLimits limits, PriceTable prices, Clock clock,
            BooleanSupplier stopping) {
        this.store = store;
        this.limits = limits;
        this.prices = prices;
        this.clock = clock;
        this.stopping = stopping;
    }

    public SpendingLimits limits() {
        return limits;
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
            CompletableFuture<Void> running = underWay.get(requestId);
            if (running != null) {
                awaitDone(requestId, running);
            }
            Admission admission = decide(requestId, actions, contacts, repeatable);
            if (admission != null) {
                return admission;
            }
        }
    }

    /** The admission, or null when a command of this process with the request_id is under way: wait for it. */
    private synchronized Admission decide(String requestId, List<VasCode> actions, boolean contacts,
            boolean repeatable) {
        store.readToEnd();
        Optional<String> recorded = store.get(REQUEST + requestId);
        // a write of this process that failed: its intent landed (read below) or not (admitted anew)
        boolean notSent = unsent.remove(requestId);
        if (recorded.isPresent()) {
            JsonNode entry = read(recorded.get());
            if (entry.path("result").isObject()) {
                return new Replay((ObjectNode) entry.path("result"));
            }
            if (underWay.containsKey(requestId)) {
                return null;
            }
            // only a repeatable call's own intent: another kind's request_id names a reservation of other actions
            Optional<Admitted> again = notSent || repeatable && entry.path(REPEATABLE).asBoolean()
                    && !contactsRefused(actions, contacts) ? reserved(requestId, entry, !notSent) : Optional.empty();
            if (again.isEmpty()) {
                return new Unfinished();
            }
            if (notSent) {
                LOG.info("Paid command {}: its admission was written after all, though Kafka did not confirm it in"
                        + " time; nothing was sent, it goes on on that reservation", LogText.cut(requestId));
            }
            underWay.put(requestId, new CompletableFuture<>());
            return again.get();
        }
        if (contactsRefused(actions, contacts)) {
            return new Refused("contact purchases and phone reads are disabled (bridge.vas.contacts.enabled=false)");
        }
        List<Charge> charges = actions.stream().map(this::estimate).toList();
        String day = LocalDate.now(clock.withZone(MOSCOW)).toString();
        DailySpend spent = spend(day);
        Optional<String> overLimit = overDailyLimit(spent, actions);
        if (overLimit.isPresent()) {
            return new Refused(overLimit.get());
        }
        BigDecimal cost = charges.stream().map(Charge::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        // what costs nothing (the phone of a contact bought before) passes even a day that an unknown price overshot
        if (cost.signum() > 0 && spent.spent().add(cost).compareTo(limits.dailyBudget()) > 0) {
            return new Refused("daily budget " + shown(limits.dailyBudget()) + " RUB reached: spent "
                    + shown(spent.spent()) + ", this needs " + shown(cost));
        }
        underWay.put(requestId, new CompletableFuture<>());
        try {
            store.putAll(Map.of(REQUEST + requestId, intent(day, charges, repeatable), DAY + day,
                    spent.plus(charges).toJson()));
        } catch (RuntimeException e) {
            unsent.add(requestId);
            release(requestId);
            throw e;
        }
        return new Admitted(requestId, day, charges);
    }

    private boolean contactsRefused(List<VasCode> actions, boolean contacts) {
        return !limits.contactsEnabled() && (contacts || actions.contains(VasCode.CONTACT_VIEW));
    }

    /**
     * The admission an intent without result recorded, admitted again: its day and the charges reserved then, which
     * that day still counts. Empty for an intent that names none (written before intents kept them).
     *
     * @param sentMaybe whether the run that admitted it may have sent its call ({@link Admitted#again})
     */
    private static Optional<Admitted> reserved(String requestId, JsonNode intent, boolean sentMaybe) {
        JsonNode charges = intent.path(CHARGES);
        if (!charges.isArray() || !intent.path(INTENT_DAY).isTextual()) {
            return Optional.empty();
        }
        List<Charge> reserved = new ArrayList<>();
        for (JsonNode charge : charges) {
            Optional<VasCode> action = VasCode.of(charge.path("action").asText());
            if (action.isEmpty() || !charge.path("price").isNumber()) {
                return Optional.empty();
            }
            reserved.add(new Charge(action.get(), charge.path("price").decimalValue()));
        }
        return Optional.of(new Admitted(requestId, intent.path(INTENT_DAY).asText(), List.copyOf(reserved),
                sentMaybe));
    }

    /**
     * The admitted command is over, settled or not (settled, abandoned, or its route ended otherwise): a command of
     * the same request_id that waits for it is decided now, a replay of its result when it has one.
     */
    public void release(String requestId) {
        CompletableFuture<Void> running = underWay.remove(requestId);
        if (running != null) {
            running.complete(null);
        }
    }

    private static void awaitDone(String requestId, CompletableFuture<Void> running) {
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted while request_id " + LogText.cut(requestId)
                    + " of another command was under way", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the result of an admitted command; the day counts {@code spent} instead of the reservation. */
    public synchronized void settle(Admitted admitted, List<Charge> spent, ObjectNode result) {
        settle(admitted, spent, result, List.of());
    }

    /** The same, remembering the candidates whose contacts are bought now. */
    public synchronized void settle(Admitted admitted, List<Charge> spent, ObjectNode result, List<String> contacts) {
        finish(admitted, spent, contacts, Map.of(), done(result));
    }

    /**
     * The same for what an answer came to, with the prices it reported: written with the rest, so that they wait out
     * a Kafka outage with it rather than end the command before its result is recorded.
     */
    public synchronized void settle(Admitted admitted, PaidCall.Settlement answered) {
        finish(admitted, answered.spent(), answered.contacts(), answered.prices(), done(answered.result()));
    }

    /** Whether a contact was bought through the guard (a purchase, or a phone read that VK answered). */
    public boolean contactBought(String userId) {
        return store.get(CONTACT + userId).isPresent();
    }

    /** Records the result of a command that was not admitted, so that a replay is refused alike. */
    public void record(String requestId, ObjectNode result) {
        store.put(REQUEST + requestId, done(result));
    }

    /**
     * Forgets an admitted command that is to run again: its last attempt cannot have reached the API (its retries ran
     * out before VK read it), or a call that may be repeated was interrupted by a stop; it runs again from its dead
     * letter or its record. The day counts {@code spent} instead of the reservation (what an earlier attempt may have
     * bought), and the candidates in {@code contacts} as bought.
     */
    public synchronized void abandon(Admitted admitted, List<Charge> spent, List<String> contacts) {
        finish(admitted, spent, contacts, Map.of(), null);
    }

    /** Writes what an admitted command came to, with the prices VK reported; {@code request} null forgets it. */
    private void finish(Admitted admitted, List<Charge> spent, List<String> contacts,
            Map<VasCode, BigDecimal> reported, String request) {
        Map<String, String> writes = new HashMap<>();
        contacts.forEach(userId -> writes.put(CONTACT + userId, "bought"));
        writes.put(DAY + admitted.day(), latestSpend(admitted.day()).minus(admitted.charges()).plus(spent).toJson());
        writes.put(REQUEST + admitted.requestId(), request);
        try {
            prices.learn(reported, writes, all -> written(admitted.requestId(), all));
        } finally {
            release(admitted.requestId());
        }
    }

    /**
     * The day's spend as Kafka holds it now: since this instance admitted its command, another one may have admitted
     * others (it took the paid commands over while this one stood still), and a total computed on this instance's
     * view alone would write theirs away. In a Kafka outage, this instance's view ({@link #written} waits it out).
     */
    private DailySpend latestSpend(String day) {
        try {
            store.readToEnd();
        } catch (StateUnavailableException e) {
            // Kafka unavailable: what this instance read before is all there is to go on
        }
        return spend(day);
    }

    /**
     * Writes what a call's answer (or its certain absence) settles, waiting out a Kafka outage: read again, the
     * command would find its intent without a result and be answered {@value #UNKNOWN}, though VK answered. The
     * same values go again, not computed anew: a write that timed out may still land, and the day's spend computed
     * on top of it would count the command twice. Gives up when the application stops, or when Kafka refuses the
     * record itself.
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

    /** What the day has spent so far (reservations included). */
    public DailySpend spentOn(LocalDate day) {
        return spend(day.toString());
    }

    /**
     * Roubles spent today, the Moscow day (reservations included), for {@code bridge_spend_today_rub}; NaN until
     * {@code vasState} is loaded, since a scrape must not wait for Kafka.
     */
    public double spentToday() {
        return store.isLoaded() ? spentOn(LocalDate.now(clock.withZone(MOSCOW))).spent().doubleValue() : Double.NaN;
    }

    /**
     * The action at the dearest price VK reported for it, else at the dearest it reported for any action: what VK
     * charges is known only from its answer, and the day must not go over the budget. Never below
     * {@code bridge.vas.default-price}.
     */
    public Charge estimate(VasCode action) {
        return new Charge(action, prices.price(action).or(prices::highest).orElse(limits.defaultPrice())
                .max(limits.defaultPrice()));
    }

    private Optional<String> overDailyLimit(DailySpend spent, List<VasCode> actions) {
        Map<VasCode, Long> wanted = actions.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        return wanted.entrySet().stream()
                .filter(want -> limits.dailyLimit(want.getKey())
                        .filter(limit -> spent.count(want.getKey()) + want.getValue() > limit).isPresent())
                .map(want -> "daily limit of " + want.getKey().code() + " reached: "
                        + limits.dailyLimit(want.getKey()).orElseThrow() + " a day, " + spent.count(want.getKey())
                        + " used, this needs " + want.getValue())
                .findFirst();
    }

    private DailySpend spend(String day) {
        return store.get(DAY + day).map(DailySpend::fromJson)
                .orElseGet(() -> DailySpend.none(LocalDate.parse(day)));
    }

    /** The intent of an admitted command: the day and the charges it reserved, to settle against after a stop. */
    private String intent(String day, List<Charge> charges, boolean repeatable) {
        ObjectNode intent = BridgeJson.MAPPER.createObjectNode().put("state", "pending")
                .put("started_at", clock.instant().toString()).put(INTENT_DAY, day).put(REPEATABLE, repeatable);
        ArrayNode reserved = intent.putArray(CHARGES);
        charges.forEach(charge -> reserved.addObject().put("action", charge.action().code())
                .put("price", charge.price()));
        return intent.toString();
    }

    private static String done(ObjectNode result) {
        ObjectNode entry = BridgeJson.MAPPER.createObjectNode().put("state", "done");
        entry.set("result", result);
        return entry.toString();
    }

    private static JsonNode read(String json) {
        try {
            return CommandJson.READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable request in the vas state: " + e.getOriginalMessage(), e);
        }
    }

    private static String shown(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
