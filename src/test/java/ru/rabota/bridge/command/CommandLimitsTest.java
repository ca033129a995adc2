package ru.rabota.bridge.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a command value may be: each refusal names its limit and the value's size. */
class CommandLimitsTest {

    private final CommandLimits limits = new CommandLimits(1000, 4, 20);

    @Property(tries = 300)
    void bytesAreDecodedExactlyOrRefused(@ForAll byte[] value) {
        try {
            byte[] text = CommandLimits.hasBom(value) ? Arrays.copyOfRange(value, 3, value.length) : value;
            assertThat(limits.decode(value).getBytes(StandardCharsets.UTF_8)).isEqualTo(text);
        } catch (MalformedCommandException e) {
            assertThat(e.getMessage()).matches("not UTF-8: malformed bytes at byte \\d+ of [\\d,]+|the value has .*");
        }
    }

    @Example
    void aValueAboveTheLimitNamesBothSizes() {
        assertThatThrownBy(() -> limits.decode(new byte[2048])).hasMessage(
                "the value has 2,048 bytes, more than the 1,000 of bridge.commands.max-value");
    }

    @Example
    void malformedUtf8IsRefusedWhereItStarts() {
        assertThatThrownBy(() -> limits.decode(new byte[] {'{', '"', (byte) 0xC3, '(', '"', '}'}))
                .hasMessage("not UTF-8: malformed bytes at byte 2 of 6");
    }

    /** A byte order mark (a .NET producer's UTF-8) is no part of the command; before, "not JSON": a dead letter. */
    @Example
    void aLeadingByteOrderMarkIsLeftOut() {
        byte[] value = "\uFEFF{\"status\":\"invited\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(limits.decode(value)).isEqualTo("{\"status\":\"invited\"}");
    }

    @Example
    void aTombstoneIsNoCommand() {
        assertThatThrownBy(() -> limits.decode(null)).isInstanceOf(MalformedCommandException.class)
                .hasMessage("a tombstone (a record without value) is not a command");
    }

    @Example
    void nestingDeeperThanTheLimitIsRefused() {
        assertThatThrownBy(() -> limits.read("[[[[[1]]]]]", CommandJson.READER)).hasMessage(
                "JSON nested deeper than the 4 levels of bridge.commands.max-depth; the value has 11 characters");
        assertThat(limits.read("[[[[1]]]]", CommandJson.READER).toString()).isEqualTo("[[[[1]]]]");
    }

    @Example
    void aLongStringOrFieldNameIsRefusedWithItsPath() {
        String title = "x".repeat(21);

        assertThatThrownBy(() -> limits.read("{\"job\":{\"tags\":[\"a\",\"" + title + "\"]}}",
                CommandJson.READER)).hasMessage("job.tags[1]: 21 characters is longer than the 20 characters"
                        + " of bridge.commands.max-field; the value has 46 characters");
        assertThatThrownBy(() -> limits.read("{\"" + title + "\":1}", CommandJson.READER)).hasMessage(
                "a field name longer than the 20 characters of bridge.commands.max-field; the value has 27 characters");
    }

    /** Before, the last of them won, while the dead letter's correlation took the first request_id. */
    @Example
    void aFieldGivenTwiceIsRefused() {
        assertThatThrownBy(() -> limits.read("{\"request_id\":\"a\",\"request_id\":\"b\"}", CommandJson.READER))
                .isInstanceOf(MalformedCommandException.class)
                .hasMessageStartingWith("not JSON: Duplicate field 'request_id'");
    }

    /** Kafka's UTF-8 writes half a pair as "?": "A\ud800" and "A\udbff" were one id after a restart. */
    @Example
    void anUnpairedSurrogateIsRefusedAndAPairIsText() {
        assertThatThrownBy(() -> limits.read("{\"job\":{\"tags\":[\"\\ud83d\\ude00\",\"A\\udbff\"]}}",
                CommandJson.READER)).isInstanceOf(MalformedCommandException.class).hasMessage(
                        "job.tags[1]: character 2 is an unpaired surrogate (U+DBFF); the value has 43 characters");
        assertThatThrownBy(() -> limits.read("{\"x\\ud800\":1}", CommandJson.READER))
                .hasMessageStartingWith("x\ud800: its name's character 2 is an unpaired surrogate (U+D800)");
        assertThat(limits.read("{\"a\":\"\\ud83d\\ude00\"}", CommandJson.READER).get("a").textValue())
                .isEqualTo("\ud83d\ude00");
    }

    /** A NUL, a bell or an escape was published in a title as it came; a tab and a line break are text. */
    @Example
    void aControlCharacterIsRefusedAndTabsAndLineBreaksAreText() {
        assertThatThrownBy(() -> limits.read("{\"job\":{\"title\":\"Курьер\\u0007\"}}", CommandJson.READER))
                .isInstanceOf(MalformedCommandException.class)
                .hasMessageStartingWith("job.title: character 7 is a control character (U+0007)");
        assertThatThrownBy(() -> limits.read("{\"external_id\":\"A\\u0000\"}", CommandJson.READER))
                .hasMessageStartingWith("external_id: character 2 is a control character (U+0000)");
        assertThat(limits.read("{\"a\":\"line\\none\\tand\\r\\ntwo\"}", CommandJson.READER).get("a").textValue())
                .isEqualTo("line\none\tand\r\ntwo");
    }

    /** Before, reported as "a field name longer than ...". */
    @Example
    void aNumberLongerThanTheParserReadsIsNamedAsOne() {
        assertThatThrownBy(() -> limits.read("{\"a\":" + "9".repeat(1001) + "}", CommandJson.READER)).hasMessage(
                "a number longer than the 1,000 characters the parser reads; the value has 1,007"
                        + " characters");
    }

    @Example
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> limits.read("{not json", CommandJson.READER))
                .hasMessageStartingWith("not JSON: ");
    }
}
