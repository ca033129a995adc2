package ru.rabota.sandbox.hh;

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

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Vacancies and negotiations of the simulated employer; every method holds the one lock. */
final class HhState {

    /** What hh.ru would announce to webhook subscribers; called under the state's lock, so it must not block. */
    interface Events {
        void arrived(HhNegotiation negotiation);

        void employerStateChanged(HhNegotiation before, HhNegotiation after);
    }

    /** hh.ru answers in Moscow time; its documents show {@code +0300}. */
    static final ZoneOffset MOSCOW = ZoneOffset.ofHours(3);

    // newest change first, as hh.ru lists them; ids break ties within a second
    private static final Comparator<HhNegotiation> NEWEST_FIRST = Comparator
            .comparing(HhNegotiation::updatedAt)
            .thenComparing(negotiation -> Long.parseLong(negotiation.id()))
            .reversed();

    private final HhWorkflow workflow;
    private final Events events;
    private final Map<String, HhPublishedVacancy> vacancies = new LinkedHashMap<>();
    private final Set<String> published = new LinkedHashSet<>();
    private final Map<String, HhNegotiation> negotiations = new LinkedHashMap<>();
    private long lastId = 1_000_000_000L;
    private long lastVacancyId = 130_000_000L;
    private int publicationsLeft;

    /** @param publications how many vacancies the employer has paid for */
    HhState(HhWorkflow workflow, Events events, int publications) {
        this.workflow = workflow;
        this.events = events;
        this.publicationsLeft = publications;
    }

    /** A vacancy of the configuration or the tests: added active, or made active again under its new name. */
    synchronized void addVacancy(HhVacancy vacancy) {
        HhPublishedVacancy known = vacancies.get(vacancy.id());
        ObjectNode body = known != null ? known.body() : seedBody();
        body.put("name", vacancy.name());
        if (vacancy.managerId() != null) {
            body.putObject("manager").put("id", vacancy.managerId());
        }
        vacancies.put(vacancy.id(), new HhPublishedVacancy(vacancy.id(), body, false,
                known != null ? known.previousId() : null, known != null ? known.code() : null,
                known != null ? known.publishedAt() : now().minusDays(30)));
    }

    // what the simulator assumes of a vacancy it knows only by name
    private static ObjectNode seedBody() {
        ObjectNode body = HhJson.MAPPER.createObjectNode();
        body.putObject("area").put("id", "1");
        body.putObject("type").put("id", "open");
        body.putObject("billing_type").put("id", "standard");
        return body;
    }

    /** A vacancy published through the API, with a new id; uses one publication (the caller checked one is left). */
    synchronized HhPublishedVacancy publish(ObjectNode body) {
        String id;
        do {
            id = Long.toString(++lastVacancyId);
        } while (vacancies.containsKey(id));
        HhPublishedVacancy vacancy = new HhPublishedVacancy(id, body, false,
                HhPublishedVacancy.textOrNull(body.get("previous_id")), HhPublishedVacancy.textOrNull(body.get("code")),
                now());
        vacancies.put(id, vacancy);
        published.add(id);
        publicationsLeft--;
        return vacancy;
    }

    synchronized boolean publicationLeft() {
        return publicationsLeft > 0;
    }

    /** Vacancies published through the API, oldest first. */
    synchronized List<HhPublishedVacancy> published() {
        return published.stream().map(vacancies::get).toList();
    }

    synchronized void replace(HhPublishedVacancy vacancy) {
        vacancies.put(vacancy.id(), vacancy);
    }

    /** Every vacancy, archived ones too: their negotiations stay readable. */
    synchronized List<HhVacancy> vacancies() {
        return vacancies.values().stream().map(v -> new HhVacancy(v.id(), v.name())).toList();
    }

    synchronized List<HhPublishedVacancy> activeVacancies() {
        return vacancies.values().stream().filter(v -> !v.archived()).toList();
    }

    synchronized Optional<HhPublishedVacancy> vacancy(String id) {
        return Optional.ofNullable(vacancies.get(id));
    }

    synchronized void archive(String vacancyId) {
        replace(vacancy(vacancyId).orElseThrow(() -> new IllegalArgumentException("No vacancy " + vacancyId))
                .archive());
    }

    synchronized boolean archived(String vacancyId) {
        return vacancy(vacancyId).map(HhPublishedVacancy::archived).orElse(false);
    }

    synchronized HhNegotiation add(String vacancyId, String collection, String stateId, String employerStateId,
            HhResume resume) {
        if (!vacancies.containsKey(vacancyId)) {
            throw new IllegalArgumentException("No vacancy " + vacancyId);
        }
        OffsetDateTime now = now();
        HhNegotiation negotiation = new HhNegotiation(Long.toString(++lastId), vacancyId, collection, stateId,
                employerStateId, resume, now, now, true, false, false);
        negotiations.put(negotiation.id(), negotiation);
        return negotiation;
    }

    /** A candidate's response: in the edition's first collection, announced to webhook subscribers. */
    synchronized HhNegotiation respond(String vacancyId, HhResume resume) {
        String collection = workflow.responseCollection();
        HhNegotiation negotiation = add(vacancyId, collection, "response", collection, resume);
        events.arrived(negotiation);
        return negotiation;
    }

    synchronized HhNegotiation move(String id, String collection, String stateId, String employerStateId) {
        return replace(id, negotiation -> negotiation.movedTo(collection, stateId, employerStateId, now()))
                .orElseThrow(() -> new IllegalArgumentException("No negotiation " + id));
    }

    /**
     * Moves a negotiation to an employer state and its collection, announced to webhook subscribers.
     *
     * @param stateId the candidate's new state, null to keep it
     */
    synchronized HhNegotiation changeEmployerState(String id, String employerStateId, String stateId) {
        HhNegotiation before = negotiation(id).orElseThrow(() -> new IllegalArgumentException("No negotiation " + id));
        HhNegotiation after = move(id, employerStateId, stateId == null ? before.stateId() : stateId,
                employerStateId);
        events.employerStateChanged(before, after);
        return after;
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

    /**
     * One collection of a vacancy as the list endpoint pages it: newest change first. The generated collections
     * repeat real ones: relevant responses are the unprocessed responses, visitors are every negotiation.
     */
    synchronized List<HhNegotiation> collection(String vacancyId, String collection) {
        return negotiations.values().stream()
                .filter(n -> n.vacancyId().equals(vacancyId) && (collection.equals(HhWorkflow.VACANCY_VISITORS)
                        || n.collection().equals(collection.equals(HhWorkflow.RELEVANT_RESPONSES)
                                ? HhWorkflow.RESPONSE : collection)))
                .sorted(NEWEST_FIRST)
                .toList();
    }

    /** The collections a vacancy offers: the edition's standard ones, then any other its negotiations are in. */
    synchronized List<String> collections(String vacancyId) {
        Set<String> collections = new LinkedHashSet<>(workflow.standardCollections());
        negotiations(vacancyId).forEach(n -> collections.add(n.collection()));
        return List.copyOf(collections);
    }

    private Optional<HhNegotiation> replace(String id, UnaryOperator<HhNegotiation> change) {
        return Optional.ofNullable(negotiations.computeIfPresent(id, (key, negotiation) -> change.apply(negotiation)));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(MOSCOW).truncatedTo(ChronoUnit.SECONDS);
    }
}
