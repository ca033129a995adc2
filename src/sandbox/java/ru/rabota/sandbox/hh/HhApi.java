package ru.rabota.sandbox.hh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;
import ru.rabota.sandbox.http.SimServer;

/**
 * The HTTP endpoints: User-Agent first, then the bearer token, then paid access for the negotiation methods, then
 * the request itself, as hh.ru checks them.
 */
final class HhApi {

    // HTTP libraries' own User-Agents name no application, so they count as hh.ru's "blacklisted"
    private static final Pattern LIBRARY_AGENT = Pattern.compile(
            "(?i)(java-http-client|java|apache-httpclient|okhttp|python-requests|python-urllib|curl|wget"
                    + "|go-http-client|axios|node-fetch)/.*");

    private static final String AGENT_HINT =
            "Send User-Agent (or HH-User-Agent) naming the application and a contact, e.g. MyApp/1.0 (it@example.com)";

    private static final String GENERATED_PARAM = "with_generated_collections";

    private record Paging(int page, int perPage, SimResponse refusal) {

        <T> ObjectNode of(List<T> all, Function<T, ObjectNode> render) {
            return HhJson.page(all, page, perPage, render);
        }
    }

    private final HhState state;
    private final HhTokens tokens;
    private final HhJson json;
    private final HhWorkflow workflow;
    private final HhActionApi actions;
    private final HhWebhookApi webhooks;
    private final HhVacancyApi vacancies;
    private final String employerId;
    private final String managerId;
    private final boolean capPerPage;
    private final boolean generatedAlways;
    private volatile boolean paidAccess;

    HhApi(HhSimulatorConfig config, HhState state, HhTokens tokens, HhJson json, HhWorkflow workflow,
            HhActionApi actions, HhWebhookApi webhooks, HhVacancyApi vacancies) {
        this.state = state;
        this.tokens = tokens;
        this.json = json;
        this.workflow = workflow;
        this.actions = actions;
        this.webhooks = webhooks;
        this.vacancies = vacancies;
        this.employerId = config.employerId();
        this.managerId = config.managerId();
        this.capPerPage = config.perPageOverLimit() == HhSimulatorConfig.PerPageOverLimit.CAP;
        this.generatedAlways = config.generatedCollectionsAlways();
        this.paidAccess = config.paidAccess();
    }

    void register(SimServer server) {
        // /oauth/token is the deprecated path of the same grant
        server.route("POST", "/token", withAgent(this::token))
                .route("POST", "/oauth/token", withAgent(this::token))
                .route("GET", "/me", withToken(this::me))
                .route("GET", "/employers/([^/]+)/vacancies/active", withToken(this::activeVacancies))
                .route("GET", "/negotiations", withPaidAccess(this::collections))
                .route("GET", "/negotiations/(\\d+)", withPaidAccess(this::negotiation))
                .route("GET", "/negotiations/([^/]+)", withPaidAccess(this::list));
        HhActionApi.METHODS.forEach(method ->
                server.route(method, "/negotiations/([^/]+)/(\\d+)", withPaidAccess(actions::handle)));
        webhooks.register(server, this::withToken);
        vacancies.register(server, this::withToken);
    }

    void paidAccess(boolean paid) {
        this.paidAccess = paid;
    }

    static SimResponse notFound(SimRequest request) {
        return HhJson.error(404, "not_found", null);
    }

