package ru.rabota.bridge.hh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobCommandValidator;
import ru.rabota.bridge.properties.ByteSize;

/**
 * The bundle's own checks of a vacancy before it goes to hh.ru (employer-vacancies-2022.md, publish-vacancy.txt), so
 * that a command hh.ru would refuse costs no call and its {@code rejected} event names every problem, each field with
 * its board: {@code hh.description: 120 characters, hh.ru needs at least 200}, {@code hh.area: missing}.
 */
public final class HhVacancyValidator {

    static final int DESCRIPTION_MIN_LENGTH = 200;
    static final int CODE_MAX_LENGTH = 50;
    /** employer-vacancies-2022.md, vacancy_conditions: name max_length 220. */
    static final int NAME_MAX_LENGTH = 220;
    /**
     * The most characters of a vacancy's body: hh.ru bounds each field (openapi-spec vacancy_conditions: a
     * description of at most 10,000 characters, lists of at most 30 items), so a larger body is none it takes. Its
     * "creating" intent holds it, and must fit one Kafka request: refused for its size, its write failed the poll again
     * and again. A list cell of ids ("A|A|...") grows fivefold into hh.ru's shape.
     */
    static final int BODY_MAX_LENGTH = 256 * 1024;

    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final List<String> REQUIRED_DICTIONARIES = List.of("area", "billing_type", "type");

    private HhVacancyValidator() {
    }

    /**
     * The violations of an upsert's body and of what its mapping reads from the command alone: the salary period,
     * which becomes the salary_range's mode.
     *
     * @param body {@link HhVacancyRequests#body} of the command
     */
    public static List<String> violations(JobCommand command, ObjectNode body) {
        List<String> violations = violations(body);
        String period = JobCommandValidator.salaryPeriod(command.job());
        if (period != null) {
            violations.add(period);
        }
        return violations;
    }

    /** @param body {@link HhVacancyRequests#body} of an upsert */
    public static List<String> violations(ObjectNode body) {
        List<String> violations = new ArrayList<>();
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            violations.add("hh.name: missing (job.title, or name in the hh object)");
        } else if (name.length() > NAME_MAX_LENGTH) {
            violations.add("hh.name: " + name.length() + " characters, hh.ru allows " + NAME_MAX_LENGTH);
        }
        int description = TAGS.matcher(body.path("description").asText("")).replaceAll("").strip().length();
        if (!body.hasNonNull("description")) {
            violations.add("hh.description: missing, hh.ru needs HTML of at least " + DESCRIPTION_MIN_LENGTH
                    + " characters");
        } else if (description < DESCRIPTION_MIN_LENGTH) {
            violations.add("hh.description: " + description + " characters, hh.ru needs at least "
                    + DESCRIPTION_MIN_LENGTH);
        }
        String code = body.path("code").asText("");
        if (code.isBlank()) {
            // only an hh.code override can blank it (a blank external_id is refused before): a lost answer's
            // vacancy is found again by its code
            violations.add(JobCommandValidator.required("hh.code", code));
        } else if (code.length() > CODE_MAX_LENGTH) {
            violations.add("hh.code: external_id has " + code.length() + " characters, hh.ru allows "
                    + CODE_MAX_LENGTH);
        }
        for (String field : REQUIRED_DICTIONARIES) {
            dictionaryEntry(violations, field, body.path(field));
        }
        JsonNode roles = body.path("professional_roles");
        if (!roles.isArray() || roles.isEmpty()) {
            violations.add("hh.professional_roles: missing, the id of one of hh.ru's professional roles");
        } else if (roles.size() > 1) {
            // employer-vacancies-2022.md: "с количеством элементов равным 1 (если передать больше возникнет ошибка
            // is_too_long)"
            violations.add("hh.professional_roles: " + roles.size() + " roles (" + shown(roles) + "), hh.ru takes"
                    + " exactly one");
        } else {
            for (int i = 0; i < roles.size(); i++) {
                dictionaryEntry(violations, "professional_roles[" + i + "]", roles.get(i));
            }
        }
        salary(violations, body.path("salary_range"));
        int length = body.toString().length();
        if (length > BODY_MAX_LENGTH) {
            violations.add("hh: the vacancy has " + ByteSize.format(length) + " characters, more than the "
                    + ByteSize.format(BODY_MAX_LENGTH) + " hh.ru's limits on its fields allow");
        }
        return violations;
    }

    private static void dictionaryEntry(List<String> violations, String field, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            violations.add("hh." + field + ": missing");
        } else if (value.path("id").asText("").isBlank()) {
            violations.add("hh." + field + ": " + shown(value) + " has no id");
        }
    }

    private static void salary(List<String> violations, JsonNode range) {
        if (range.isMissingNode()) {
            return;
        }
        JsonNode from = range.path("from");
        JsonNode to = range.path("to");
        for (JsonNode amount : List.of(from, to)) {
            // a bound may be null (hh.ru: nullable), "from 50,000" or "up to 90,000"
            if (!amount.isMissingNode() && !amount.isNull() && (!amount.isNumber()
                    || amount.decimalValue().signum() < 0 || amount.decimalValue().stripTrailingZeros().scale() > 0)) {
                violations.add("hh.salary_range: " + shown(amount) + " is no whole number of roubles");
                return;
            }
        }
        if (from.isNumber() && to.isNumber() && from.decimalValue().compareTo(to.decimalValue()) > 0) {
            violations.add("hh.salary_range: from " + from.decimalValue() + " is above to " + to.decimalValue());
        }
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
