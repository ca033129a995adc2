package ru.rabota.sandbox.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an API's document allows a request to carry, request by request: the query parameters by name, the body's
 * content type and its fields, and the headers every request needs. A simulator refuses what its document does not
 * allow ({@link #violations}), as a strict peer written from the document would, so that a test passing against it
 * says the request is the documented one and not merely one the simulator's lenient parsing understood.
 */
public final class DocumentedRequests {

    /** How a request's body is to be encoded. */
    public enum Body {
        /** No body. */
        NONE,
        /** {@code application/json}. */
        JSON,
        /** {@code application/x-www-form-urlencoded}. */
        FORM,
        /** {@code multipart/form-data}. */
        MULTIPART,
        /**
         * Parameters the document names without saying how they travel ({@code reason} of a close): none, a JSON
         * object or a form.
         */
        PARAMETERS
    }

    /**
     * One documented request.
     *
     * @param query  the query parameters the document names (a name ending in {@code *} allows any name with that
     *               beginning)
     * @param fields the body's top-level fields the document names; empty with {@link Body#NONE}; null when the
     *               handler checks them itself, answering as the service does (hh.ru's {@code bad_json_data})
     * @param nested a body field whose object's fields are named too ({@code job} of {@code POST /jobs}), or null
     */
    public record Request(String method, Pattern path, Set<String> query, Body body, Set<String> fields,
            String nested, Set<String> nestedFields) {

        public static Request of(String method, String pathRegex, Set<String> query) {
            return new Request(method, Pattern.compile(pathRegex), query, Body.NONE, Set.of(), null, Set.of());
        }

        public Request body(Body kind, Set<String> names) {
            return new Request(method, path, query, kind, names, nested, nestedFields);
        }

        public Request nested(String field, Set<String> names) {
            return new Request(method, path, query, body, fields, field, names);
        }

        boolean matches(SimRequest request) {
            return method.equals(request.method()) && path.matcher(request.path()).matches();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Request> requests;
    private final Set<String> ignoredQuery;

    /**
     * @param ignoredQuery query parameters every request may carry (hh.ru's {@code locale} and {@code host})
     */
    public DocumentedRequests(List<Request> requests, Set<String> ignoredQuery) {
        this.requests = List.copyOf(requests);
        this.ignoredQuery = Set.copyOf(ignoredQuery);
    }

    /** Whether the document has the request's method and path. */
    public Optional<Request> find(SimRequest request) {
        return requests.stream().filter(documented -> documented.matches(request)).findFirst();
    }

    /**
     * What the request carries that its document does not allow: each unknown query parameter, a body of another
     * type than documented (or one where none is), a body field the document does not name. Empty for a request the
     * document does not have (the simulator answers it 404 or 405 on its own).
     */
    public List<String> violations(SimRequest request) {
        Optional<Request> found = find(request);
        if (found.isEmpty()) {
            return List.of();
        }
        Request documented = found.get();
        List<String> violations = new ArrayList<>();
        for (String name : request.query().keySet()) {
            if (!ignoredQuery.contains(name) && !named(documented.query(), name)) {
                violations.add("query parameter '" + name + "' is not documented for " + documented.method() + " "
                        + documented.path().pattern());
            }
        }
        String contentType = Optional.ofNullable(request.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        boolean hasBody = request.body() != null && request.body().length > 0;
        switch (documented.body()) {
            case NONE -> {
                if (hasBody) {
                    violations.add("a body (" + contentType + ") where the document has none");
                }
            }
            case JSON -> {
                if (!hasBody) {
                    // a body the handler needs is missing: its own answer says which field
                } else if (!contentType.startsWith("application/json")) {
                    violations.add("Content-Type '" + contentType + "' where the document sends application/json");
                } else {
                    jsonFields(request, documented, violations);
                }
            }
            case FORM -> {
                if (hasBody && !contentType.startsWith("application/x-www-form-urlencoded")) {
                    violations.add("Content-Type '" + contentType
                            + "' where the document sends application/x-www-form-urlencoded");
                } else {
                    request.form().keySet().stream().filter(name -> !named(documented.fields(), name))
                            .forEach(name -> violations.add("form field '" + name + "' is not documented"));
                }
            }
            case MULTIPART -> {
                if (!contentType.startsWith("multipart/form-data")) {
                    violations.add("Content-Type '" + contentType + "' where the document sends multipart/form-data");
                } else {
                    MultipartForm.parse(contentType, request.body()).ifPresent(form -> form.parts().stream()
                            .map(MultipartForm.Part::name).filter(name -> !named(documented.fields(), name))
                            .distinct()
                            .forEach(name -> violations.add("multipart field '" + name + "' is not documented")));
                }
            }
            case PARAMETERS -> {
                if (contentType.startsWith("application/json")) {
                    jsonFields(request, documented, violations);
                } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
                    request.form().keySet().stream().filter(name -> !named(documented.fields(), name))
                            .forEach(name -> violations.add("form field '" + name + "' is not documented"));
                } else if (hasBody) {
                    violations.add("Content-Type '" + contentType + "' for the document's parameters");
                }
            }
            default -> throw new IllegalStateException(documented.body().toString());
        }
        return violations;
    }

    private static void jsonFields(SimRequest request, Request documented, List<String> violations) {
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (java.io.IOException e) {
            return; // the handler answers a body it cannot read as the service does
        }
        if (body == null || !body.isObject() || documented.fields() == null) {
            return; // likewise; or the handler checks the fields itself
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!documented.fields().contains(field.getKey())) {
                violations.add("JSON field '" + field.getKey() + "' is not documented");
            } else if (field.getKey().equals(documented.nested())) {
                if (!field.getValue().isObject()) {
                    violations.add("JSON field '" + field.getKey() + "' is no object");
                    continue;
                }
                field.getValue().fieldNames().forEachRemaining(name -> {
                    if (!documented.nestedFields().contains(name)) {
                        violations.add("JSON field '" + documented.nested() + "." + name + "' is not documented");
                    }
                });
            }
        }
    }

    private static boolean named(Set<String> names, String name) {
        return names == null || names.contains(name) || names.stream()
                .anyMatch(documented -> documented.endsWith("*") && name.startsWith(documented.substring(0,
                        documented.length() - 1)));
    }

    /** For an answer's text: the violations joined. */
    public static String text(List<String> violations) {
        return String.join("; ", violations);
    }
}
