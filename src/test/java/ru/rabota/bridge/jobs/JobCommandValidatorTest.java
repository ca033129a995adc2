package ru.rabota.bridge.jobs;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.state.StateUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class JobCommandValidatorTest {

    private static final CommandLimits LIMITS = new CommandLimits(1 << 20, 64, 1 << 16);

    private static final String VALID = """
            {"command": "upsert", "external_id": "HR-1001", "profession_id": 85, "publication_type": "job_publish",
             "job": {"title": "Повар", "description": "Горячий цех, график 2/2, смена 12 часов, от 50 000 руб.",
                     "lat": 55.35, "long": 37.55, "address": "Москва, Солянка ул., 9", "salary_from": 50000,
                     "salary_to": 70000, "salary_period": "monthly", "contact_phone": "79990001122",
                     "remote": false, "auto_renew": true}}""";

    private final JobCommandValidator validator = new JobCommandValidator(
            new ProfessionDirectory(Map.of(85, "актер", 93, "массовка", 74, "IT-специалист")));

    @Test
    void theContractsExampleIsValidAndResolvesItsProfession() {
        Validation validation = validate(command -> { });

        assertThat(validation.violations()).isEmpty();
        assertThat(validation.valid()).isTrue();
        assertThat(validation.professionId()).isEqualTo(85);
    }

    static Stream<Arguments> oneBrokenRule() {
        return Stream.of(
                arguments(set("command", "delete"), "command: 'delete' is not one of upsert, close, revive"),
                arguments(set("external_id", "  "), "external_id: '  ' is blank"),
                // before, VK Работа's record of it was hh.ru's record of HR-1: a PUT of the hh.ru vacancy's id
                arguments(set("external_id", "hh:HR-1"), "external_id: 'hh:HR-1' starts with 'hh:', which the bundle"
                        + " keeps for its hh.ru records"),
                arguments(job("title", null), "job.title: missing"),
                arguments(job("description", null), "job.description: missing"),
                arguments(job("address", " "), "job.address: ' ' is blank"),
                arguments(job("lat", null), "job.lat: missing"),
                arguments(job("long", null), "job.long: missing"),
                arguments(set("profession_id", null), "profession_id: missing (or profession, a title)"),
                arguments(set("profession_id", 999), "profession_id: 999 is not in the profession directory"),
                arguments(job("description", "а".repeat(201)), "job.description: 201 characters, at most 200"),
                contact("Звоните +7 (999) 000-11-22", "a phone number '+7 (999) 000-11-22'"),
                contact("тел. 8-999-000-11-22", "a phone number '8-999-000-11-22'"),
                contact("тел. 8 999 000 11 22!", "a phone number '8 999 000 11 22'"),
                contact("тел 79990001122", "a phone number '79990001122'"),
                contact("тел. 8 (495) 1234567", "a phone number '8 (495) 1234567'"),
                contact("звоните: +7-800-555-35-35", "a phone number '+7-800-555-35-35'"),
                // local numbers and dots, which VK refuses too: before, sent and rejected by VK (422)
                contact("Звоните (495) 123-45-67", "a phone number '(495) 123-45-67'"),
                contact("тел. 123-45-67", "a phone number '123-45-67'"),
                contact("тел. 123 45 67, Иван", "a phone number '123 45 67'"),
                contact("тел. 8.999.123.45.67", "a phone number '8.999.123.45.67'"),
                contact("Резюме на hr@site.ru", "an e-mail address 'hr@site.ru'"),
                contact("Подробнее: https://example.com/jobs", "a link 'https://example.com/jobs'"),
                contact("Подробнее на www.example.org", "a link 'www.example.org'"),
                contact("Подробнее на site.ru.", "a link 'site.ru'"),
                contact("Заходите на работа.рф", "a link 'работа.рф'"),
                arguments(job("lat", 95.1), "job.lat: 95.1 is outside [-90, 90]"),
                arguments(job("long", -180.5), "job.long: -180.5 is outside [-180, 180]"),
                arguments(job("salary_from", -1), "job.salary_from: -1 is negative"),
                arguments(job("salary_to", 70000.5), "job.salary_to: 70000.5 is not an integer"),
                arguments(job("salary_from", 80000), "job.salary_from: 80000 is greater than job.salary_to: 70000"),
                arguments(job("salary_period", "weekly"),
                        "job.salary_period: 'weekly' is not one of hourly, daily, monthly"),
                arguments(job("contact_phone", "89990001122"),
                        "job.contact_phone: '89990001122' is not in the format 7XXXXXXXXXX"),
                arguments(set("publication_type", "mega"),
                        "publication_type: 'mega' is not one of job_publish, super_job_publish, ultra_job_publish"),
                arguments(set("reason", "fired"),
                        "reason: 'fired' is not one of closed_irrelevant, closed_found, closed_found_other"));
    }

    private static Arguments contact(String description, String found) {
        return arguments(job("description", description), "job.description: contains " + found);
    }

    @ParameterizedTest
    @MethodSource("oneBrokenRule")
    void eachRuleNamesTheFieldAndTheValue(Consumer<ObjectNode> change, String violation) {
        Validation validation = validate(change);

        assertThat(validation.violations()).containsExactly(violation);
        assertThat(validation.detail()).isEqualTo(violation);
        assertThat(validation.professionId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Смена 8 часов, 5/2, с 9 до 18, г.Москва, ул.Ленина, т.д.",
        "Оплата 80000-90000 руб., ИНН 7707083893, 1С.Предприятие",
        "Касса, выкладка товара, 2 года опыта",
        // salary ranges: before, taken for phone numbers (8 or 7, then ten digits)
        "Оклад 80 000 - 100 000 руб. в месяц", "Доход 75 000-120 000 руб.", "от 85 000-100 000",
        "Смены 2/2 с 08:00 до 20:00, 15.01.2027 выход", "Оклад 120 000 - 150 000 руб.", "ГОСТ 12.1.004-91"})
    void ordinaryDescriptionsAreNotMistakenForContacts(String description) {
        assertThat(validate(job("description", description)).violations()).isEmpty();
    }

    @Test
    void allViolationsOfACommandInOneDetail() {
        Validation validation = validate(job("lat", 95).andThen(job("salary_period", "weekly"))
                .andThen(job("title", null)));

        assertThat(validation.detail()).isEqualTo("job.title: missing; job.lat: 95 is outside [-90, 90]; "
                + "job.salary_period: 'weekly' is not one of hourly, daily, monthly");
    }

    @Test
    void anUpsertWithoutJobListsEveryRequiredAttribute() {
        Validation validation = validate(command -> command.remove("job"));

        assertThat(validation.violations()).containsExactly("job.title: missing", "job.description: missing",
                "job.address: missing", "job.lat: missing", "job.long: missing");
    }

    @Test
    void professionTitleResolvesTrimmedAndCaseInsensitive() {
        Validation validation = validate(set("profession_id", null).andThen(set("profession", "  it-СПЕЦИАЛИСТ ")));

        assertThat(validation.violations()).isEmpty();
        assertThat(validation.professionId()).isEqualTo(74);
    }

    @Test
    void unknownProfessionTitleIsRejected() {
        assertThat(validate(set("profession_id", null).andThen(set("profession", "космонавт"))).detail())
                .isEqualTo("profession: 'космонавт' is not in the profession directory");
    }

    @Test
    void professionIdAndTitleMustAgree() {
        assertThat(validate(set("profession", "массовка")).detail())
                .isEqualTo("profession: 'массовка' is profession_id 93, not 85");
    }

    @Test
    void closeAndReviveAreCheckedWithoutAJob() {
        assertThat(validator.validate(new JobCommand("close", "HR-1", null, null, null, null, "closed_found", null))
                .valid()).isTrue();
        assertThat(validator.validate(new JobCommand("revive", "HR-1", null, null, null, "super_job_publish", null,
                null)).valid()).isTrue();
        assertThat(validator.validate(new JobCommand("close", "HR-1", null, null, null, null, "gone", null)).detail())
                .startsWith("reason: 'gone' is not one of");
    }

    @Test
    void aCommandBuiltWithoutCommandIsRejected() {
        assertThat(validator.validate(new JobCommand(null, "HR-1", null, null, null, null, null, null)).detail())
                .isEqualTo("command: missing");
    }

    /** A command built in code, past the parser's bound on digits: its violations still print numbers in short. */
    @Test
    void hugeNumbersAreNamedInShortQuickly() {
        BigDecimal huge = new BigDecimal("1e999999999");
        Job job = new Job("Повар", "Горячий цех", huge, huge.negate(), "Москва", huge, BigDecimal.ONE, null, null,
                null, null, null);

        Validation validation = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> validator.validate(new JobCommand("upsert", "HR-1", null, 85, null, null, null, job)));

        assertThat(validation.violations()).containsExactly(
                "job.lat: 1E+999999999 is outside [-90, 90]", "job.long: -1E+999999999 is outside [-180, 180]",
                "job.salary_from: 1E+999999999 is greater than job.salary_to: 1");
    }

    private Validation validate(Consumer<ObjectNode> change) {
        ObjectNode command = (ObjectNode) BridgeJson.MAPPER.valueToTree(JobCommandParser.parse(VALID, LIMITS));
        change.accept(command);
        return validator.validate(JobCommandParser.parse(command));
    }

    private static Consumer<ObjectNode> set(String field, Object value) {
        return command -> command.set(field, BridgeJson.MAPPER.valueToTree(value));
    }

    private static Consumer<ObjectNode> job(String field, Object value) {
        return command -> ((ObjectNode) command.get("job")).set(field, BridgeJson.MAPPER.valueToTree(value));
    }

    @Test
    void aDirectoryNotLoadedYetFailsTheWorkInsteadOfRejectingTheCommand() {
        Professions notLoaded = new Professions() {
            @Override
            public java.util.OptionalInt idOf(String title) {
                return java.util.OptionalInt.empty();
            }

            @Override
            public boolean exists(int id) {
                return false;
            }

            @Override
            public boolean awaitLoaded(java.time.Duration timeout) {
                return false;
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JobCommandValidator(notLoaded).validate(
                JobCommandParser.parse("{\"command\":\"upsert\",\"external_id\":\"X\",\"profession_id\":3}", LIMITS)))
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining("profession list not loaded yet");
    }
}