    /** The form's first values; a body of another content type carries none, as with any OAuth server. */
    static Map<String, String> form(SimRequest request) {
        String contentType = Optional.ofNullable(request.header("Content-Type")).orElse("");
        Map<String, String> form = new LinkedHashMap<>();
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            request.form().forEach((name, values) -> form.put(name, values.get(0)));
        }
        return form;
    }

    private SimServer.Handler withAgent(SimServer.Handler next) {
        return request -> {
            // hh.ru reads only HH-User-Agent when both are sent
            String agent = Optional.ofNullable(request.header("HH-User-Agent")).orElse(request.header("User-Agent"));
            if (agent == null || agent.isBlank()) {
                return HhJson.badUserAgent("unset", AGENT_HINT);
            }
            if (LIBRARY_AGENT.matcher(agent.trim()).matches()) {
                return HhJson.badUserAgent("blacklisted", AGENT_HINT);
            }
            return next.handle(request);
        };
    }

    private SimServer.Handler withToken(SimServer.Handler next) {
        return withAgent(request -> switch (tokens.check(request.header("Authorization"))) {
            case VALID -> next.handle(request);
            case EXPIRED -> HhJson.error(403, "oauth", "token_expired");
            case BAD -> HhJson.error(403, "oauth", "bad_authorization");
        });
    }

    private SimServer.Handler withPaidAccess(SimServer.Handler next) {
        return withToken(request -> paidAccess ? next.handle(request)
                : HhJson.error(403, "api_access_payment", "action_must_be_payed"));
    }

    private SimResponse token(SimRequest request) {
        Map<String, String> form = form(request);
        try {
            return HhJson.tokens(tokens.refresh(form.get("grant_type"), form.get("client_id"),
                    form.get("client_secret"), form.get("refresh_token")));
        } catch (HhTokens.Refused refused) {
            return HhJson.oauthError(refused.error, refused.getMessage());
        }
    }

    private SimResponse me(SimRequest request) {
        return HhJson.ok(json.me());
    }

    private SimResponse activeVacancies(SimRequest request) {
        // another employer's list is not this manager's to see
        if (!request.pathGroup(1).equals(employerId)) {
            return HhJson.error(404, "not_found", null);
        }
        Paging paging = paging(request);
        // text searches the names, as hh.ru's does; the list is one manager's, the token's user's by default
        String text = Optional.ofNullable(request.param("text")).orElse("").toLowerCase(Locale.ROOT);
        String manager = Optional.ofNullable(request.param("manager_id")).orElse(managerId);
        List<HhPublishedVacancy> found = state.activeVacancies().stream()
                .filter(vacancy -> vacancy.name().toLowerCase(Locale.ROOT).contains(text))
                .filter(vacancy -> manager.equals(vacancy.body().path("manager").path("id").asText(managerId)))
                .toList();
        return paging.refusal() != null ? paging.refusal() : HhJson.ok(paging.of(found,
                vacancy -> json.activeVacancy(vacancy, state.negotiations(vacancy.id()))));
    }

    private SimResponse collections(SimRequest request) {
        String vacancyId = request.param("vacancy_id");
        if (vacancyId == null) {
            return HhJson.error(400, "bad_argument", "vacancy_id");
        }
        if (state.vacancy(vacancyId).isEmpty()) {
            return HhJson.error(404, "not_found", null);
        }
        if (!workflow.today()) {
            return HhJson.ok(json.states(vacancyId, state.collections(vacancyId)));
        }
        String generated = Optional.ofNullable(request.param(GENERATED_PARAM)).orElse("false");
        if (!generated.equals("true") && !generated.equals("false")) {
            return HhJson.error(400, "bad_argument", GENERATED_PARAM);
        }
        return HhJson.ok(json.collections(vacancyId, lists(vacancyId, state.collections(vacancyId)),
                generated.equals("true") || generatedAlways
                        ? lists(vacancyId, workflow.generatedCollections()) : null));
    }

    private Map<String, List<HhNegotiation>> lists(String vacancyId, List<String> collections) {
        Map<String, List<HhNegotiation>> lists = new LinkedHashMap<>();
        collections.forEach(collection -> lists.put(collection, state.collection(vacancyId, collection)));
        return lists;
    }

    private SimResponse list(SimRequest request) {
        String vacancyId = request.param("vacancy_id");
        String collection = request.pathGroup(1);
        if (vacancyId == null) {
            return HhJson.error(400, "bad_argument", "vacancy_id");
        }
        boolean known = state.collections(vacancyId).contains(collection)
                || workflow.generatedCollections().contains(collection);
        if (state.vacancy(vacancyId).isEmpty() || !known) {
            return HhJson.error(404, "not_found", null);
        }
        String orderBy = request.param("order_by");
        if (workflow.today() && orderBy != null && !workflow.orderTypes(collection).contains(orderBy)) {
            return HhJson.error(400, "bad_argument", "order_by");
        }
        Paging paging = paging(request);
        if (paging.refusal() != null) {
            return paging.refusal();
        }
        ObjectNode answer = paging.of(state.collection(vacancyId, collection), json::item);
        if (workflow.today()) {
            // every order type lists newest change first here; the answer names the one asked for
            String orderType = orderBy == null ? workflow.orderTypes(collection).get(0) : orderBy;
            answer.putObject("ordered_by").put("id", orderType).put("name", workflow.orderTypeName(orderType));
        }
        return HhJson.ok(answer);
    }

    private SimResponse negotiation(SimRequest request) {
        return state.view(request.pathGroup(1))
                .map(negotiation -> HhJson.ok(json.negotiation(negotiation,
                        state.vacancy(negotiation.vacancyId()).orElseThrow())))
                .orElseGet(() -> HhJson.error(404, "not_found", null));
    }

    /** {@code page} and {@code per_page} with hh.ru's limit of 50 per page, or the refusal of bad ones. */
    private Paging paging(SimRequest request) {
        Integer page = number(request.param("page"), 0, 0);
        Integer perPage = number(request.param("per_page"), 20, 1);
        if (page == null) {
            return new Paging(0, 0, HhJson.error(400, "bad_argument", "page"));
        }
        if (perPage == null || perPage > HhSimulatorConfig.MAX_PER_PAGE && !capPerPage) {
            return new Paging(0, 0, HhJson.error(400, "bad_argument", "per_page"));
        }
        return new Paging(page, Math.min(perPage, HhSimulatorConfig.MAX_PER_PAGE), null);
    }

    /** The parameter as a number of at least {@code min}, the default when absent, null when invalid. */
    private static Integer number(String value, int absent, int min) {
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value);
            return number < min ? null : number;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
