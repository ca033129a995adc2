package ru.rabota.bridge.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;

import ru.rabota.bridge.json.BridgeJson;

/** Turns an error answer of VK Работа or hh.ru into the short text people read in events and logs. */
public final class ApiErrors {

    /** Longest text kept from a body that is not the API's JSON (an HTML error page of a proxy, say). */
    static final int MAX_TEXT = 200;

    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private ApiErrors() {
    }

    /**
     * The failure of an answer that is not 2xx: its {@link #detail}, its {@code Retry-After}, its status.
     *
     * @param source "vk" or "hh"
     */
    public static ApiException failure(String source, String method, String path, int status, byte[] body,
            String retryAfter, Clock clock) {
        return new ApiException(source, method, path, status, detail(status, body), retryAfter(retryAfter, clock),
                null);
    }

    /**
     * The failure of a request that got no answer: an {@link ApiException} with status 0 when the network failed (an
     * {@link IOException} among the causes), else an {@link IllegalStateException}: a defect in the request, which no
     * retry mends.
     */
    public static RuntimeException unanswered(String source, String method, String path, Throwable failure) {
        IOException io = ObjectHelper.getException(IOException.class, failure);
        if (io == null) {
            return new IllegalStateException(source + " " + method + " " + path + " could not be sent", failure);
        }
        String reason = io.getMessage() != null ? io.getMessage() : io.getClass().getSimpleName();
        return new ApiException(source, method, path, 0, reason, null, io);
    }

    /**
     * The detail of an error answer: VK's {@code {"errors":[{"detail":...}]}} (several joined by "; "), hh.ru's
     * {@code {"errors":[{"type":"oauth","value":"token_expired"}]}} as "oauth: token_expired", a top-level
     * {@code description}; otherwise the body's text, shortened; for an empty body the HTTP reason phrase.
     */
    public static String detail(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return reason(status);
        }
        String fromJson = fromJson(text);
        return fromJson != null ? fromJson : shorten(text);
    }

    /**
     * {@code Retry-After} as seconds or as an HTTP date; null when absent, unreadable, or asking for no wait (0, or a
     * date passed: the server's clock behind ours): then the retry's own backoff applies, not a retry at once, which
     * an API failing with {@code Retry-After: 0} had answered some twenty times a second per waiting call.
     */
    public static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        Duration wait;
        if (DIGITS.matcher(value).matches()) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(clock.instant(), ZonedDateTime.parse(value,
                        DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return wait.isNegative() || wait.isZero() ? null : wait;
    }

    static String reason(int status) {
        String reason = EnglishReasonPhraseCatalog.INSTANCE.getReason(status, Locale.ROOT);
        return reason != null ? reason : "HTTP " + status;
    }

    private static String fromJson(String text) {
        JsonNode json;
        try {
            json = BridgeJson.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
        if (json == null || !json.isObject()) {
            return null;
        }
        List<String> details = new ArrayList<>();
        json.path("errors").forEach(error -> {
            String detail = errorText(error);
            if (detail != null) {
                details.add(detail);
            }
        });
        if (!details.isEmpty()) {
            return String.join("; ", details);
        }
        // OAuth servers (RFC 6749 section 5.2): {"error":"invalid_grant","error_description":"..."}
        if (json.path("error").isTextual() && json.path("error_description").isTextual()) {
            return json.get("error").asText() + ": " + json.get("error_description").asText();
        }
        for (String field : List.of("description", "detail", "message", "error")) {
            if (json.path(field).isTextual()) {
                return json.get(field).asText();
            }
        }
        return null;
    }

    private static String errorText(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        for (String field : List.of("detail", "title", "message")) {
            if (error.path(field).isTextual()) {
                return error.get(field).asText();
            }
        }
        if (error.path("type").isTextual()) {
            String value = error.path("value").asText("");
            String text = value.isEmpty() ? error.get("type").asText() : error.get("type").asText() + ": " + value;
            // hh.ru's field errors: {"type":"bad_json_data","value":"name","reason":"required","pointer":"/name"}
            if (error.path("reason").isTextual()) {
                text += " " + error.get("reason").asText();
            }
            if (error.path("pointer").isTextual()) {
                text += " at " + error.get("pointer").asText();
            }
            // hh.ru's duplicates name some of the vacancies found: {"value":"duplicate","found":7,"items":[{"id":1337}]}
            List<String> ids = new ArrayList<>();
            error.path("items").forEach(item -> ids.add(item.path("id").asText()));
            int found = error.path("found").asInt(ids.size());
            return ids.isEmpty() ? text : text + " (" + String.join(", ", ids)
                    + (found > ids.size() ? "; " + found + " found" : "") + ")";
        }
        return null;
    }

    private static String shorten(String text) {
        String plain = SPACES.matcher(TAGS.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
        return plain.length() <= MAX_TEXT ? plain : plain.substring(0, MAX_TEXT) + "…";
    }
}
