package ru.rabota.bridge.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: malformed bytes are an error, never the replacement character a String constructor puts in; and a
 * string UTF-8 cannot encode (an unpaired surrogate, which JSON's escape of half a pair makes) is found, not sent as
 * "?".
 */
public final class Utf8 {

    private Utf8() {
    }

    /** @throws CharacterCodingException at malformed bytes; the buffer's position is then where they start */
    public static String decode(ByteBuffer bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    }

    /** The index of the text's first surrogate that is not half of a pair, or -1 when there is none. */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
