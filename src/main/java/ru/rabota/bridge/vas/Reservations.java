package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Admits a paid command whose request_id is new: only when its actions fit the day's limits and budget at the
 * dearest prices known, and then reserves its cost in the day with its intent, one write, before the API is called.
 */
final class Reservations {

    private final KafkaStateStore store;
    private final SpendLedger ledger;
    private final SpendingLimits limits;
    private final PriceTable prices;
    private final Clock clock;
    private final CommandsUnderWay underWay;
    /**
     * The intents, by request_id, whose admission this process could not write (Kafka did not confirm it within the
     * store's timeout) and so sent nothing for: the write may land all the same, and the command, read again, then
     * finds that intent without a result. It is admitted on the reservation that intent made, not
     * {@link SpendingGuard.Unfinished}; another intent there is another admission's, which may have been sent.
     */
    private final Map<String, String> unconfirmed = new ConcurrentHashMap<>();

    Reservations(KafkaStateStore store, SpendLedger ledger, SpendingLimits limits, PriceTable prices, Clock clock,
            CommandsUnderWay underWay) {
        this.store = store;
        this.ledger = ledger;
        this.limits = limits;
        this.prices = prices;
        this.clock = clock;
        this.underWay = underWay;
    }

    /**
     * Whether {@code entry} is the intent of this request_id that was written here without Kafka confirming it (no
     * entry: none); forgotten now.
     */
    boolean unconfirmed(String requestId, Optional<String> entry) {
        String intent = unconfirmed.remove(requestId);
        return intent != null && entry.filter(intent::equals).isPresent();
    }

    /** Refuses the command naming the limit, or reserves it; call with the store read to its end. */
    SpendingGuard.Admission admit(String requestId, List<VasCode> actions, boolean contacts, boolean repeatable) {
        if (limits.refusesContacts(actions, contacts)) {
            return new SpendingGuard.Refused("bridge.vas.contacts.enabled",
                    "contact purchases and phone reads are disabled (bridge.vas.contacts.enabled=false)");
        }
        List<Charge> charges = actions.stream().map(this::estimate).toList();
        String day = DailySpend.today(clock).toString();
        DailySpend spent = ledger.on(day);
        Optional<SpendingGuard.Refused> overLimit = overDailyLimit(spent, actions);
        if (overLimit.isPresent()) {
            return overLimit.get();
        }
        BigDecimal cost = charges.stream().map(Charge::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        // what costs nothing (the phone of a contact bought before) passes even a day that an unknown price overshot
        if (cost.signum() > 0 && spent.spent().add(cost).compareTo(limits.dailyBudget()) > 0) {
            return new SpendingGuard.Refused("bridge.vas.daily-budget", "daily budget " + shown(limits.dailyBudget()) + " RUB reached: spent "
                    + shown(spent.spent()) + ", this needs " + shown(cost) + unpriced(actions));
        }
        ledger.markForEarlierVersions(day);
        String intent = RequestEntry.intent(clock.instant(), day, charges, repeatable);
        underWay.start(requestId, intent);
        try {
            // the intent is the day's reservation (SpendLedger): one record, landed whole or not at all
            store.put(SpendingGuard.REQUEST + requestId, intent);
        } catch (RuntimeException e) {
            unconfirmed.put(requestId, intent);
            underWay.end(requestId);
            throw e;
        }
        return new SpendingGuard.Admitted(requestId, day, charges);
    }

    /**
     * The action at the dearest price VK reported for it, else at the dearest it reported for any action: what VK
     * charges is known only from its answer, and the day must not go over the budget. Never below
     * {@code bridge.vas.default-price}.
     */
    private Charge estimate(VasCode action) {
        return new Charge(action, prices.price(action).or(prices::highest).orElse(limits.defaultPrice())
                .max(limits.defaultPrice()));
    }

    /**
     * Why an action counts at a price not its own, when one does: an action VK never priced is refused every day
     * while the dearest price it reported of another exceeds the budget, and the refusal must say so.
     */
    private String unpriced(List<VasCode> actions) {
        List<String> unpriced = actions.stream().distinct().filter(action -> prices.price(action).isEmpty())
                .map(VasCode::code).toList();
        return unpriced.isEmpty() ? "" : "; VK has reported no price for " + String.join(", ", unpriced)
                + " yet: each counts at the dearest price it reported for any action"
                + prices.highest().map(price -> " (" + shown(price) + ")").orElse("")
                + ", and at least bridge.vas.default-price (" + shown(limits.defaultPrice()) + ")";
    }

    private Optional<SpendingGuard.Refused> overDailyLimit(DailySpend spent, List<VasCode> actions) {
        Map<VasCode, Long> wanted = actions.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        return wanted.entrySet().stream()
                .filter(want -> limits.dailyLimit(want.getKey())
                        .filter(limit -> spent.count(want.getKey()) + want.getValue() > limit).isPresent())
                .map(want -> new SpendingGuard.Refused("bridge.vas.daily-limit." + want.getKey().code(),
                        "daily limit of " + want.getKey().code() + " reached: "
                        + limits.dailyLimit(want.getKey()).orElseThrow() + " a day, " + spent.count(want.getKey())
                        + " used, this needs " + want.getValue()))
                .findFirst();
    }

    private static String shown(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
