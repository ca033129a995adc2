package ru.rabota.sandbox.hh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candidates at work: each step brings a new response into the first collection of some vacancy (sometimes with
 * the resume already hidden) and may move an open negotiation on, as the employer's recruiters would on hh.ru's
 * site: today by one of its enabled actions, in 2015 to another collection. Responses and moves are announced to
 * webhook subscribers. The same seed gives the same sequence of steps.
 */
final class HhActivity {

    private record Move(String collection, String stateId) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HhActivity.class);

    private static final double HIDDEN_RESUME_SHARE = 0.15;
    private static final double MOVE_SHARE = 0.5;
    private static final List<Move> MOVES = List.of(new Move("hold", "response"), new Move("invited", "invitation"),
            new Move("discarded", "discard"));
    private static final List<String> MALE_FIRST = List.of("Иван", "Пётр", "Алексей", "Дмитрий", "Сергей");
    private static final List<String> FEMALE_FIRST = List.of("Анна", "Мария", "Елена", "Ольга", "Наталья");
    private static final List<String> LAST = List.of("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов");
    private static final List<String> TITLES = List.of("Менеджер по продажам", "Кладовщик", "Водитель-экспедитор",
            "Бухгалтер", "Продавец-консультант");
    private static final List<Map.Entry<String, String>> AREAS = List.of(Map.entry("1", "Москва"),
            Map.entry("2", "Санкт-Петербург"), Map.entry("3", "Екатеринбург"));
    private static final List<String> COMPANIES = List.of("Рога и копыта", "Ромашка", "Вектор");

    private final HhState state;
    private final HhWorkflow workflow;
    private final Random random;
    private ScheduledExecutorService scheduler;

    HhActivity(HhState state, HhWorkflow workflow, long seed) {
        this.state = state;
        this.workflow = workflow;
        this.random = new Random(seed);
    }

    synchronized HhNegotiation arrive(String vacancyId) {
        HhResume resume = random.nextDouble() < HIDDEN_RESUME_SHARE ? null : resume();
        return state.respond(vacancyId, resume);
    }

    /** A response to an active vacancy, and now and then a move of an open one: no one responds to an archived one. */
    synchronized void step() {
        List<HhPublishedVacancy> vacancies = state.activeVacancies();
        if (vacancies.isEmpty()) {
            return;
        }
        arrive(vacancies.get(random.nextInt(vacancies.size())).id());
        if (random.nextDouble() < MOVE_SHARE) {
            if (workflow.today()) {
                actOnOne();
            } else {
                moveOne();
            }
        }
    }

    synchronized void start(Duration every) {
        stop();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hh-sim-activity");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::safeStep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    // an exception would silently end a scheduled task
    private void safeStep() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.warn("hh.ru simulator activity step failed: {}", e.toString());
        }
    }

    private void moveOne() {
        List<HhNegotiation> open = onActiveVacancies().stream()
                .filter(n -> n.collection().equals("inbox") || n.collection().equals("hold"))
                .toList();
        if (open.isEmpty()) {
            return;
        }
        HhNegotiation negotiation = open.get(random.nextInt(open.size()));
        List<Move> moves = MOVES.stream().filter(m -> !m.collection().equals(negotiation.collection())).toList();
        Move move = moves.get(random.nextInt(moves.size()));
        state.changeEmployerState(negotiation.id(), move.collection(), move.stateId());
    }

    // an archived vacancy's negotiations are refused every action (invalid_vacancy)
    private List<HhNegotiation> onActiveVacancies() {
        Set<String> active = state.activeVacancies().stream().map(HhPublishedVacancy::id).collect(Collectors.toSet());
        return state.negotiations().stream().filter(n -> active.contains(n.vacancyId())).toList();
    }

    // half of the time with a message, which tells the candidate
    private void actOnOne() {
        List<HhNegotiation> open = onActiveVacancies().stream().filter(n -> !enabledActions(n).isEmpty()).toList();
        if (open.isEmpty()) {
            return;
        }
        HhNegotiation negotiation = open.get(random.nextInt(open.size()));
        List<HhWorkflow.Action> actions = enabledActions(negotiation);
        String employerState = actions.get(random.nextInt(actions.size())).resultingState();
        state.changeEmployerState(negotiation.id(), employerState,
                random.nextBoolean() ? HhWorkflow.candidateStateAfter(employerState) : null);
    }

    private List<HhWorkflow.Action> enabledActions(HhNegotiation negotiation) {
        return workflow.actions(negotiation.employerStateId()).stream().filter(HhWorkflow.Action::enabled).toList();
    }

    private HhResume resume() {
        boolean female = random.nextBoolean();
        String lastName = pick(LAST) + (female ? "а" : "");
        Map.Entry<String, String> area = AREAS.get(random.nextInt(AREAS.size()));
        return new HhResume(hexId(), pick(TITLES), pick(female ? FEMALE_FIRST : MALE_FIRST), lastName,
                random.nextBoolean() ? null : (female ? "Сергеевна" : "Сергеевич"),
                random.nextInt(5) == 0 ? null : 18 + random.nextInt(45), female ? "female" : "male",
                area.getKey(), area.getValue(), random.nextBoolean() ? pick(COMPANIES) : null,
                random.nextBoolean() ? null : 30_000 + 5_000 * random.nextInt(30));
    }

    // hh.ru resume ids are 38 hexadecimal digits
    private String hexId() {
        StringBuilder id = new StringBuilder();
        random.ints(38, 0, 16).forEach(digit -> id.append(Character.forDigit(digit, 16)));
        return id.toString();
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
