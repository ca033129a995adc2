package ru.rabota.sandbox.hh;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.sandbox.http.SimResponse;

/**
 * Renders the simulator's state in hh.ru's shapes, the 2015 page's or today's, URLs on this simulator's host.
 */
final class HhJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The token's user, as {@code GET /me} and webhook notifications name it. */
    static final String USER_ID = "12345678";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    // from hh.ru's negotiations_state dictionary
    private static final Map<String, String> STATE_NAMES = Map.of("response", "Отклик", "invitation", "Приглашение",
            "discard", "Отказ", "interview", "Собеседование", "hired", "Выход на работу");

    private static final String EMPLOYER_NAME = "Песочница";

    /** A standard publication lasts 30 days. */
    private static final int PUBLICATION_DAYS = 30;

    private final Supplier<String> baseUrl;
    private final HhWorkflow workflow;
    private final Set<String> foreignHostCollections;
    private final String foreignHost;
    private final String employerId;
    private final String managerId;

    /** @param baseUrl known only once the server listens, hence a supplier */
    HhJson(HhSimulatorConfig config, HhWorkflow workflow, Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.workflow = workflow;
        this.foreignHostCollections = Set.copyOf(config.foreignHostCollections());
        this.foreignHost = config.foreignHost();
        this.employerId = config.employerId();
        this.managerId = config.managerId();
    }

    /** The 2015 answer: {@code states[]} with id, name and url. */
    ObjectNode states(String vacancyId, List<String> collections) {
        ObjectNode answer = MAPPER.createObjectNode();
        ArrayNode states = answer.putArray("states");
        for (String collection : collections) {
            states.addObject()
                    .put("id", collection)
                    .put("name", workflow.collectionName(collection))
                    .put("url", collectionUrl(collection, vacancyId));
        }
        return answer;
    }

    /**
     * Today's answer: each collection with its counters and order types, the employer states, and the generated
     * collections when given (null leaves them out).
     */
    ObjectNode collections(String vacancyId, Map<String, List<HhNegotiation>> collections,
            Map<String, List<HhNegotiation>> generated) {
        ObjectNode answer = MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("collections");
        collections.forEach((id, negotiations) -> collection(list.addObject(), id, workflow.collectionName(id),
                vacancyId, negotiations));
        if (generated != null) {
            ArrayNode generatedList = answer.putArray("generated_collections");
            generated.forEach((id, negotiations) -> collection(generatedList.addObject(), id,
                    workflow.generatedName(id), vacancyId, negotiations));
        }
        ArrayNode states = answer.putArray("employer_states");
        workflow.employerStates().forEach(id -> states.addObject().put("id", id)
                .put("name", workflow.employerStateName(id)));
        return answer;
    }

    private void collection(ObjectNode node, String id, String name, String vacancyId,
            List<HhNegotiation> negotiations) {
        String url = collectionUrl(id, vacancyId);
        node.put("id", id).put("name", name).put("url", url);
        node.putObject("counters")
                .put("with_updates", negotiations.stream().filter(HhNegotiation::hasUpdates).count())
                .put("total", negotiations.size());
        ArrayNode orderTypes = node.putArray("order_types");
        workflow.orderTypes(id).forEach(type -> orderTypes.addObject().put("id", type)
                .put("name", workflow.orderTypeName(type)).put("url", url + "&order_by=" + type));
    }

    private String collectionUrl(String collection, String vacancyId) {
        String host = foreignHostCollections.contains(collection) ? foreignHost : baseUrl.get();
        return host + "/negotiations/" + collection + "?vacancy_id=" + vacancyId;
    }

    /** One page of a list; {@code pages} is at least 1 even when the list is empty. */
    static <T> ObjectNode page(List<T> all, int page, int perPage, Function<T, ObjectNode> render) {
        ObjectNode answer = MAPPER.createObjectNode()
                .put("found", all.size())
                .put("pages", Math.max(1, (all.size() + perPage - 1) / perPage))
                .put("page", page)
                .put("per_page", perPage);
        ArrayNode items = answer.putArray("items");
        long from = Math.min((long) page * perPage, all.size());
        all.subList((int) from, (int) Math.min(from + perPage, all.size())).forEach(n -> items.add(render.apply(n)));
        return answer;
    }

    /** A list item: 2015's fields, and today also the employer state, actions, messages URL and counters. */
    ObjectNode item(HhNegotiation negotiation) {
        String nid = negotiation.id();
        ObjectNode item = MAPPER.createObjectNode()
                .put("id", nid)
                .put("created_at", time(negotiation.createdAt()))
                .put("updated_at", time(negotiation.updatedAt()))
                .put("has_updates", negotiation.hasUpdates());
        item.putObject("state")
                .put("id", negotiation.stateId())
                .put("name", STATE_NAMES.getOrDefault(negotiation.stateId(), negotiation.stateId()));
        if (workflow.today()) {
            item.putObject("employer_state")
                    .put("id", negotiation.employerStateId())
                    .put("name", workflow.employerStateName(negotiation.employerStateId()));
            ArrayNode actions = item.putArray("actions");
            workflow.actions(negotiation.employerStateId()).forEach(a -> actions.add(action(a, nid)));
            item.put("messages_url", baseUrl.get() + "/negotiations/" + nid + "/messages");
            item.putObject("counters").put("messages", 0).put("unread_messages", 0);
            item.put("source", "NEGOTIATION");
        }
        item.put("url", baseUrl.get() + "/negotiations/" + nid)
                .put("viewed_by_opponent", negotiation.viewedByOpponent());
        if (negotiation.resume() == null) {
            item.putNull("resume");
        } else {
            item.set("resume", resume(negotiation.resume(), negotiation));
        }
        return item;
    }

    private ObjectNode action(HhWorkflow.Action action, String nid) {
        String base = baseUrl.get();
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", action.id())
                .put("name", action.name())
                .put("enabled", action.enabled())
                .put("hidden", false)
                .put("method", action.method())
                .put("url", base + "/negotiations/" + action.id() + "/" + nid);
        node.putObject("resulting_employer_state").put("id", action.resultingState())
                .put("name", workflow.employerStateName(action.resultingState()));
        node.putArray("templates").addObject()
                .put("id", action.template())
                .put("name", action.name())
                .put("quick", false)
                .put("url", base + "/message_templates/" + action.template() + "?topic_id=" + nid);
        ArrayNode arguments = node.putArray("arguments");
        for (HhWorkflow.Argument argument : action.arguments()) {
            ArrayNode required = arguments.addObject().put("id", argument.id()).put("required", argument.required())
                    .putArray("required_arguments");
            argument.requiredArguments().forEach(id -> required.addObject().put("id", id));
        }
        return node;
    }

    /** The single negotiation: the list item without {@code url}, plus the vacancy. */
    ObjectNode negotiation(HhNegotiation negotiation, HhPublishedVacancy vacancy) {
        ObjectNode answer = item(negotiation);
        answer.remove("url");
        if (workflow.today()) {
            answer.put("messaging_status", "ok");
        }
        answer.set("vacancy", vacancy(vacancy));
        return answer;
    }

    /** {@code GET /me} of an employer's manager, as me-2021.md shows it. */
    ObjectNode me() {
        String base = baseUrl.get();
        ObjectNode me = MAPPER.createObjectNode()
                .put("auth_type", "employer")
                .put("id", USER_ID)
                .put("last_name", "Сидорова")
                .put("first_name", "Мария")
                .putNull("middle_name")
                .put("is_admin", false)
                .put("is_applicant", false)
                .put("is_employer", true)
                .put("is_application", false)
                .put("email", "hr@example.com")
                .put("phone", "79990000000");
        me.putObject("employer").put("id", employerId).put("manager_id", managerId).put("name", EMPLOYER_NAME);
        me.putObject("manager").put("id", managerId)
                .put("has_admin_rights", true)
                .put("is_main_contact_person", true)
                .put("manager_settings_url", base + "/employers/" + employerId + "/managers/" + managerId + "/settings")
                .put("has_multiple_manager_accounts", false);
        me.putNull("personal_manager");
        me.put("negotiations_url", base + "/negotiations");
        return me;
    }

    /** An item of the active vacancy list, as get-active-vacancy-list.txt shows it, less what nothing varies. */
    ObjectNode activeVacancy(HhPublishedVacancy vacancy, List<HhNegotiation> negotiations) {
        ObjectNode node = vacancy(vacancy);
        node.put("apply_alternate_url", "https://hh.ru/applicant/vacancy_response?vacancyId=" + vacancy.id())
                .put("expires_at", time(vacancy.publishedAt().plusDays(PUBLICATION_DAYS)))
                .put("has_updates", negotiations.stream().anyMatch(HhNegotiation::hasUpdates));
        node.set("billing_type", billingType(vacancy));
        node.putObject("counters")
                .put("responses", negotiations.size())
                .put("unread_responses", negotiations.stream().filter(n -> !n.viewedByEmployer()).count());
        node.putObject("manager").put("id", managerId).put("first_name", "Мария").put("last_name", "Сидорова")
                .putNull("middle_name");
        return node;
    }

    /**
     * {@code GET /vacancies/<id>} as the employer's manager reads it: the body as published and edited, with the
     * dictionary names, and the fields only the author sees ({@code code}, {@code previous_id},
     * {@code billing_type}).
     */
    ObjectNode fullVacancy(HhPublishedVacancy vacancy) {
        ObjectNode node = vacancy.body();
        node.setAll(vacancy(vacancy));
        node.put("apply_alternate_url", "https://hh.ru/applicant/vacancy_response?vacancyId=" + vacancy.id())
                .put("expires_at", time(vacancy.publishedAt().plusDays(PUBLICATION_DAYS)))
                .put("code", vacancy.code())
                .put("previous_id", vacancy.previousId())
                .put("hidden", false);
        node.set("billing_type", billingType(vacancy));
        node.putObject("manager").put("id", vacancy.body().path("manager").path("id").asText(managerId));
        ArrayNode roles = node.putArray("professional_roles");
        vacancy.body().path("professional_roles").forEach(role -> roles.addObject()
                .put("id", role.path("id").asText())
                .put("name", HhDictionary.PROFESSIONAL_ROLES.get(role.path("id").asText())));
        return node;
    }

    private static ObjectNode billingType(HhPublishedVacancy vacancy) {
        String id = vacancy.body().path("billing_type").path("id").asText();
        return MAPPER.createObjectNode().put("id", id).put("name", HhDictionary.BILLING_TYPE_NAMES.get(id));
    }

    private ObjectNode resume(HhResume resume, HhNegotiation negotiation) {
        String base = baseUrl.get();
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", resume.id())
                .put("title", resume.title())
                .put("url", base + "/resumes/" + resume.id() + "?topic_id=" + negotiation.id())
                .put("first_name", resume.firstName())
                .put("last_name", resume.lastName())
                .put("middle_name", resume.middleName())
                .put("age", resume.age())
                .put("alternate_url", "http://hh.ru/resume/" + resume.id() + "?vacancyId=" + negotiation.vacancyId()
                        + "&t=" + negotiation.id())
                .put("created_at", time(negotiation.createdAt().minusDays(90)))
                .put("updated_at", time(negotiation.createdAt().minusDays(1)));
        area(node.putObject("area"), resume.areaId(), resume.areaName());
        node.putArray("certificate");
        node.putObject("education").putArray("primary");
        ArrayNode experience = node.putArray("experience");
        if (resume.company() != null) {
            ObjectNode job = experience.addObject();
            area(job.putObject("area"), resume.areaId(), resume.areaName());
            job.put("company", resume.company()).putNull("company_id");
            job.putNull("company_url");
            job.putNull("employer");
            job.putNull("end");
            job.putArray("industries");
            job.putNull("industry");
            job.put("start", "2019-01-01");
        }
        node.putObject("gender").put("id", resume.gender())
                .put("name", "female".equals(resume.gender()) ? "Женский" : "Мужской");
        if (resume.salary() == null) {
            node.putNull("salary");
        } else {
            node.putObject("salary").put("amount", resume.salary()).put("currency", "RUR");
        }
        return node;
    }

    /** The short form of a vacancy, as negotiations and lists show it. */
    private ObjectNode vacancy(HhPublishedVacancy vacancy) {
        String base = baseUrl.get();
        ObjectNode body = vacancy.body();
        ObjectNode node = MAPPER.createObjectNode();
        node.set("address", body.path("address").isObject() ? body.get("address") : node.nullNode());
        node.put("alternate_url", "http://hh.ru/vacancy/" + vacancy.id()).put("archived", vacancy.archived());
        area(node.putObject("area"), vacancy.areaId(), HhDictionary.AREAS.get(vacancy.areaId()));
        node.put("created_at", time(vacancy.publishedAt()));
        ObjectNode employer = node.putObject("employer")
                .put("alternate_url", "http://hh.ru/employer/" + employerId)
                .put("id", employerId);
        employer.putObject("logo_urls")
                .put("240", "http://hh.ru/employer-logo/1.jpeg")
                .put("90", "http://hh.ru/employer-logo/1.jpeg")
                .put("original", "http://hh.ru/employer-logo-original/1.jpeg");
        employer.put("name", EMPLOYER_NAME)
                .put("url", base + "/employers/" + employerId)
                .put("vacancies_url", base + "/vacancies?employer_id=" + employerId);
        String billing = body.path("billing_type").path("id").asText();
        node.put("id", vacancy.id())
                .put("name", vacancy.name())
                .put("premium", billing.equals("premium"))
                .put("published_at", time(vacancy.publishedAt()))
                .put("response_letter_required", body.path("response_letter_required").asBoolean(false));
        salaries(node, body);
        String type = body.path("type").path("id").asText();
        node.putObject("type").put("id", type).put("name", HhDictionary.VACANCY_TYPES.get(type));
        node.put("url", base + "/vacancies/" + vacancy.id() + "?host=hh.ru");
        return node;
    }

    /**
     * {@code salary_range} with its dictionary names, and {@code salary}: as sent (deprecated, still accepted), or
     * the bounds of the range.
     */
    private static void salaries(ObjectNode node, ObjectNode body) {
        JsonNode range = body.path("salary_range");
        if (!range.isObject()) {
            node.set("salary", body.path("salary").isObject() ? body.get("salary") : node.nullNode());
            node.putNull("salary_range");
            return;
        }
        ObjectNode named = range.deepCopy();
        name(named, "mode", HhDictionary.SALARY_MODES);
        name(named, "frequency", HhDictionary.SALARY_FREQUENCIES);
        node.set("salary_range", named);
        if (body.path("salary").isObject()) {
            node.set("salary", body.get("salary"));
        } else {
            ObjectNode salary = node.putObject("salary");
            salary.set("from", range.hasNonNull("from") ? range.get("from") : salary.nullNode());
            salary.set("to", range.hasNonNull("to") ? range.get("to") : salary.nullNode());
            salary.put("currency", range.path("currency").asText()).put("gross", range.path("gross").asBoolean());
        }
    }

    /** Adds its name to a dictionary element such as {@code {"id": "MONTH"}}. */
    private static void name(ObjectNode parent, String field, Map<String, String> names) {
        if (parent.get(field) instanceof ObjectNode element) {
            element.put("name", names.get(element.path("id").asText()));
        }
    }

    private void area(ObjectNode node, String id, String name) {
        node.put("id", id).put("name", name).put("url", baseUrl.get() + "/areas/" + id);
    }

    static String time(OffsetDateTime time) {
        return TIME.format(time);
    }

    static SimResponse ok(ObjectNode body) {
        return SimResponse.json(200, body.toString());
    }

    static SimResponse noContent() {
        return new SimResponse(204, Map.of(), "");
    }

    /** hh.ru's error shape: {@code {"errors":[{"type":...,"value":...}]}}; a null value is left out. */
    static SimResponse error(int status, String type, String value) {
        return SimResponse.json(status, errors(type, value).toString());
    }

    /** A field problem of a JSON body: the pointer ({@code ""} for the body itself) and hh.ru's reason. */
    record BadJson(String pointer, String reason) {
    }

    /**
     * 400 with one {@code bad_json_data} error per problem: {@code value} names the top-level field, {@code pointer}
     * the value itself; a problem with the whole body has neither.
     */
    static SimResponse badJsonData(List<BadJson> problems) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode errors = body.putArray("errors");
        for (BadJson problem : problems) {
            ObjectNode error = errors.addObject().put("type", "bad_json_data");
            if (!problem.pointer().isEmpty()) {
                error.put("value", problem.pointer().substring(1).replaceFirst("/.*", "")
                        .replace("~1", "/").replace("~0", "~"))
                        .put("pointer", problem.pointer());
            }
            error.put("reason", problem.reason());
        }
        return SimResponse.json(400, body.toString());
    }

    /** 403 {@code vacancies}/{@code duplicate}: how many there are and the first few ids, as errors.md shows them. */
    static SimResponse duplicate(List<String> ids, int shown) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject().put("type", "vacancies").put("value", "duplicate")
                .put("found", ids.size());
        ArrayNode items = error.putArray("items");
        // hh.ru's ids are numbers; an id of the configuration that is not one stays a string
        ids.stream().limit(shown).forEach(id -> {
            ObjectNode item = items.addObject();
            if (id.matches("\\d{1,18}")) {
                item.put("id", Long.parseLong(id));
            } else {
                item.put("id", id);
            }
        });
        return SimResponse.json(403, body.toString());
    }

    static SimResponse badUserAgent(String value, String description) {
        return SimResponse.json(400, errors("bad_user_agent", value).put("description", description).toString());
    }

    private static ObjectNode errors(String type, String value) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject().put("type", type);
        if (value != null) {
            error.put("value", value);
        }
        return body;
    }

    static SimResponse oauthError(String error, String description) {
        return SimResponse.json(400, MAPPER.createObjectNode().put("error", error)
                .put("error_description", description).toString());
    }

    static SimResponse tokens(HhTokens.Pair pair) {
        return ok(MAPPER.createObjectNode()
                .put("access_token", pair.accessToken())
                .put("token_type", "bearer")
                .put("expires_in", pair.expiresInSeconds())
                .put("refresh_token", pair.refreshToken()));
    }
}
