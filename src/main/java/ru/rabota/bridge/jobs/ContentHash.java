package ru.rabota.bridge.jobs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.json.BridgeJson;

/**
 * SHA-256 (hex) of what an upsert would publish, its {@link JobRequests#upsertBody} body: equal hashes mean an equal
 * request, so an upsert whose hash is the one last published is {@code unchanged} and calls nothing.
 * <p>
 * Canonical form: object keys sorted, numbers by value ({@code 55.35} = {@code 55.350}, {@code 50000} =
 * {@code 50000.0}), strings exactly as sent. An absent attribute differs from {@code false} or {@code null}: absent
 * leaves the API's value as it is while {@code "remote": false} sets it, so they are different requests.
 */
public final class ContentHash {

    /** One digest per thread: looking the algorithm up among the providers costs more than hashing a job. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    });

    private ContentHash() {
    }

    public static String of(JsonNode body) {
        try {
            byte[] canonical = BridgeJson.MAPPER.writeValueAsBytes(canonical(body));
            // digest() leaves the digest reset for the thread's next hash
            return HexFormat.of().formatHex(SHA_256.get().digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a JSON tree", e);
        }
    }

    // hand-written walk: Jackson sorts Map keys when asked, but neither sorts ObjectNode keys nor compares numbers by value
    private static JsonNode canonical(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode sorted = nodes.objectNode();
            node.properties().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sorted.set(e.getKey(), canonical(e.getValue())));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode items = nodes.arrayNode();
            node.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return node.isNumber() ? nodes.numberNode(node.decimalValue().stripTrailingZeros()) : node;
    }
}
