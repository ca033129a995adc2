package ru.rabota.sandbox.hh;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;
import ru.rabota.sandbox.http.SimServer;

/**
 * Publishing, editing, reading and archiving vacancies. A publication is refused in the order a client would fix
 * it: the body's fields (400, every problem at once), a similar active vacancy (403 {@code duplicate}), then the
 * employer's purchased publications (403 {@code not_enough_purchased_services}).
 */
final class HhVacancyApi {

    private static final String IGNORE_DUPLICATES = "ignore_duplicates";

    /** errors.md: the duplicate answer lists "a limited number" of them; {@code found} counts all. */
    private static final int DUPLICATES_SHOWN = 5;

    /** The longest a held answer waits for its release: a test that forgot it does not leak the thread for good. */
    private static final long HOLD_LIMIT_MINUTES = 5;

    private final HhState state;
    private final HhJson json;
    private final HhVacancyRules rules;
    private final String employerId;
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final Queue<CountDownLatch> holds = new ConcurrentLinkedQueue<>();

    HhVacancyApi(HhSimulatorConfig config, HhState state, HhJson json) {
        this.state = state;
        this.json = json;
        this.rules = new HhVacancyRules(config.managerId());
        this.employerId = config.employerId();
    }

    void register(SimServer server, UnaryOperator<SimServer.Handler> authorized) {
        server.route("POST", "/vacancies", authorized.apply(this::publishHeldOrLost))
                .route("GET", "/vacancies/([^/]+)", authorized.apply(this::read))
                .route("PUT", "/vacancies/([^/]+)", authorized.apply(this::edit))
                .route("PUT", "/employers/([^/]+)/vacancies/archived/([^/]+)", authorized.apply(this::archive));
    }

    /** The next publication request is handled as usual, then its connection drops before the answer. */
    void loseNextPublishAnswer() {
        answersToLose.incrementAndGet();
    }

    /** The next publication request is handled as usual; its answer waits until the latch is counted down. */
    CountDownLatch holdNextPublishAnswer() {
        CountDownLatch release = new CountDownLatch(1);
        holds.add(release);
        return release;
    }

