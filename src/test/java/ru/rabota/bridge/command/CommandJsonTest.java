package ru.rabota.bridge.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CommandJsonTest {

    @Test
    void theRequestIdOfARecordThatIsNoCommandIsFoundBesideWhatMadeItOne() {
        assertThat(requestId("{\"job\":{\"lat\":\"abc\",\"tags\":[[1],{\"a\":{}}]},\"request_id\":\"r-5\"}"))
                .isEqualTo("r-5");
        assertThat(requestId("{\"request_id\":77,\"actions\":\"all of them\"}")).isEqualTo("77");
        // the JSON breaks after it, or a value nested deeper than any limit comes before it
        assertThat(requestId("{\"request_id\":\"r-6\",\"job\":{not json")).isEqualTo("r-6");
        assertThat(requestId("{\"job\":" + "[".repeat(500) + "]".repeat(500) + ",\"request_id\":\"r-7\"}"))
                .isEqualTo("r-7");
    }

    @Test
    void noneWhereTheRecordNamesNoneAtItsTopLevel() {
        assertThat(requestId("{\"job\":{\"request_id\":\"inner\"}}")).isNull();
        assertThat(requestId("{\"request_id\":{\"id\":\"r-8\"}}")).isNull();
        assertThat(requestId("{not json, \"request_id\":\"r-9\"}")).isNull();
        assertThat(requestId("[\"request_id\",\"r-10\"]")).isNull();
        assertThat(requestId("")).isNull();
        assertThat(CommandJson.requestId(null)).isNull();
        assertThat(CommandJson.requestId(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28})).isNull();
    }

    /**
     * A null in a list of ids is a wrong type, named: before, it was read as an id of null, and a background delete
     * with {@code "external_ids": [null]} became a dead letter of a NullPointerException.
     */
    @Test
    void aNullInAListOfIdsIsOfAWrongType() {
        CommandJson json = CommandJson.parse("{\"job_ids\":[\"1\",null],\"external_ids\":null}");

        assertThatThrownBy(() -> json.texts("job_ids")).isInstanceOf(MalformedCommandException.class)
                .hasMessage("job_ids[]: null is not a string");
        assertThat(json.texts("external_ids")).isEmpty();
    }

    /** A decimal where a whole number belongs is named as that: before, "per_page: 20.5 is not a string". */
    @Test
    void aDecimalWhereAWholeNumberBelongsIsNamedSo() {
        CommandJson json = CommandJson.parse("{\"per_page\":20.5,\"page\":\"2\"}");

        assertThatThrownBy(() -> json.whole("per_page")).isInstanceOf(MalformedCommandException.class)
                .hasMessage("per_page: 20.5 is not a whole number");
        assertThat(json.whole("page")).isEqualTo(2L);
    }

    private static String requestId(String value) {
        return CommandJson.requestId(value.getBytes(StandardCharsets.UTF_8));
    }
}
