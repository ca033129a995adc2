package ru.rabota.sandbox.hh;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;
import ru.rabota.sandbox.http.SimServer;

/** {@code /webhook/subscriptions}: create, list, change and cancel, with the schema's checks on the JSON body. */
final class HhWebhookApi {

    /** A body the schema refuses: the field (a JSON pointer without the slash) and the reason. */
    private static final class Invalid extends Exception {
        final String field;
        final String reason;

        Invalid(String field, String reason) {
            super(field + " " + reason, null, false, false);
            this.field = field;
            this.reason = reason;
        }
    }

    private static final Set<String> FIELDS = Set.of("url", "actions");
    private static final String NO_SETTINGS = "VACANCY_PUBLICATION_FOR_VACANCY_MANAGER";

    private final HhWebhooks webhooks;

    HhWebhookApi(HhWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    void register(SimServer server, UnaryOperator<SimServer.Handler> authorized) {
        server.route("POST", "/webhook/subscriptions", authorized.apply(this::subscribe))
                .route("GET", "/webhook/subscriptions", authorized.apply(this::list))
                .route("PUT", "/webhook/subscriptions/([^/]+)", authorized.apply(this::change))
                .route("DELETE", "/webhook/subscriptions/([^/]+)", authorized.apply(this::cancel));
    }

    private SimResponse subscribe(SimRequest request) {
        try {
            JsonNode body = body(request, false);
            return webhooks.subscribe(body.get("url").asText(), (ArrayNode) body.get("actions"))
                    .map(id -> SimResponse.json(201, HhJson.MAPPER.createObjectNode().put("id", id).toString()))
                    .orElseGet(() -> HhJson.error(400, "notifications", "already_exist"));
        } catch (Invalid invalid) {
            return badJson(invalid);
        }
    }

    private SimResponse list(SimRequest request) {
        ObjectNode answer = HhJson.MAPPER.createObjectNode();
        ArrayNode items = answer.putArray("items");
        webhooks.subscriptions().forEach(s -> items.addObject().put("id", s.id()).put("url", s.url())
                .set("actions", s.actions()));
        return HhJson.ok(answer);
    }

    private SimResponse change(SimRequest request) {
        try {
            JsonNode body = body(request, true);
            boolean known = webhooks.change(request.pathGroup(1), body.has("url") ? body.get("url").asText() : null,
                    (ArrayNode) body.get("actions"));
            return known ? HhJson.noContent() : HhJson.error(404, "not_found", null);
        } catch (Invalid invalid) {
            return badJson(invalid);
        }
    }

    private SimResponse cancel(SimRequest request) {
        return webhooks.cancel(request.pathGroup(1)) ? HhJson.noContent()
                : HhJson.error(404, "not_found", null);
    }

    /** The body checked against the subscription schema; {@code partial} for a change, where both are optional. */
    private static JsonNode body(SimRequest request, boolean partial) throws Invalid {
        JsonNode body;
        try {
            body = HhJson.MAPPER.readTree(request.bodyText());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new Invalid("", "invalid");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new Invalid(name, "unexpected");
            }
        }
        if (!partial || body.has("url")) {
            url(body.get("url"));
        }
        if (!partial || body.has("actions")) {
            actions(body.get("actions"));
        }
        return body;
    }

    private static void url(JsonNode url) throws Invalid {
        if (url == null || url.isNull()) {
            throw new Invalid("url", "required");
        }
        try {
            URI uri = new URI(url.asText());
            if (!url.isTextual() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new Invalid("url", "invalid");
            }
        } catch (URISyntaxException e) {
            throw new Invalid("url", "invalid");
        }
    }

    private static void actions(JsonNode actions) throws Invalid {
        if (actions == null || actions.isNull()) {
            throw new Invalid("actions", "required");
        }
        if (!actions.isArray()) {
            throw new Invalid("actions", "invalid");
        }
        if (actions.isEmpty()) {
            throw new Invalid("actions", "size_less_than_min");
        }
        for (int i = 0; i < actions.size(); i++) {
            action(actions.get(i), "actions/" + i);
        }
    }

    private static void action(JsonNode action, String at) throws Invalid {
        if (!action.isObject() || !HhWebhooks.TYPES.contains(action.path("type").asText())) {
            throw new Invalid(at + "/type", action.has("type") ? "invalid" : "required");
        }
        for (Iterator<String> names = action.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            boolean allowed = name.equals("type")
                    || name.equals("settings") && !action.get("type").asText().equals(NO_SETTINGS);
            if (!allowed) {
                throw new Invalid(at + "/" + name, "unexpected");
            }
        }
        JsonNode settings = action.get("settings");
        if (settings != null && !settings.isNull()) {
            boolean valid = settings.isObject() && settings.size() <= 1
                    && (settings.isEmpty() || settings.path("vacancies_only_mine").isBoolean());
            if (!valid) {
                throw new Invalid(at + "/settings", "invalid");
            }
        }
    }

    private static SimResponse badJson(Invalid invalid) {
        return HhJson.badJsonData(List.of(new HhJson.BadJson(invalid.field.isEmpty() ? "" : "/" + invalid.field,
                invalid.reason)));
    }
}
