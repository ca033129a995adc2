package ru.rabota.bridge.sandbox.hh;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Vacancies and negotiations of the simulated employer; every method holds the one lock. */
final class HhState {

    /** hh.ru answers in Moscow time; its documents show {@code +0300}. */
    static final ZoneOffset MOSCOW = ZoneOffset.ofHours(3);

    /** Shown for every vacancy, in this order, even when empty; others follow once a negotiation uses them. */
    static final List<String> STANDARD_COLLECTIONS = List.of("inbox", "hold", "invited", "discarded");

    // newest change first, as hh.ru lists them; ids break ties within a second
    private static final Comparator<HhNegotiation> NEWEST_FIRST = Comparator
            .comparing(HhNegotiation::updatedAt)
            .thenComparing(negotiation -> Long.parseLong(negotiation.id()))
            .reversed();

    private final Map<String, HhVacancy> vacancies = new LinkedHashMap<>();
    private final Map<String, HhNegotiation> negotiations = new LinkedHashMap<>();
    private long lastId = 1_000_000_000L;

    synchronized void addVacancy(HhVacancy vacancy) {
        vacancies.put(vacancy.id(), vacancy);
    }

    synchronized List<HhVacancy> vacancies() {
        return List.copyOf(vacancies.values());
    }

    synchronized Optional<HhVacancy> vacancy(String id) {
        return Optional.ofNullable(vacancies.get(id));
    }

    synchronized HhNegotiation add(String vacancyId, String collection, String stateId, HhResume resume) {
        if (!vacancies.containsKey(vacancyId)) {
            throw new IllegalArgumentException("No vacancy " + vacancyId);
        }
        OffsetDateTime now = now();
        HhNegotiation negotiation = new HhNegotiation(Long.toString(++lastId), vacancyId, collection, stateId,
                resume, now, now, true, false, false);
        negotiations.put(negotiation.id(), negotiation);
        return negotiation;
    }

    synchronized HhNegotiation move(String id, String collection, String stateId) {
        return replace(id, negotiation -> negotiation.movedTo(collection, stateId, now()))
                .orElseThrow(() -> new IllegalArgumentException("No negotiation " + id));
    }

    /** Opening a negotiation marks it viewed by the employer and clears its updates. */
    synchronized Optional<HhNegotiation> view(String id) {
        return replace(id, HhNegotiation::viewed);
    }

    synchronized Optional<HhNegotiation> negotiation(String id) {
        return Optional.ofNullable(negotiations.get(id));
    }

    /** All negotiations, oldest first. */
    synchronized List<HhNegotiation> negotiations() {
        return List.copyOf(negotiations.values());
    }

    synchronized List<HhNegotiation> negotiations(String vacancyId) {
        return negotiations.values().stream().filter(n -> n.vacancyId().equals(vacancyId)).toList();
    }

    /** One collection of a vacancy as the list endpoint pages it: newest change first. */
    synchronized List<HhNegotiation> collection(String vacancyId, String collection) {
        return negotiations.values().stream()
                .filter(n -> n.vacancyId().equals(vacancyId) && n.collection().equals(collection))
                .sorted(NEWEST_FIRST)
                .toList();
    }

    /** The collections a vacancy offers: the standard four, then any other its negotiations are in. */
    synchronized List<String> collections(String vacancyId) {
        Set<String> collections = new LinkedHashSet<>(STANDARD_COLLECTIONS);
        negotiations(vacancyId).forEach(n -> collections.add(n.collection()));
        return List.copyOf(collections);
    }

    private Optional<HhNegotiation> replace(String id, UnaryOperator<HhNegotiation> change) {
        return Optional.ofNullable(negotiations.computeIfPresent(id, (key, negotiation) -> change.apply(negotiation)));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(MOSCOW).truncatedTo(ChronoUnit.SECONDS);
    }
}
