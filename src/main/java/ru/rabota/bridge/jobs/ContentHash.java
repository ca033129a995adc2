package ru.rabota.bridge.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

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
        MessageDigest digest = SHA_256.get();
        try (JsonGenerator out = BridgeJson.MAPPER.createGenerator(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            write(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash a JSON tree", e);
        }
        // digest() leaves the digest reset for the thread's next hash
        return HexFormat.of().formatHex(digest.digest());
    }

    // hand-written walk, written straight into the digest: Jackson neither sorts ObjectNode keys nor compares numbers
    // by value; the bytes are those of the canonical tree written by BridgeJson.MAPPER
    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, JsonNode> field : fields) {
                out.writeFieldName(field.getKey());
                write(out, field.getValue());
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (node.isNumber()) {
            out.writeNumber(node.decimalValue().stripTrailingZeros());
        } else {
            BridgeJson.MAPPER.writeTree(out, node);
        }
    }
}
