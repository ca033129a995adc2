package ru.rabota.sandbox.vk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * The company's money and VAS: /company, /vas_transactions, /paid_actions. A batch of paid actions runs
 * atomically and always answers 200; each action succeeds or fails on its own ({@code status},
 * {@code error_message}), and {@code meta.company} shows the company after the whole batch.
 */
record VasApi(VkState state, VkJson json, VkSimulatorConfig config) {

    private static final List<String> ACCOUNTS = List.of("company", "bonus");
    private static final Duration HIGHLIGHT = Duration.ofHours(24);

    /** What one action came to: an error message (null on success), the job and the candidate it concerned. */
    private record Outcome(String error, VkJob job, VkCandidate user) {
        static Outcome failed(String error, VkJob job) {
            return new Outcome(error, job, null);
        }
    }

    void register(VkRoutes routes) {
        routes.authed("GET", "/company", (request, params) -> VkJson.ok(VkJson.data(json.company(state.company()))))
                .authed("GET", "/vas_transactions", this::transactions)
                .authed("POST", "/paid_actions", this::paidActions);
    }

    private SimResponse transactions(SimRequest request, Params params) {
        Paging paging = Paging.of(params, config);
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        for (VkTransaction t : state.transactionsPage(paging)) {
            ObjectNode resource = VkJson.ref(t.id(), "vas_transaction");
            ObjectNode attributes = resource.putObject("attributes").put("created_at", VkJson.time(t.createdAt()))
                    .put("updated_at", VkJson.time(t.createdAt())).put("subscriptable_type", t.subscriptableType())
                    .put("creator", t.creator());
            t.appliedChanges().forEach(attributes.putArray("applied_changes")::add);
            data.add(resource);
        }
        ObjectNode document = VkJson.data(data);
        document.putObject("meta").put("total", state.transactionCount());
        return VkJson.ok(document);
    }

    private SimResponse paidActions(SimRequest request, Params params) {
        JsonNode actions = params.node("actions");
        if (!actions.isArray() || actions.isEmpty()) {
            throw VkError.unprocessable("Не переданы действия");
        }
        String account = Optional.ofNullable(params.text("use_account")).orElse("company");
        if (!ACCOUNTS.contains(account)) {
            throw VkError.unprocessable("Неизвестный тип счёта");
        }
        boolean bonus = "bonus".equals(account);
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        VkCompany company = state.write(() -> {
            for (int i = 0; i < actions.size(); i++) {
                data.add(paidAction(i, actions.get(i), bonus));
            }
            return state.company();
        });
        ObjectNode document = VkJson.data(data);
        document.putObject("meta").set("company", VkJson.data(json.company(company)));
        return VkJson.ok(document);
    }

    private ObjectNode paidAction(int index, JsonNode item, boolean bonus) {
        String code = Params.text(item.path("action"));
        ObjectNode origin = VkJson.MAPPER.createObjectNode().put("action", code).put("count", 1)
                .put("job_id", Params.text(item.path("job_id")));
        Optional<VasAction> action = VasAction.of(code);
        boolean contact = action.filter(VasAction.CONTACT_VIEW::equals).isPresent();
        Outcome outcome = action.map(a -> contact ? contactView(item, origin, bonus) : jobAction(a, item, bonus))
                .orElseGet(() -> Outcome.failed("Неизвестное действие", null));
        ObjectNode resource = VkJson.ref(index, "paid_action");
        ObjectNode attributes = resource.putObject("attributes").put("id", index)
                .put("error_message", outcome.error()).put("status", outcome.error() == null ? "success" : "failed");
        attributes.set("origin", origin);
        attributes.set("job", outcome.job() == null ? NullNode.instance : VkJson.data(json.job(outcome.job())));
        if (contact) {
            attributes.set("user", outcome.user() == null ? NullNode.instance
                    : VkJson.data(json.candidate(outcome.user(), true)));
        }
        return resource;
    }

    private Outcome jobAction(VasAction action, JsonNode item, boolean bonus) {
        Optional<VkJob> found = id(item.path("job_id")).flatMap(state::job);
        if (found.isEmpty()) {
            return Outcome.failed(JobsApi.NOT_FOUND, null);
        }
        VkJob job = found.get();
        boolean active = "active".equals(job.status(state.now()));
        if (action.publishes() == active) {
            return Outcome.failed(active ? "Вакансия уже опубликована" : "Вакансия не опубликована", job);
        }
        if (state.charge(action, bonus).isEmpty()) {
            return Outcome.failed("Недостаточно средств", job);
        }
        VkJob applied = switch (action) {
            case JOB_PUBLISH, SUPER_JOB_PUBLISH, ULTRA_JOB_PUBLISH -> state.publish(job.id(), action);
            case JOB_REFRESH -> state.replaceJob(job.refreshed(state.now()));
            case JOB_HIGHLIGHT -> state.replaceJob(job.highlighted(state.now().plus(HIGHLIGHT)));
            default -> job; // elevations show nowhere in the job's attributes
        };
        return new Outcome(null, applied, null);
    }

    private Outcome contactView(JsonNode item, ObjectNode origin, boolean bonus) {
        origin.put("user_id", Params.text(item.path("user_id"))).put("price", config.price(VasAction.CONTACT_VIEW));
        Optional<VkCandidate> candidate = id(item.path("user_id")).flatMap(state::candidate);
        origin.put("region_id", candidate.flatMap(c -> config.referenceData().city(c.cityId()))
                .map(VkReferenceData.City::regionId).orElse(null));
        if (candidate.isEmpty()) {
            return Outcome.failed("Кандидат не найден", null);
        }
        return state.buyContact(candidate.get().id(), bonus).map(p -> new Outcome(null, null, candidate.get()))
                .orElseGet(() -> Outcome.failed("Недостаточно средств", null));
    }

    private static Optional<Long> id(JsonNode value) {
        String text = Params.text(value);
        return text != null && text.trim().matches("\\d{1,18}") ? Optional.of(Long.parseLong(text.trim()))
                : Optional.empty();
    }
}
