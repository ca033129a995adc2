package ru.rabota.bridge.jobs;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.command.MalformedCommandException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class JobCommandParserTest {

    private static final CommandLimits LIMITS = new CommandLimits(1 << 20, 64, 1 << 16);

    @Test
    void readsEveryFieldOfTheContractsExampleAndKeepsUnknownJobAttributes() {
        JobCommand command = JobCommandParser.parse("""
                {"command": "upsert", "external_id": "HR-1001", "request_id": "r-1", "profession_id": 3,
                 "publication_type": "job_publish", "some_future_field": 1,
                 "job": {"title": "Повар", "description": "Горячий цех", "lat": 55.350, "long": 37.55,
                         "address": "Москва, Солянка ул., 9", "salary_from": 50000, "salary_to": 70000,
                         "salary_period": "monthly", "contact_phone": "79990001122",
                         "remote": false, "auto_renew": true, "has_autoreply": true,
                         "autoreply_text": "Спасибо"}}""", LIMITS);

        assertThat(command.command()).isEqualTo("upsert");
        assertThat(command.externalId()).isEqualTo("HR-1001");
        assertThat(command.requestId()).isEqualTo("r-1");
        assertThat(command.professionId()).isEqualTo(3);
        assertThat(command.publicationType()).isEqualTo("job_publish");
        Job job = command.job();
        assertThat(job.title()).isEqualTo("Повар");
        assertThat(job.lat()).isEqualByComparingTo("55.35");
        assertThat(job.longitude()).isEqualByComparingTo("37.55");
        assertThat(job.salaryFrom()).isEqualByComparingTo("50000");
        assertThat(job.salaryPeriod()).isEqualTo("monthly");
        assertThat(job.contactPhone()).isEqualTo("79990001122");
        assertThat(job.remote()).isFalse();
        assertThat(job.autoRenew()).isTrue();
        assertThat(job.other()).containsOnlyKeys("has_autoreply", "autoreply_text");
        assertThat(job.other().get("autoreply_text").asText()).isEqualTo("Спасибо");
    }

    @Test
    void aFieldNoneReadsIsOneWarnLinePerNameWithTheFieldItIsClosestTo() {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                // "bords" left the command on the default boards without a word
                JobCommandParser.parse("{\"command\": \"close\", \"external_id\": \"HR-" + i + "\", \"bords\": [\"hh\"],"
                        + " \"source_system\": \"sap\"}", LIMITS);
            }
            assertThat(logs.lines("WARN", "job commands carry field \"bords\", which the bundle does not read: it is"
                    + " ignored; did you mean \"boards\"? (one line per field name)")).isOne();
            assertThat(logs.lines("WARN", "job commands carry field \"source_system\", which the bundle does not read:"
                    + " it is ignored (one line per field name)")).isOne();
            assertThat(logs.lines("WARN", "")).isEqualTo(2);
        }
    }

    @Test
    void closeAndReviveNeedNoJob() {
        assertThat(JobCommandParser.parse(
                "{\"command\": \"close\", \"external_id\": \"HR-1\", \"reason\": \"closed_found\"}", LIMITS))
                .isEqualTo(new JobCommand("close", "HR-1", null, null, null, null, "closed_found", null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                           | not JSON: Unrecognized token 'not'
            '[1, 2]'                                                  | not a JSON object: [1,2]
            '{"command": "upsert"} trailing'                          | not JSON:
            '{"external_id": "HR-1"}'                                 | command: missing
            '{"command": "upsert", "external_id": null}'              | external_id: missing
            '{"command": "upsert", "external_id": "HR-1", "job": {"lat": "abc"}}'        | job.lat: "abc" is not a number
            '{"command": "upsert", "external_id": "HR-1", "job": "text"}'                | job: "text" is not an object
            '{"command": "upsert", "external_id": "HR-1", "job": {"remote": "yes"}}'     | job.remote: "yes" is not true or false
            '{"command": "upsert", "external_id": "HR-1", "job": {"title": {"a": 1}}}'   | job.title: {"a":1} is not a string
            '{"command": "upsert", "external_id": "HR-1", "profession_id": 3.5}'         | profession_id: 3.5 is not an integer
            '{"command": ["upsert"], "external_id": "HR-1"}'                             | command: ["upsert"] is not a string
            '{"command": "upsert", "external_id": "HR-1", "boards": "hh"}'               | boards: "hh" is not a list, e.g. ["hh"]
            '{"command": "upsert", "external_id": "HR-1", "hh": "text"}'                 | hh: "text" is not an object
            '{"command": "close", "external_id": 1001.0}'                                | external_id: 1001.0 is not a string
            '{"command": "close", "external_id": true}'                                  | external_id: true is not a string
            '{"command": "upsert", "external_id": "A", "job": {"title": 1.5}}'           | job.title: 1.5 is not a string
            '{"command": "close", "external_id": "A\\ud800"}'                           | external_id: character 2 is an unpaired surrogate (U+D800)
            '{"command": "close", "external_id": "\\udfffA"}'                           | external_id: character 1 is an unpaired surrogate (U+DFFF)
            '{"command": "upsert", "external_id": "A", "profession_id": 3000000000}'     | profession_id: 3000000000 is not an integer
            '{"command": "close", "external_id": "A", "external_id": "B"}'               | not JSON: Duplicate field 'external_id'
            '{"command": "upsert", "external_id": "A", "job": {"lat": 1, "lat": 2}}'     | not JSON: Duplicate field 'lat'
            """)
    void malformedInputNamesTheFieldAndTheValue(String payload, String message) {
        assertThatThrownBy(() -> JobCommandParser.parse(payload, LIMITS))
                .isInstanceOf(MalformedCommandException.class)
                .hasMessageStartingWith(message);
    }

    /** Jackson's place, without its "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)". */
    @Test
    void jsonCutShortNamesWhereItsObjectStarted() {
        assertThatThrownBy(() -> JobCommandParser.parse("{\"command\": \"upsert\", \"job\": {\"title\": \"x\"}", LIMITS))
                .isInstanceOf(MalformedCommandException.class)
                .hasMessage("not JSON: Unexpected end-of-input: expected close marker for Object (start marker at"
                        + " line 1, column 1)");
    }

    @Test
    void contentTheApiWouldRefuseStillParses() {
        JobCommand command = JobCommandParser.parse("""
                {"command": "delete", "external_id": " ", "job": {"lat": 95.1, "salary_from": -5.5,
                 "salary_period": "weekly", "contact_phone": "8 999"}}""", LIMITS);

        assertThat(command.command()).isEqualTo("delete");
        assertThat(command.job().lat()).isEqualByComparingTo("95.1");
        assertThat(command.job().salaryFrom()).isEqualByComparingTo("-5.5");
    }

    /**
     * Jackson reads 1e999999999 as a number of a billion digits, which the validator's text, the salary made an
     * integer and the content hash took the heap or hours to handle: refused where it is read, named in short.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '"lat": 1e999999999'          | job.lat: 1E+999999999 has more than 30 digits before or after the decimal point
            '"lat": -1e999999999'         | job.lat: -1E+999999999 has more
            '"lat": 1e-999999999'         | job.lat: 1E-999999999 has more
            '"lat": "1e999999999"'        | job.lat: 1E+999999999 has more
            '"salary_from": 1e9999999'    | job.salary_from: 1E+9999999 has more
            '"salary_to": "1e-9999999"'   | job.salary_to: 1E-9999999 has more
            '"age": 1234567890123456789012345678901' | job.age: 1234567890123456789012345678901 has more
            """)
    void aNumberWithAbsurdlyManyDigitsIsRefusedQuicklyNamingItsField(String field, String message) {
        String payload = "{\"command\": \"upsert\", \"external_id\": \"HR-1\", \"job\": {" + field + "}}";

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
                () -> JobCommandParser.parse(payload, LIMITS)).isInstanceOf(MalformedCommandException.class)
                .hasMessageStartingWith(message));
    }

    @Test
    void realNumbersKeepTheirDigits() {
        Job job = JobCommandParser.parse("{\"command\": \"upsert\", \"external_id\": \"HR-1\", \"job\": "
                + "{\"lat\": 55.350000000000001, \"salary_from\": 5e4, \"big\": 123456789012345678901234567890}}",
                LIMITS).job();

        assertThat(job.lat()).isEqualTo(new BigDecimal("55.350000000000001"));
        assertThat(job.salaryFrom()).isEqualByComparingTo("50000");
        assertThat(job.other().get("big").decimalValue()).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    }

    /** As other commands read ids; a decimal or a flag is no id: 1001.0 became job "1001.0", which 1001 never found. */
    @Test
    void aWholeNumberWhereTextIsExpectedIsItsDigits() {
        assertThat(JobCommandParser.parse("{\"command\": \"close\", \"external_id\": 1001}", LIMITS).externalId())
                .isEqualTo("1001");
    }

    @Test
    void numbersWrittenAsTextAreNumbers() {
        Job job = JobCommandParser.parse("{\"command\": \"upsert\", \"external_id\": \"HR-1\", "
                + "\"job\": {\"lat\": \"55.75\", \"remote\": \"true\"}}", LIMITS).job();

        assertThat(job.lat()).isEqualByComparingTo("55.75");
        assertThat(job.remote()).isTrue();
    }
}
