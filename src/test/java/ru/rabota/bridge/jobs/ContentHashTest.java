package ru.rabota.bridge.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.json.BridgeJson;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    private static final CommandLimits LIMITS = new CommandLimits(1 << 20, 64, 1 << 16);

    private static final String BODY = """
            {"job": {"title": "Повар", "lat": 55.35, "long": 37.55, "salary_from": 50000, "tags": [1, 2.0]},
             "profession_id": 3}""";

    @Test
    void isSha256HexAndStable() {
        assertThat(hash(BODY)).matches("[0-9a-f]{64}").isEqualTo(hash(BODY));
    }

    /** Hashes kept in rabota.state.jobs must not change with an upgrade: every job would look changed. */
    @Test
    void hashesOfEarlierVersionsStay() {
        assertThat(hash(BODY)).isEqualTo("b395cf73ce829bb2f1dac7fd5178c1977e71bf5eaa41f53ba8e048c2a30fa952");
        assertThat(hash("""
                {"job": {"title": "Повар \\"ночь\\" \\u2014 <b>", "remote": null, "tags": [], "zero": 0.000,
                 "big": 12345678901234567890, "exp": 1.5E+3, "neg": -0.10, "ok": true, "no": false,
                 "list": [{"b": 1, "a": [null, "x"]}, 3]}, "profession_id": 3}""")).isEqualTo("e1a10208ecfc824f57c0cb342b53d0da1e2c17fffd38ef5feb55da77fef34dcc");
    }

    @Test
    void keyOrderDoesNotMatter() {
        assertThat(hash("""
                {"profession_id": 3,
                 "job": {"tags": [1, 2], "salary_from": 50000, "long": 37.55, "lat": 55.35, "title": "Повар"}}"""))
                .isEqualTo(hash(BODY));
    }

    @Test
    void numbersCompareByValue() {
        assertThat(hash("""
                {"job": {"title": "Повар", "lat": 55.350, "long": 37.5500, "salary_from": 50000.0, "tags": [1.0, 2]},
                 "profession_id": 3.0}""")).isEqualTo(hash(BODY));
    }

    @Test
    void aChangedAttributeChangesTheHash() {
        assertThat(hash(BODY.replace("55.35", "55.36"))).isNotEqualTo(hash(BODY));
        assertThat(hash(BODY.replace("Повар", "Повар "))).isNotEqualTo(hash(BODY));
        assertThat(hash(BODY.replace("[1, 2.0]", "[2, 1]"))).isNotEqualTo(hash(BODY));
    }

    @Test
    void absentIsNotFalseNorNull() {
        String absent = "{\"job\": {\"title\": \"Т\"}}";

        assertThat(hash(absent))
                .isNotEqualTo(hash("{\"job\": {\"title\": \"Т\", \"remote\": false}}"))
                .isNotEqualTo(hash("{\"job\": {\"title\": \"Т\", \"remote\": null}}"));
    }

    @Test
    void equalCommandsHashEqualWhateverTheirRequestId() {
        JobCommand first = JobCommandParser.parse("""
                {"command": "upsert", "external_id": "HR-1", "request_id": "a", "job": {"lat": 55.350, "title": "Т"}}""", LIMITS);
        JobCommand second = JobCommandParser.parse("""
                {"job": {"title": "Т", "lat": 55.35}, "request_id": "b", "external_id": "HR-1", "command": "upsert"}""", LIMITS);

        assertThat(ContentHash.of(JobRequests.upsertBody(first, 3)))
                .isEqualTo(ContentHash.of(JobRequests.upsertBody(second, 3)))
                .isNotEqualTo(ContentHash.of(JobRequests.upsertBody(second, 4)));
    }

    private static String hash(String json) {
        try {
            JsonNode tree = BridgeJson.MAPPER.readTree(json);
            return ContentHash.of(tree);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
