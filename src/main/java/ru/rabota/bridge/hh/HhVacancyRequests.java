package ru.rabota.bridge.hh;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.jobs.Job;
import ru.rabota.bridge.jobs.JobCommand;

/**
 * The body of hh.ru's {@code POST /vacancies} and {@code PUT /vacancies/{id}} for a job command (CONTRACT.md section
 * 6): {@code job.title} is {@code name}, {@code external_id} is {@code code}, {@code job.description} is
 * {@code description}, {@code salary_from}/{@code salary_to} is {@code salary_range} in roubles, net
 * ({@code gross: false}), by the month (an hourly one by the hour, a daily one by the shift). The command's {@code hh} object passes through and overrides the
 * mapped fields; a dictionary field given as a bare id ({@code "area": "1"}, {@code "professional_roles": ["96"]}) is
 * sent in hh.ru's shape ({@code {"id": "1"}}, {@code [{"id": "96"}]}), one already in that shape unchanged. The body
 * is always whole: hh.ru wants composite fields whole in an edit too.
 */
public final class HhVacancyRequests {

    /** Fields of {@code POST /vacancies} that are dictionary entries: an object, or an array of them, with an id. */
    static final Set<String> DICTIONARY_FIELDS = Set.of("area", "billing_type", "type", "employment", "schedule",
            "experience", "professional_roles", "employment_form", "work_format", "working_hours",
            "work_schedule_by_days", "driver_license_types", "working_days", "working_time_intervals",
            "working_time_modes", "department", "manager", "address", "education_level", "vacancy_properties",
            "fly_in_fly_out_duration", "branded_template");

    /** Of those, the fields that hold a list: a single id (one feed cell) is a list of one. */
    static final Set<String> LIST_FIELDS = Set.of("professional_roles", "work_format", "working_hours",
            "work_schedule_by_days", "driver_license_types", "working_days", "working_time_intervals",
            "working_time_modes", "fly_in_fly_out_duration");

    /**
     * Set at publication only (employer-vacancies-2022.md, "Поля доступные для редактирования"; the specification's
     * VacancyEdit has none of them: vacancy_properties is the publication with properties' stand-in for type and
     * billing_type).
     */
    static final List<String> CREATE_ONLY = List.of("area", "type", "previous_id", "vacancy_properties");

    /**
     * Changed after publication only each in a {@code PUT} of its own (employer-vacancies-2022.md, "Смена
     * биллинг-типа, менеджера вакансии": 403 when sent with other fields); the manager last, since after it the
     * vacancy may no longer be the token's user's to edit.
     */
    static final List<String> ALONE = List.of("billing_type", "manager");

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /**
     * Nodes equal as JSON values: numbers by value. A request's salary is a big-integer node and the one read back
     * from the state an int node, which Jackson's own equality tells apart (an edit sent for nothing).
     */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    private HhVacancyRequests() {
    }

