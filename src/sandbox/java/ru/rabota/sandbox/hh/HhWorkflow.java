package ru.rabota.sandbox.hh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stages a negotiation goes through in one edition, the same for every vacancy. Today: an employer state per
 * stage, each shown in the collection of the same id, and the actions each state offers (ids, names and arguments
 * as in the specification's examples). 2015: four collections and the moves of {@code PUT /negotiations/{status}}.
 */
final class HhWorkflow {

    /** An action's argument; {@code requiredArguments} must come along when this one is given. */
    record Argument(String id, boolean required, List<String> requiredArguments) {
    }

    /** An action as items list it; its URL names its {@code id}, and it leads to {@code resultingState}. */
    record Action(String id, String name, boolean enabled, String method, String resultingState, String template,
            List<Argument> arguments) {

        Optional<Argument> argument(String argumentId) {
            return arguments.stream().filter(a -> a.id().equals(argumentId)).findFirst();
        }
    }

    /** Where a 2015 {@code PUT /negotiations/{status}/{nid}} puts a negotiation. */
    record Move(String collection, String stateId) {
    }

    static final String RESPONSE = "response";
    static final String DISCARD = "discard_by_employer";
    static final String RELEVANT_RESPONSES = "relevant_responses";
    static final String VACANCY_VISITORS = "vacancy_visitors";

    private static final List<String> COLLECTIONS_2015 = List.of("inbox", "hold", "invited", "discarded");
    private static final Map<String, String> COLLECTION_NAMES_2015 = Map.of("inbox", "Неразобранные",
            "hold", "Подумать", "invited", "Приглашенные", "discarded", "Отклоненные");
    // a status of the 2015 PUT may name the collection or the state it leads to
    private static final Map<String, Move> MOVES_2015 = Map.of("hold", new Move("hold", "response"),
            "invited", new Move("invited", "invitation"), "invitation", new Move("invited", "invitation"),
            "discarded", new Move("discarded", "discard"), "discard", new Move("discarded", "discard"));

    private static final Map<String, String> COLLECTION_NAMES = ordered(RESPONSE, "Все неразобранные",
            "consider", "Подумать", "phone_interview", "Телефонное интервью", "interview", "Интервью",
            "offer", "Предложение о работе", "hired", "Выход на работу", DISCARD, "Отказ");
    private static final Map<String, String> EMPLOYER_STATE_NAMES = ordered(RESPONSE, "Отклик",
            "consider", "Подумать", "phone_interview", "Тел. интервью", "interview", "Интервью",
            "offer", "Предложение о работе", "hired", "Выход на работу", DISCARD, "Отказано");
    private static final Map<String, String> GENERATED_NAMES = ordered(VACANCY_VISITORS, "Посетители вакансии",
            RELEVANT_RESPONSES, "Подходящие отклики");
    private static final Map<String, String> ORDER_TYPE_NAMES = ordered(
            "last_change_time_except_employer_inbox", "По дате создания и активности соискателя",
            "relevance", "лучшие");
    // what a test written for 2015 means by its collection ids, in today's terms
    private static final Map<String, String> TODAY_OF_2015 = Map.of("inbox", RESPONSE, "hold", "consider",
            "invited", "interview", "discarded", DISCARD);

    private static final Argument MESSAGE = new Argument("message", false, List.of());
    private static final Argument SEND_SMS = new Argument("send_sms", false, List.of("message"));
    private static final Argument ADDRESS = new Argument("address_id", false, List.of("message"));
    private static final Action CONSIDER = action("consider", "Подумать", "consider", MESSAGE, SEND_SMS);
    private static final Action PHONE_INTERVIEW = action("phone_interview", "Телефонное интервью", "invite",
            MESSAGE, SEND_SMS, ADDRESS);
    // an interview invitation must say when and where: the one action whose message is required
    private static final Action INTERVIEW = action("interview", "Интервью", "interview",
            new Argument("message", true, List.of()), SEND_SMS, ADDRESS);
    private static final Action OFFER = action("offer", "Предложение о работе", "offer", MESSAGE, SEND_SMS);
    private static final Action HIRED = action("hired", "Выход на работу", "hired", MESSAGE, SEND_SMS, ADDRESS);
    private static final Action REFUSE = action(DISCARD, "Отказ", "discard_after_response", MESSAGE);
    // shown but disabled before an interview: an offer comes after one
    private static final Action EARLY_OFFER = new Action(OFFER.id(), OFFER.name(), false, OFFER.method(),
            OFFER.resultingState(), OFFER.template(), OFFER.arguments());
    private static final Map<String, List<Action>> ACTIONS = Map.of(
            RESPONSE, List.of(CONSIDER, PHONE_INTERVIEW, INTERVIEW, EARLY_OFFER, REFUSE),
            "consider", List.of(PHONE_INTERVIEW, INTERVIEW, EARLY_OFFER, REFUSE),
            "phone_interview", List.of(CONSIDER, INTERVIEW, EARLY_OFFER, REFUSE),
            "interview", List.of(CONSIDER, OFFER, HIRED, REFUSE),
            "offer", List.of(HIRED, REFUSE),
            DISCARD, List.of(CONSIDER));

    private final boolean today;

    HhWorkflow(HhSimulatorConfig.Edition edition) {
        this.today = edition == HhSimulatorConfig.Edition.TODAY;
    }

    boolean today() {
        return today;
    }

    /** Listed for every vacancy, in this order, even when empty. */
    List<String> standardCollections() {
        return today ? List.copyOf(COLLECTION_NAMES.keySet()) : COLLECTIONS_2015;
    }

    /** Where a candidate's new response goes; its employer state has the same id. */
    String responseCollection() {
        return today ? RESPONSE : "inbox";
    }

    /** A collection id as given by a test, in this edition's terms: today, 2015 ids become today's. */
    String collection(String given) {
        return today ? TODAY_OF_2015.getOrDefault(given, given) : given;
    }

    String collectionName(String collection) {
        return (today ? COLLECTION_NAMES : COLLECTION_NAMES_2015).getOrDefault(collection, collection);
    }

    List<String> generatedCollections() {
        return today ? List.copyOf(GENERATED_NAMES.keySet()) : List.of();
    }

    String generatedName(String collection) {
        return GENERATED_NAMES.get(collection);
    }

    /** Responses can also be sorted by relevance; every collection by the candidate's activity. */
    List<String> orderTypes(String collection) {
        List<String> all = List.copyOf(ORDER_TYPE_NAMES.keySet());
        return collection.equals(RESPONSE) || collection.equals(RELEVANT_RESPONSES) ? all : all.subList(0, 1);
    }

    String orderTypeName(String orderType) {
        return ORDER_TYPE_NAMES.get(orderType);
    }

    List<String> employerStates() {
        return List.copyOf(EMPLOYER_STATE_NAMES.keySet());
    }

    String employerStateName(String employerState) {
        return EMPLOYER_STATE_NAMES.getOrDefault(employerState, employerState);
    }

    /** The actions a negotiation in this employer state offers; none in 2015 and for states of no workflow. */
    List<Action> actions(String employerState) {
        return today ? ACTIONS.getOrDefault(employerState, List.of()) : List.of();
    }

    /** The candidate's state once a message told them of this employer state: a discard or an invitation. */
    static String candidateStateAfter(String employerState) {
        return employerState.equals(DISCARD) ? "discard" : "invitation";
    }

    Optional<Move> move2015(String status) {
        return Optional.ofNullable(MOVES_2015.get(status));
    }

    private static Action action(String id, String name, String template, Argument... arguments) {
        return new Action(id, name, true, "PUT", id, template, List.of(arguments));
    }

    private static Map<String, String> ordered(String... idsAndNames) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            map.put(idsAndNames[i], idsAndNames[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
