package ru.rabota.bridge.vas;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * A day's spend, summed from the entries of the {@code vasState} store that count in it: each paid command's intent
 * (its reservation) or result (what VK charged), and what a run that was forgotten had spent
 * ({@code spent:<request_id>:<run>}). Each is written only by the instance that runs its command, and no total is read,
 * changed and written back: a total was, and a former leader whose settlement waited out Kafka wrote it back over
 * the admissions another instance made meanwhile (900 RUB spent became 300, and the budget admitted that much more).
 * A total a version before this one wrote ({@code day:<date>}) counts beneath the sum, as those versions' entries
 * name no spend.
 * <p>
 * Hand-written: a sum over a map, each entry's JSON read once per value. Paid commands are few, so a sum over every
 * entry at each admission and scrape costs little.
 */
final class SpendLedger {

    /** What one entry counts, and the value it was read from. */
    record Counted(String value, String day, List<Charge> charges) {
    }

    /** Where a forgotten run's spend is kept: {@code spent:<request_id>:<run>}. */
    static final String SPENT = "spent:";
    /** A day's total as versions before the ledger wrote it; written since only to mark it for them. */
    private static final String TOTAL = "day:";

    private final KafkaStateStore store;
    /** The entries read at the last sum, by key: read again only once their value changed. */
    private Map<String, Counted> read = new HashMap<>();

    SpendLedger(KafkaStateStore store) {
        this.store = store;
    }

    /**
     * Marks the day's total, once, before this version's first admission of the day. A version before the ledger reads
     * that total alone, which holds none of this version's spending, and admitted up to another whole budget on it (a
     * rollback, or an instance of that version leading again in a rolling upgrade); the mark is a field it does not
     * know, so that it refuses the day's paid commands instead, each a dead letter naming the field, none sent. The
     * total itself is kept, and still counts beneath the entries.
     */
    void markForEarlierVersions(String day) {
        Optional<String> total = store.get(TOTAL + day);
        if (total.filter(DailySpend::isMarked).isEmpty()) {
            store.put(TOTAL + day, total.map(DailySpend::fromJson)
                    .orElseGet(() -> DailySpend.none(LocalDate.parse(day))).marked());
        }
    }

    /** What the day has spent as this instance's view of the store holds it, reservations included. */
    synchronized DailySpend on(String day) {
        DailySpend total = store.get(TOTAL + day).map(DailySpend::fromJson)
                .orElseGet(() -> DailySpend.none(LocalDate.parse(day)));
        Map<String, Counted> now = new HashMap<>();
        store.forEach((key, value) -> {
            if (value != null && (key.startsWith(SpendingGuard.REQUEST) || key.startsWith(SPENT))) {
                Counted before = read.get(key);
                Counted counted = before != null && before.value().equals(value) ? before
                        : RequestEntry.spend(value).orElse(new Counted(value, "", List.of()));
                now.put(key, counted);
            }
        });
        read = now;
        for (Counted counted : now.values()) {
            if (counted.day().equals(day)) {
                total = total.plus(counted.charges());
            }
        }
        return total;
    }
}