    private SimResponse publishHeldOrLost(SimRequest request) {
        SimResponse answer = publish(request);
        CountDownLatch hold = holds.poll();
        if (hold != null) {
            try {
                hold.await(HOLD_LIMIT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? SimResponse.drop() : answer;
    }

    private SimResponse publish(SimRequest request) {
        Optional<Boolean> ignoreDuplicates = flag(request.param(IGNORE_DUPLICATES));
        if (ignoreDuplicates.isEmpty()) {
            return HhJson.error(400, "bad_argument", IGNORE_DUPLICATES);
        }
        JsonNode body = body(request);
        List<HhJson.BadJson> problems = rules.publication(body);
        // the checks and the publication must see the same vacancies
        synchronized (state) {
            if (problems.isEmpty() && body.hasNonNull("previous_id") && !replaceable(body.get("previous_id"))) {
                problems = List.of(new HhJson.BadJson("/previous_id", "invalid"));
            }
            if (!problems.isEmpty()) {
                return HhJson.badJsonData(problems);
            }
            List<String> duplicates = duplicates((ObjectNode) body, null);
            if (!ignoreDuplicates.get() && !duplicates.isEmpty()) {
                return HhJson.duplicate(duplicates, DUPLICATES_SHOWN);
            }
            if (!state.publicationLeft()) {
                return HhJson.error(403, "vacancies", "not_enough_purchased_services");
            }
            String id = state.publish((ObjectNode) body).id();
            return SimResponse.json(201, HhJson.MAPPER.createObjectNode().put("id", id).toString())
                    .withHeader("Location", "/vacancies/" + id);
        }
    }

    /** {@code previous_id} names an archived vacancy of the employer (all the simulator knows are the employer's). */
    private boolean replaceable(JsonNode previousId) {
        return state.vacancy(previousId.asText()).map(HhPublishedVacancy::archived).orElse(false);
    }

    private SimResponse read(SimRequest request) {
        return state.vacancy(request.pathGroup(1))
                .map(vacancy -> HhJson.ok(json.fullVacancy(vacancy)))
                .orElseGet(() -> HhJson.error(404, "not_found", null));
    }

    private SimResponse edit(SimRequest request) {
        Optional<Boolean> ignoreDuplicates = flag(request.param(IGNORE_DUPLICATES));
        if (ignoreDuplicates.isEmpty()) {
            return HhJson.error(400, "bad_argument", IGNORE_DUPLICATES);
        }
        JsonNode body = body(request);
        synchronized (state) {
            Optional<HhPublishedVacancy> found = state.vacancy(request.pathGroup(1));
            if (found.isEmpty()) {
                return HhJson.error(404, "not_found", null);
            }
            HhPublishedVacancy vacancy = found.get();
            if (vacancy.archived()) {
                return HhJson.error(403, "vacancies", "unavailable_for_archived");
            }
            boolean alone = HhVacancyRules.ALONE.stream().anyMatch(body::has);
            if (alone && body.size() > 1) {
                return HhJson.error(403, "vacancies", "conflict_changes");
            }
            List<HhJson.BadJson> problems = alone ? change(body, vacancy) : rules.edit(body, vacancy);
            if (!problems.isEmpty()) {
                return HhJson.badJsonData(problems);
            }
            HhPublishedVacancy edited = vacancy.edited((ObjectNode) body);
            // only a new name can make a vacancy similar to another: the area cannot be edited
            boolean renamed = !normalized(edited.name()).equals(normalized(vacancy.name()));
            List<String> duplicates = duplicates(edited.body(), vacancy.id());
            if (renamed && !ignoreDuplicates.get() && !duplicates.isEmpty()) {
                return HhJson.duplicate(duplicates, DUPLICATES_SHOWN);
            }
            state.replace(edited);
            return HhJson.noContent();
        }
    }

    /** A billing type or manager change: the field's own rules, and a billing type may only go up. */
    private List<HhJson.BadJson> change(JsonNode body, HhPublishedVacancy vacancy) {
        List<HhJson.BadJson> problems = rules.change(body);
        if (problems.isEmpty() && body.has("billing_type")) {
            List<String> ranks = HhDictionary.BILLING_TYPES;
            int from = ranks.indexOf(vacancy.body().path("billing_type").path("id").asText());
            if (ranks.indexOf(body.get("billing_type").get("id").asText()) <= from) {
                return List.of(new HhJson.BadJson("/billing_type/id", "value_conflict_with_business_rules"));
            }
        }
        return problems;
    }

    private SimResponse archive(SimRequest request) {
        if (!request.pathGroup(1).equals(employerId)) {
            return HhJson.error(404, "not_found", null);
        }
        synchronized (state) {
            // an archived vacancy is no longer one to archive: the same 404 as an unknown one
            Optional<HhPublishedVacancy> vacancy = state.vacancy(request.pathGroup(2)).filter(v -> !v.archived());
            if (vacancy.isEmpty()) {
                return HhJson.error(404, "not_found", null);
            }
            state.archive(vacancy.get().id());
            return HhJson.noContent();
        }
    }

    /**
     * The employer's active vacancies similar to {@code body}: the same name (case and spacing aside) in the same
     * area. {@code code} plays no part, as a code is the employer's own business.
     */
    private List<String> duplicates(ObjectNode body, String except) {
        String name = normalized(body.path("name").asText());
        String area = body.path("area").path("id").asText();
        return state.activeVacancies().stream()
                .filter(v -> !v.id().equals(except) && normalized(v.name()).equals(name) && v.areaId().equals(area))
                .map(HhPublishedVacancy::id)
                .toList();
    }

    private static String normalized(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The body as JSON; one that is not JSON at all reads as a missing node, which the rules refuse whole. */
    private static JsonNode body(SimRequest request) {
        try {
            JsonNode body = HhJson.MAPPER.readTree(request.bodyText());
            return body == null ? HhJson.MAPPER.missingNode() : body;
        } catch (JsonProcessingException e) {
            return HhJson.MAPPER.missingNode();
        }
    }

    /** A boolean query parameter: absent is false; anything but true or false is empty. */
    private static Optional<Boolean> flag(String value) {
        if (value == null || value.equals("false")) {
            return Optional.of(false);
        }
        return value.equals("true") ? Optional.of(true) : Optional.empty();
    }
}
