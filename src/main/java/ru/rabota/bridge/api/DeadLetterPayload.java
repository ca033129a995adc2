package ru.rabota.bridge.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The payload of a dead letter (CONTRACT.md section 3): the record's value as text, or in base64 with
 * {@code "payload_encoding": "base64"} when it is not UTF-8; cut so that it takes at most {@code maxBytes} in the
 * letter as written (JSON escapes included), with {@code "payload_truncated": true} and {@code "payload_bytes"}, the
 * original size. So a dead letter fits its topic whatever the record held.
 */
public final class DeadLetterPayload {

    private DeadLetterPayload() {
    }

    /** Sets the letter's payload fields; a record without value (tombstone) has a null payload. */
    public static void put(ObjectNode letter, byte[] value, int maxBytes) {
        if (value == null) {
            letter.putNull("payload");
            return;
        }
        String text = utf8(value);
        String payload = text != null ? cut(text, maxBytes)
                : Base64.getEncoder().encodeToString(Arrays.copyOf(value, Math.min(value.length, maxBytes / 4 * 3)));
        letter.put("payload", payload);
        if (text == null) {
            letter.put("payload_encoding", "base64");
        }
        if (text == null ? payload.length() / 4 * 3 < value.length : payload.length() < text.length()) {
            letter.put("payload_truncated", true);
            letter.put("payload_bytes", value.length);
        }
    }

    /** The bytes as UTF-8 text, or null when they are not UTF-8. */
    private static String utf8(byte[] value) {
        try {
            return Utf8.decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The longest start of the text whose JSON string form takes at most maxBytes (never half a surrogate pair). */
    private static String cut(String text, int maxBytes) {
        long written = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            written += jsonBytes(codePoint);
            if (written > maxBytes) {
                return text.substring(0, end);
            }
            end += Character.charCount(codePoint);
        }
        return text;
    }

    /**
     * Bytes of one character in a JSON string: a control character at most as a six-character escape, quote and
     * backslash escaped.
     */
    private static int jsonBytes(int codePoint) {
        if (codePoint < 0x20) {
            return 6;
        }
        if (codePoint == '"' || codePoint == '\\') {
            return 2;
        }
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