    public static ObjectNode body(JobCommand command) {
        ObjectNode body = NODES.objectNode();
        Job job = command.job();
        if (job != null) {
            putText(body, "name", job.title());
            putText(body, "description", job.description());
            if (job.salaryFrom() != null || job.salaryTo() != null) {
                body.set("salary_range", salaryRange(job.salaryFrom(), job.salaryTo(), job.salaryPeriod()));
            }
        }
        body.put("code", command.externalId());
        if (command.hh() != null) {
            command.hh().properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (LIST_FIELDS.contains(field.getKey()) && (value.isTextual() || value.isNumber())) {
                    // one id, or several as a feed cell writes them: 96|97
                    ArrayNode list = NODES.arrayNode();
                    Arrays.stream(value.asText().split("\\|")).map(String::strip).filter(id -> !id.isEmpty())
                            .forEach(list::add);
                    value = list;
                }
                body.set(field.getKey(), DICTIONARY_FIELDS.contains(field.getKey()) ? dictionary(value) : value);
            });
        }
        return body;
    }

    /**
     * The body of {@code PUT /vacancies/{id}}: the publication's body without the fields set at publication only and
     * those changed alone.
     */
    public static ObjectNode edit(JsonNode body) {
        ObjectNode edit = body.deepCopy();
        edit.remove(CREATE_ONLY);
        edit.remove(ALONE);
        return edit;
    }

    /**
     * The {@code PUT /vacancies/{id}} bodies that bring the vacancy published with {@code published} to {@code body},
     * in order: the editable fields when they changed (or when nothing else did; those the body no longer has as
     * null), then each {@link #ALONE} field that changed, alone.
     */
    public static List<ObjectNode> edits(JsonNode published, ObjectNode body) {
        List<ObjectNode> edits = new ArrayList<>();
        for (String field : ALONE) {
            if (published != null && body.has(field) && !body.get(field).equals(BY_VALUE, published.path(field))) {
                edits.add(NODES.objectNode().set(field, body.get(field)));
            }
        }
        ObjectNode edit = edit(body);
        if (edits.isEmpty() || !edit.equals(BY_VALUE, edit(published))) {
            edits.add(0, cleared(published, edit));
        }
        return edits;
    }

    /**
     * The edit with null for each editable field the vacancy has and the new body no longer does (a salary, an
     * address taken away): hh.ru edits only the fields sent, and would keep the old value.
     */
    private static ObjectNode cleared(JsonNode published, ObjectNode edit) {
        if (published != null) {
            edit(published).fieldNames().forEachRemaining(field -> {
                if (!edit.has(field)) {
                    edit.putNull(field);
                }
            });
        }
        return edit;
    }

    /** What hh.ru holds after an edit of {@link #edits} was made to the vacancy as it was. */
    public static ObjectNode edited(JsonNode before, ObjectNode body, ObjectNode edit) {
        if (before == null) {
            return body.deepCopy();
        }
        if (ALONE.stream().anyMatch(edit::has)) {
            ObjectNode after = before.deepCopy();
            after.setAll(edit);
            return after;
        }
        ObjectNode after = body.deepCopy();
        ALONE.forEach(field -> {
            if (before.has(field)) {
                after.set(field, before.get(field));
            } else {
                after.remove(field);
            }
        });
        return after;
    }

    /** The fields set at publication only whose value the new body changes, as {@code hh.area}, ... */
    public static List<String> createOnlyChanges(JsonNode published, ObjectNode body) {
        return CREATE_ONLY.stream().filter(field -> !body.path(field).equals(BY_VALUE, published.path(field)))
                .map(field -> "hh." + field).toList();
    }

    /**
     * VK Работа's salary_period as hh.ru's salary_range mode (its dictionary salary_range_mode): by the month (with
     * the monthly frequency), {@code hourly} by the hour, {@code daily} by the shift.
     */
    private static ObjectNode salaryRange(BigDecimal from, BigDecimal to, String period) {
        ObjectNode range = NODES.objectNode();
        if (from != null) {
            range.set("from", amount(from));
        }
        if (to != null) {
            range.set("to", amount(to));
        }
        range.put("currency", "RUR").put("gross", false);
        if ("hourly".equals(period)) {
            range.putObject("mode").put("id", "HOUR");
        } else if ("daily".equals(period)) {
            range.putObject("mode").put("id", "SHIFT");
        } else {
            range.putObject("mode").put("id", "MONTH");
            range.putObject("frequency").put("id", "MONTHLY");
        }
        return range;
    }

    /** 50000.0 from a spreadsheet goes out as 50000; a fraction stays for the validator to refuse. */
    private static JsonNode amount(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= 0 ? NODES.numberNode(value.toBigInteger()) : NODES.numberNode(value);
    }

    /** A bare id as {@code {"id": ...}}, an array's bare ids likewise; anything else as it is. */
    private static JsonNode dictionary(JsonNode value) {
        if (value.isTextual() || value.isNumber()) {
            return NODES.objectNode().put("id", value.asText());
        }
        if (value.isArray()) {
            ArrayNode items = NODES.arrayNode();
            value.forEach(item -> items.add(dictionary(item)));
            return items;
        }
        return value;
    }

    private static void putText(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
