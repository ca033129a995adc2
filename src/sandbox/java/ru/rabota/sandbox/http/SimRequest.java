package ru.rabota.sandbox.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.sun.net.httpserver.Headers;

/** One request as a simulator handler sees it: query and form parameters decoded, path groups matched. */
public record SimRequest(String method, String path, Map<String, List<String>> query, Headers headers, byte[] body,
        Matcher pathMatch) {

    /** First value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a repeated query parameter such as {@code status[]}; empty when absent. */
    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String header(String name) {
        return headers.getFirst(name);
    }

    /** A group of the route's path pattern, e.g. the job id of {@code /jobs/(\d+)}. */
    public String pathGroup(int group) {
        return pathMatch.group(group);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as {@code application/x-www-form-urlencoded} parameters. */
    public Map<String, List<String>> form() {
        return decode(bodyText());
    }

    static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
        }
        return params;
    }
}
