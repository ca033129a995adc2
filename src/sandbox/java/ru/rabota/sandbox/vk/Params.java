package ru.rabota.sandbox.vk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.MultipartForm;
import ru.rabota.sandbox.http.SimRequest;

/**
 * A request's parameters merged as Rails merges them, since the real service is a Rails application: the query
 * string, then the body (JSON, form or multipart fields) on top, with bracket keys nested ({@code page[number]}
 * becomes {@code {"page":{"number":..}}}, {@code status[]} an array). So {@code reason} may come as a query
 * parameter or a JSON field alike. A name repeated without brackets lists its values ({@link #texts}).
 */
final class Params {

    private static final Pattern SEGMENT = Pattern.compile("\\[([^\\]]*)]");

    private final ObjectNode values;
    private final MultipartForm multipart;

    private Params(ObjectNode values, MultipartForm multipart) {
        this.values = values;
        this.multipart = multipart;
    }

    static Params of(SimRequest request) {
        ObjectNode values = VkJson.MAPPER.createObjectNode();
        request.query().forEach((key, list) -> list.forEach(value -> put(values, key, value)));
        String contentType = Optional.ofNullable(request.header("Content-Type")).orElse("")
                .toLowerCase(Locale.ROOT);
        MultipartForm multipart = MultipartForm.parse(contentType, request.body()).orElse(null);
        if (multipart != null) {
            multipart.parts().stream().filter(p -> !p.isFile()).forEach(p -> put(values, p.name(), p.text()));
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            request.form().forEach((key, list) -> list.forEach(value -> put(values, key, value)));
        } else if (!request.bodyText().isBlank()) {
            values.setAll(jsonObject(request.bodyText()));
        }
        return new Params(values, multipart);
    }

    /** The uploaded file named {@code name}, if the body was multipart and carried one. */
    Optional<MultipartForm.Part> file(String name) {
        return multipart == null ? Optional.empty()
                : multipart.first(name).filter(MultipartForm.Part::isFile);
    }

    /** A parameter as a node; a missing node when absent. */
    JsonNode node(String name) {
        return values.path(name);
    }

    /** A scalar parameter as text; null when absent, null, or not a scalar. */
    String text(String name) {
        return text(values.path(name));
    }

    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** A parameter given once or as an array ({@code status=read} or {@code status[]=read&status[]=invited}). */
    List<String> texts(String name) {
        JsonNode node = values.path(name);
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> Optional.ofNullable(text(item)).ifPresent(texts::add));
        } else {
            Optional.ofNullable(text(node)).ifPresent(texts::add);
        }
        return texts;
    }

    /** An optional whole-number parameter; a 422 naming the parameter when it is not one. */
    Long whole(String name) {
        return whole(values.path(name), name);
    }

    static Long whole(JsonNode node, String name) {
        String text = text(node);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw VkError.unprocessable("Некорректное значение параметра " + name);
        }
    }

    private static ObjectNode jsonObject(String body) {
        try {
            JsonNode node = VkJson.MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // answered below, as Rails answers a body it cannot parse
        }
        throw new VkError(400, "Некорректный JSON в теле запроса");
    }

    /** Puts {@code a}, {@code a[]}, {@code a[b]} or {@code a[b][]} into the tree, Rails style. */
    private static void put(ObjectNode root, String key, String value) {
        int open = key.indexOf('[');
        if (open <= 0) {
            // a name repeated without brackets (driving_license_categories=B&driving_license_categories=C, as the
            // document names that filter) lists its values; a name given once is a scalar
            JsonNode before = root.get(key);
            if (before instanceof ArrayNode items) {
                items.add(value);
            } else if (before != null && before.isValueNode() && !before.isNull()) {
                root.putArray(key).add(before.asText()).add(value);
            } else {
                root.put(key, value);
            }
            return;
        }
        List<String> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(key.substring(open));
        while (m.find()) {
            segments.add(m.group(1));
        }
        boolean array = !segments.isEmpty() && segments.get(segments.size() - 1).isEmpty();
        ObjectNode parent = root;
        String field = key.substring(0, open);
        for (String segment : array ? segments.subList(0, segments.size() - 1) : segments) {
            parent = parent.get(field) instanceof ObjectNode child ? child : parent.putObject(field);
            field = segment;
        }
        if (array) {
            (parent.get(field) instanceof ArrayNode items ? items : parent.putArray(field)).add(value);
        } else {
            parent.put(field, value);
        }
    }
}
