package ru.rabota.bridge.sandbox.hh;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ru.rabota.bridge.sandbox.http.SimRequest;
import ru.rabota.bridge.sandbox.http.SimResponse;
import ru.rabota.bridge.sandbox.http.SimServer;

/** The HTTP endpoints: User-Agent first, then the bearer token, then the request itself, as hh.ru checks them. */
final class HhApi {

    // HTTP libraries' own User-Agents name no application, so they count as hh.ru's "blacklisted"
    private static final Pattern LIBRARY_AGENT = Pattern.compile(
            "(?i)(java-http-client|java|apache-httpclient|okhttp|python-requests|python-urllib|curl|wget"
                    + "|go-http-client|axios|node-fetch)/.*");

    private static final String AGENT_HINT =
            "Send User-Agent (or HH-User-Agent) naming the application and a contact, e.g. MyApp/1.0 (it@example.com)";

    private final HhState state;
    private final HhTokens tokens;
    private final HhJson json;
    private final Set<String> foreignHostCollections;
    private final String foreignHost;
    private final boolean capPerPage;

    HhApi(HhSimulatorConfig config, HhState state, HhTokens tokens, HhJson json) {
        this.state = state;
        this.tokens = tokens;
        this.json = json;
        this.foreignHostCollections = Set.copyOf(config.foreignHostCollections());
        this.foreignHost = config.foreignHost();
        this.capPerPage = config.perPageOverLimit() == HhSimulatorConfig.PerPageOverLimit.CAP;
    }

    void register(SimServer server) {
        server.route("POST", "/oauth/token", withAgent(this::token))
                .route("GET", "/negotiations", withToken(this::collections))
                .route("GET", "/negotiations/(\\d+)", withToken(this::negotiation))
                .route("GET", "/negotiations/([^/]+)", withToken(this::list));
    }

    static SimResponse notFound(SimRequest request) {
        return HhJson.error(404, "not_found", null);
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

    private SimResponse token(SimRequest request) {
        String contentType = Optional.ofNullable(request.header("Content-Type")).orElse("");
        // like any OAuth server, only a form body carries parameters
        Map<String, List<String>> form = contentType.startsWith("application/x-www-form-urlencoded")
                ? request.form() : Map.of();
        try {
            return HhJson.tokens(tokens.refresh(first(form, "grant_type"), first(form, "client_id"),
                    first(form, "client_secret"), first(form, "refresh_token")));
        } catch (HhTokens.Refused refused) {
            return HhJson.oauthError(refused.error, refused.getMessage());
        }
    }

    private SimResponse collections(SimRequest request) {
        String vacancyId = request.param("vacancy_id");
        if (vacancyId == null) {
            return HhJson.error(400, "bad_argument", "vacancy_id");
        }
        if (state.vacancy(vacancyId).isEmpty()) {
            return HhJson.error(404, "not_found", null);
        }
        return HhJson.ok(json.collections(vacancyId, state.collections(vacancyId), foreignHostCollections,
                foreignHost));
    }

    private SimResponse list(SimRequest request) {
        String vacancyId = request.param("vacancy_id");
        String collection = request.pathGroup(1);
        if (vacancyId == null) {
            return HhJson.error(400, "bad_argument", "vacancy_id");
        }
        if (state.vacancy(vacancyId).isEmpty() || !state.collections(vacancyId).contains(collection)) {
            return HhJson.error(404, "not_found", null);
        }
        Integer page = number(request.param("page"), 0, 0);
        Integer perPage = number(request.param("per_page"), 20, 1);
        if (page == null) {
            return HhJson.error(400, "bad_argument", "page");
        }
        if (perPage == null || perPage > HhSimulatorConfig.MAX_PER_PAGE && !capPerPage) {
            return HhJson.error(400, "bad_argument", "per_page");
        }
        return HhJson.ok(json.page(state.collection(vacancyId, collection), page,
                Math.min(perPage, HhSimulatorConfig.MAX_PER_PAGE)));
    }

    private SimResponse negotiation(SimRequest request) {
        return state.view(request.pathGroup(1))
                .map(negotiation -> HhJson.ok(json.negotiation(negotiation,
                        state.vacancy(negotiation.vacancyId()).orElseThrow())))
                .orElseGet(() -> HhJson.error(404, "not_found", null));
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

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
