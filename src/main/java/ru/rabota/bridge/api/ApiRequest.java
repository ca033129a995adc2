package ru.rabota.bridge.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One HTTP request to an upstream API, without its credentials (those are added per attempt).
 *
 * @param query       the encoded query string, or null
 * @param body        the entity, or null
 * @param contentType the entity's type, or null without entity
 */
public record ApiRequest(String method, String path, String query, byte[] body, String contentType) {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    /** A form post, as {@code curl -d 'login=...&password=...'} sends it; no fields make an empty form. */
    public static ApiRequest form(String method, String path, Map<String, ?> fields) {
        String encoded = urlEncoded(fields);
        return new ApiRequest(method, path, null, (encoded == null ? "" : encoded).getBytes(StandardCharsets.UTF_8),
                FORM);
    }

    /**
     * Encodes parameters as {@code a=1&page%5Bnumber%5D=2&status%5B%5D=x&status%5B%5D=y}: an Iterable value repeats
     * its parameter, null values are left out, spaces become %20. Returns null for no parameters.
     */
    public static String urlEncoded(Map<String, ?> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return null;
        }
        StringJoiner encoded = new StringJoiner("&");
        parameters.forEach((name, value) -> {
            Iterable<?> values = value instanceof Iterable<?> many ? many : Collections.singletonList(value);
            for (Object one : values) {
                if (one != null) {
                    encoded.add(encode(name) + "=" + encode(one.toString()));
                }
            }
        });
        return encoded.length() == 0 ? null : encoded.toString();
    }

    /**
     * The request's name among the API's calls, bounded whatever the ids: the method and the path with every
     * segment that holds a digit as {@code {id}} ({@code POST /jobs/{id}/close}, hh.ru's
     * {@code PUT /negotiations/invitation/{id}}).
     */
    public String operation() {
        StringBuilder operation = new StringBuilder(method).append(' ');
        for (String segment : path.substring(1).split("/", -1)) {
            operation.append('/').append(segment.chars().anyMatch(Character::isDigit) ? "{id}" : segment);
        }
        return operation.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
