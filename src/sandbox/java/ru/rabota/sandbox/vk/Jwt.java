package ru.rabota.sandbox.vk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HS256 session tokens as the document's example decodes: header {@code {"typ":"JWT","alg":"HS256"}}, payload
 * {@code {"user_id":..,"user_type":"ApiUser","exp":<epoch seconds>}}. JDK HMAC only, no JWT library.
 */
final class Jwt {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = encode("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;

    Jwt(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String issue(long userId, Instant expiresAt) {
        ObjectNode payload = VkJson.MAPPER.createObjectNode().put("user_id", userId).put("user_type", "ApiUser")
                .put("exp", expiresAt.getEpochSecond());
        String signed = HEADER + "." + encode(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + encode(sign(signed));
    }

    /** The token's user id when its signature holds and it has not expired at {@code now}. */
    OptionalLong verify(String token, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return OptionalLong.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
                return OptionalLong.empty();
            }
            JsonNode payload = VkJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            boolean valid = payload.path("exp").canConvertToLong()
                    && now.getEpochSecond() < payload.path("exp").asLong()
                    && "ApiUser".equals(payload.path("user_type").asText())
                    && payload.path("user_id").canConvertToLong();
            return valid ? OptionalLong.of(payload.path("user_id").asLong()) : OptionalLong.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return OptionalLong.empty();
        }
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }
}
