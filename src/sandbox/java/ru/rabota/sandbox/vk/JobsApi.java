package ru.rabota.sandbox.vk;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * /jobs: list, create, update, show, close, revive. A publication (create, revive) takes one unit of the
 * matching OTVAS limit ({@code otvas_jobs_limit}, {@code otvas_super_jobs_limit}, {@code otvas_ultra_jobs_limit})
 * when one is left, else its price from the wallet, else 422.
 */
record JobsApi(VkState state, VkJson json, VkSimulatorConfig config) {

    static final List<String> CLOSE_REASONS = List.of("closed_irrelevant", "closed_found", "closed_found_other");
    static final String NOT_FOUND = "Вакансия не найдена";

    void register(VkRoutes routes) {
        routes.authed("GET", "/jobs", this::list)
                .authed("POST", "/jobs", this::create)
                .authed("GET", "/jobs/(\\d{1,18})", this::show)
                .authed("PUT", "/jobs/(\\d{1,18})", this::update)
                .authed("POST", "/jobs/(\\d{1,18})/close", this::close)
                .authed("POST", "/jobs/(\\d{1,18})/revive", this::revive);
    }

    private SimResponse list(SimRequest request, Params params) {
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        state.jobsPage(Paging.of(params, config)).forEach(job -> data.add(json.job(job)));
        return VkJson.ok(VkJson.data(data));
    }

    private SimResponse create(SimRequest request, Params params) {
        JsonNode input = params.node("job");
        ObjectNode fields = JobRules.apply(JobRules.defaults(), input);
        int profession = JobRules.profession(topOrJob(params, input, "profession_id"), config.referenceData());
        VasAction publication = publicationType(Params.text(topOrJob(params, input, "publication_type")));
        VkJob job = state.write(() -> {
            pay(publication);
            return state.addJob(fields, profession, publication.code());
        });
        return document(job);
    }

    private SimResponse show(SimRequest request, Params params) {
        VkJob job = found(request);
        if (config.jobArrayOnGet()) {
            ArrayNode data = VkJson.MAPPER.createArrayNode().add(json.job(job));
            return VkJson.ok(VkJson.data(data));
        }
        return document(job);
    }

    private SimResponse update(SimRequest request, Params params) {
        JsonNode input = params.node("job");
        return document(state.write(() -> {
            VkJob job = found(request);
            ObjectNode fields = JobRules.apply(job.storedFields(), input);
            JsonNode professionId = topOrJob(params, input, "profession_id");
            int profession = professionId.isMissingNode() ? job.professionId()
                    : JobRules.profession(professionId, config.referenceData());
            return state.replaceJob(job.withFields(fields, profession));
        }));
    }

    private SimResponse close(SimRequest request, Params params) {
        String reason = params.text("reason") == null ? CLOSE_REASONS.get(0) : params.text("reason");
        return document(state.write(() -> {
            VkJob job = found(request);
            if (!CLOSE_REASONS.contains(reason)) {
                throw VkError.unprocessable("Неизвестная причина закрытия");
            }
            if ("closed".equals(job.status())) {
                throw VkError.unprocessable("Вакансия уже закрыта");
            }
            return state.closeJob(job.id(), reason);
        }));
    }

    private SimResponse revive(SimRequest request, Params params) {
        return document(state.write(() -> {
            VkJob job = found(request);
            VasAction publication = publicationType(params.text("publication_type"));
            if ("active".equals(job.status(state.now()))) {
                throw VkError.unprocessable("Вакансия уже опубликована");
            }
            pay(publication);
            return state.publish(job.id(), publication);
        }));
    }

    private VkJob found(SimRequest request) {
        return state.job(Long.parseLong(request.pathGroup(1))).orElseThrow(() -> VkError.notFound(NOT_FOUND));
    }

    private SimResponse document(VkJob job) {
        return VkJson.ok(VkJson.data(json.job(job)));
    }

    private void pay(VasAction publication) {
        if (state.charge(publication, false).isEmpty()) {
            throw VkError.unprocessable("Недостаточно средств для публикации вакансии");
        }
    }

    /** job_publish when absent; 422 for anything but the three publication types. */
    private static VasAction publicationType(String type) {
        return VasAction.publication(type == null ? "job_publish" : type)
                .orElseThrow(() -> VkError.unprocessable("Неизвестный тип публикации"));
    }

    /** A parameter the document puts beside {@code job} and clients also put inside it. */
    private static JsonNode topOrJob(Params params, JsonNode job, String name) {
        return params.node(name).isMissingNode() ? job.path(name) : params.node(name);
    }
}
