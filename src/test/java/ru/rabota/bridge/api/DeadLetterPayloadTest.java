package ru.rabota.bridge.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/** A dead letter's payload fits its size whatever the record held, and is the start of what the record held. */
class DeadLetterPayloadTest {

    @Property(tries = 300)
    void thePayloadFitsAndIsAPrefixOfTheValue(@ForAll("values") byte[] value,
            @ForAll @IntRange(min = 8, max = 512) int max) {
        ObjectNode letter = JsonNodeFactory.instance.objectNode();

        DeadLetterPayload.put(letter, value, max);

        String payload = letter.get("payload").textValue();
        // as written in the letter: JSON escapes and UTF-8 included, quotes not
        assertThat(letter.get("payload").toString().getBytes(StandardCharsets.UTF_8).length - 2)
                .isLessThanOrEqualTo(max);
        byte[] kept = letter.has("payload_encoding") ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.copyOf(value, kept.length)).isEqualTo(kept);
        boolean truncated = kept.length < value.length;
        assertThat(letter.path("payload_truncated").asBoolean()).isEqualTo(truncated);
        assertThat(letter.path("payload_bytes").asInt(-1)).isEqualTo(truncated ? value.length : -1);
    }

    @Property(tries = 50)
    void bytesThatAreNotUtf8AreWrittenInBase64(@ForAll("notUtf8") byte[] value) {
        ObjectNode letter = JsonNodeFactory.instance.objectNode();

        DeadLetterPayload.put(letter, value, 1 << 20);

        assertThat(letter.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(letter.get("payload").asText())).isEqualTo(value);
        assertThat(letter.has("payload_truncated")).isFalse();
    }

    @Property(tries = 1)
    void aTombstoneHasANullPayload() {
        ObjectNode letter = JsonNodeFactory.instance.objectNode();

        DeadLetterPayload.put(letter, null, 100);

        assertThat(letter.get("payload").isNull()).isTrue();
    }

    /** Random bytes, and text full of what JSON escapes or writes in several bytes. */
    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> text = Arbitraries.strings().withChars("\u0001\n\"\\aяé€😀").ofMaxLength(400)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(400), text);
    }

    @Provide
    Arbitrary<byte[]> notUtf8() {
        return Combinators.combine(Arbitraries.strings().ofMaxLength(50), Arbitraries.of((byte) 0xFF, (byte) 0xC3))
                .as((text, bad) -> {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    byte[] bytes = Arrays.copyOf(utf8, utf8.length + 1);
                    bytes[bytes.length - 1] = bad;
                    return bytes;
                });
    }
}
