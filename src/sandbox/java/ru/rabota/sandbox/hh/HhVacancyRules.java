package ru.rabota.sandbox.hh;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body rules of {@code POST /vacancies} and {@code PUT /vacancies/<id>}: the specification's schema (types,
 * required fields, {@code GET /vacancy_conditions} lengths and counts), the dictionaries of {@link HhDictionary}
 * and the business rules errors.md names. Every problem is reported, each with its JSON pointer and hh.ru's reason.
 */
final class HhVacancyRules {

    /** Checks one value found at a pointer, adding what is wrong with it. */
    @FunctionalInterface
    private interface Check {
        void check(JsonNode value, String at, List<HhJson.BadJson> problems);

        /** This check, then {@code next} on a value this one found nothing wrong with. */
        default Check and(Check next) {
            return (value, at, problems) -> {
                int before = problems.size();
                check(value, at, problems);
                if (problems.size() == before) {
                    next.check(value, at, problems);
                }
            };
        }
    }

    /** Fields a vacancy cannot go without: absent or null, they are {@code required}. */
    private static final Set<String> ESSENTIAL = Set.of("name", "description", "area", "type", "billing_type",
            "professional_roles");

    /** Fields that only a publication sets; an edit sending them is {@code unexpected}. */
    private static final Set<String> CREATE_ONLY = Set.of("area", "type", "previous_id");

    /** Fields an edit must send alone: a billing-type upgrade or a new manager. */
    static final Set<String> ALONE = Set.of("billing_type", "manager");

    /** The HTML description: at least 200 characters of text, at most 10,000 as sent (vacancy_conditions). */
    static final int MIN_DESCRIPTION = 200;
    static final int MAX_DESCRIPTION = 10_000;

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");
    private static final Map<String, String> ENTITIES = Map.of("&nbsp;", " ", "&amp;", "&", "&lt;", "<",
            "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&laquo;", "«", "&raquo;", "»", "&mdash;", "—");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);");

    private final Map<String, Check> fields = new LinkedHashMap<>();

    /** @param managerId the only manager of the simulated employer a vacancy may name */
    HhVacancyRules(String managerId) {
        fields.put("name", text(220, true));
        fields.put("description", HhVacancyRules::description);
        fields.put("area", id(HhDictionary.AREAS::containsKey, "chosen_area_is_not_a_leaf_or_not_exist"));
        fields.put("type", id(HhDictionary.VACANCY_TYPES::containsKey, "invalid"));
        fields.put("billing_type", id(HhDictionary.BILLING_TYPES::contains, "invalid"));
        fields.put("professional_roles", list(id(HhDictionary.PROFESSIONAL_ROLES::containsKey, "invalid"), 1, 1));
        fields.put("manager", id(managerId::equals, "invalid"));
        fields.put("previous_id", text(Integer.MAX_VALUE, false));
        fields.put("code", text(50, false));
        fields.put("key_skills", list(object(Map.of("name", text(100, true)), Set.of("name")), 0, 30));
        fields.put("salary", object(Map.of("from", HhVacancyRules::amount, "to", HhVacancyRules::amount,
                "currency", HhVacancyRules::currency, "gross", HhVacancyRules::bool), Set.of())
                .and(HhVacancyRules::bounds));
        fields.put("salary_range", object(Map.of("from", HhVacancyRules::amount, "to", HhVacancyRules::amount,
                "currency", HhVacancyRules::currency, "gross", HhVacancyRules::bool,
                "mode", id(HhDictionary.SALARY_MODES::containsKey, "invalid"),
                "frequency", id(HhDictionary.SALARY_FREQUENCIES::containsKey, "invalid")),
                Set.of("currency", "mode", "gross")).and(HhVacancyRules::bounds));
        fields.put("address", object(Map.of("id", text(Integer.MAX_VALUE, false),
                "show_metro_only", HhVacancyRules::bool), Set.of()).and(HhVacancyRules::metroNeedsAddress));
        fields.put("contacts", object(Map.of("name", text(255, true),
                "email", text(255, false).and(matching(EMAIL)),
                "phones", list(object(Map.of(
                        "country", text(6, true).and(matching(Pattern.compile("\\+?\\d{0,5}"))),
                        "city", text(6, true).and(matching(Pattern.compile("\\d{0,6}"))),
                        "number", text(32, true).and(matching(Pattern.compile("[\\d -]{4,32}"))),
                        "comment", text(255, false),
                        "formatted", text(43, false).and(matching(Pattern.compile("\\d{6,43}")))),
                        Set.of("country", "city", "number")), 0, 2)),
                Set.of("name")).and(HhVacancyRules::phoneOrEmail));
        fields.put("test", object(Map.of("id", text(Integer.MAX_VALUE, false).and(matching(NUMERIC)),
                "required", HhVacancyRules::bool), Set.of()));
        fields.put("branded_template", object(Map.of("id", text(Integer.MAX_VALUE, true),
                "name", text(Integer.MAX_VALUE, false)), Set.of()));
        fields.put("department", id(id -> true, "invalid"));
        fields.put("custom_employer_name", text(150, false));
        fields.put("response_url", text(511, false).and(matching(Pattern.compile("(http|https)://.+"))));
        fields.put("languages", list(object(Map.of("id", text(Integer.MAX_VALUE, true),
                "level", id(id -> true, "invalid")), Set.of("id", "level")), 0, Integer.MAX_VALUE));
        List.of("employment", "employment_form", "experience", "schedule")
                .forEach(name -> fields.put(name, id(id -> true, "invalid")));
        List.of("driver_license_types", "fly_in_fly_out_duration", "work_format", "work_schedule_by_days",
                "working_days", "working_hours", "working_time_intervals", "working_time_modes")
                .forEach(name -> fields.put(name, list(id(id -> true, "invalid"), 0, Integer.MAX_VALUE)));
        List.of("accept_handicapped", "accept_incomplete_resumes", "accept_kids", "accept_temporary",
                "allow_messages", "internship", "night_shifts", "response_letter_required",
                "response_notifications", "show_contacts")
                .forEach(name -> fields.put(name, HhVacancyRules::bool));
    }

    /** What is wrong with a publication's body, in the order of its fields, the missing essential ones first. */
    List<HhJson.BadJson> publication(JsonNode body) {
        List<HhJson.BadJson> problems = new ArrayList<>();
        if (!body.isObject()) {
            problems.add(new HhJson.BadJson("", "invalid"));
            return problems;
        }
        ESSENTIAL.stream().filter(name -> body.path(name).isMissingNode()).sorted()
                .forEach(name -> problems.add(new HhJson.BadJson("/" + name, "required")));
        fields(body, name -> true, problems);
        if (problems.isEmpty()) {
            typeRules((ObjectNode) body, problems);
        }
        return problems;
    }

    /**
     * What is wrong with an edit of {@code current}: fields only a publication sets are {@code unexpected}, and the
     * rules binding fields together apply to the vacancy as it would become.
     */
    List<HhJson.BadJson> edit(JsonNode body, HhPublishedVacancy current) {
        List<HhJson.BadJson> problems = new ArrayList<>();
        if (!body.isObject()) {
            problems.add(new HhJson.BadJson("", "invalid"));
            return problems;
        }
        fields(body, name -> !CREATE_ONLY.contains(name) && !ALONE.contains(name), problems);
        if (problems.isEmpty()) {
            typeRules(current.edited((ObjectNode) body).body(), problems);
        }
        return problems;
    }

    /** The fields of a billing-type or manager change, which hh.ru takes only alone. */
    List<HhJson.BadJson> change(JsonNode body) {
        List<HhJson.BadJson> problems = new ArrayList<>();
        fields(body, ALONE::contains, problems);
        return problems;
    }

    private void fields(JsonNode body, Predicate<String> allowed, List<HhJson.BadJson> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = "/" + escape(field.getKey());
            Check check = fields.get(field.getKey());
            if (check == null || !allowed.test(field.getKey())) {
                problems.add(new HhJson.BadJson(at, "unexpected"));
            } else if (field.getValue().isNull()) {
                if (ESSENTIAL.contains(field.getKey())) {
                    problems.add(new HhJson.BadJson(at, "required"));
                }
            } else {
                check.check(field.getValue(), at, problems);
            }
        }
    }

    /** The vacancy type's rules: what anonymous and direct vacancies need, and what only they may have. */
    private static void typeRules(ObjectNode vacancy, List<HhJson.BadJson> problems) {
        String type = vacancy.path("type").path("id").asText();
        boolean anonymous = type.equals("anonymous");
        boolean direct = type.equals("direct");
        if (anonymous != present(vacancy, "custom_employer_name")) {
            problems.add(new HhJson.BadJson("/custom_employer_name",
                    anonymous ? "required" : "only_for_anonymous_type"));
        }
        if (direct != present(vacancy, "response_url")) {
            problems.add(new HhJson.BadJson("/response_url", direct ? "required" : "only_for_direct_type"));
        }
        if (anonymous && present(vacancy, "address")) {
            problems.add(new HhJson.BadJson("/address", "anonymous_vacancy_contains_address"));
        }
        if (anonymous && present(vacancy, "department")) {
            problems.add(new HhJson.BadJson("/department", "department_code_prohibited_in_anonymous_vacancy"));
        }
        if (anonymous && present(vacancy, "branded_template")) {
            problems.add(new HhJson.BadJson("/branded_template", "branded_template_prohibited_in_anonymous_vacancy"));
        }
    }

    private static boolean present(ObjectNode vacancy, String field) {
        return vacancy.hasNonNull(field);
    }

    /** The description's text: tags dropped, entities read as the one character they stand for, spaces collapsed. */
    static String visibleText(String html) {
        String text = TAG.matcher(html).replaceAll(" ");
        text = ENTITY.matcher(text).replaceAll(entity -> {
            String known = ENTITIES.get(entity.group());
            return known != null ? known : "_";
        });
        return text.replaceAll("\\s+", " ").trim();
    }

    private static void description(JsonNode value, String at, List<HhJson.BadJson> problems) {
        if (!value.isTextual()) {
            problems.add(new HhJson.BadJson(at, "invalid"));
            return;
        }
        String text = visibleText(value.asText());
        if (text.isEmpty()) {
            problems.add(new HhJson.BadJson(at, "is_empty"));
        } else if (text.codePointCount(0, text.length()) < MIN_DESCRIPTION) {
            problems.add(new HhJson.BadJson(at, "is_too_short"));
        } else if (value.asText().length() > MAX_DESCRIPTION) {
            problems.add(new HhJson.BadJson(at, "is_too_long"));
        } else if (EMAIL.matcher(text).find()) {
            problems.add(new HhJson.BadJson(at, "email_in_description"));
        }
    }

    /** A string of at most {@code max} characters; a {@code mandatory} one may not be blank. */
    private static Check text(int max, boolean mandatory) {
        return (value, at, problems) -> {
            if (!value.isTextual()) {
                problems.add(new HhJson.BadJson(at, "invalid"));
            } else if (mandatory && value.asText().isBlank()) {
                problems.add(new HhJson.BadJson(at, "is_empty"));
            } else if (value.asText().codePointCount(0, value.asText().length()) > max) {
                problems.add(new HhJson.BadJson(at, "is_too_long"));
            }
        };
    }

    private static Check matching(Pattern pattern) {
        return (value, at, problems) -> {
            if (value.isTextual() && !pattern.matcher(value.asText()).matches()) {
                problems.add(new HhJson.BadJson(at, "invalid"));
            }
        };
    }

    /** A dictionary element, {@code {"id": "..."}}; an id the dictionary lacks gets {@code reason}. */
    private static Check id(Predicate<String> known, String reason) {
        Check id = (value, at, problems) -> {
            if (!value.isTextual()) {
                problems.add(new HhJson.BadJson(at, "invalid"));
            } else if (!known.test(value.asText())) {
                problems.add(new HhJson.BadJson(at, reason));
            }
        };
        return object(Map.of("id", id), Set.of("id"));
    }

    /** An object of these fields only; {@code required} ones may be neither absent nor null, others may be null. */
    private static Check object(Map<String, Check> members, Set<String> required) {
        return (value, at, problems) -> {
            if (!value.isObject()) {
                problems.add(new HhJson.BadJson(at, "invalid"));
                return;
            }
            required.stream().filter(name -> !value.hasNonNull(name)).sorted()
                    .forEach(name -> problems.add(new HhJson.BadJson(at + "/" + name, "required")));
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                Check check = members.get(member.getKey());
                if (check == null) {
                    problems.add(new HhJson.BadJson(at + "/" + escape(member.getKey()), "unexpected"));
                } else if (!member.getValue().isNull()) {
                    check.check(member.getValue(), at + "/" + member.getKey(), problems);
                }
            }
        };
    }

    /** An array of {@code min} to {@code max} items: too few is {@code size_less_than_min}, too many is_too_long. */
    private static Check list(Check item, int min, int max) {
        return (value, at, problems) -> {
            if (!value.isArray()) {
                problems.add(new HhJson.BadJson(at, "invalid"));
            } else if (value.size() < min) {
                problems.add(new HhJson.BadJson(at, "size_less_than_min"));
            } else if (value.size() > max) {
                problems.add(new HhJson.BadJson(at, "is_too_long"));
            } else {
                for (int i = 0; i < value.size(); i++) {
                    item.check(value.get(i), at + "/" + i, problems);
                }
            }
        };
    }

    private static void bool(JsonNode value, String at, List<HhJson.BadJson> problems) {
        if (!value.isBoolean()) {
            problems.add(new HhJson.BadJson(at, "invalid"));
        }
    }

    /** A salary bound: a whole non-negative number (the schema's integer; a string or 100.5 is invalid). */
    private static void amount(JsonNode value, String at, List<HhJson.BadJson> problems) {
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            problems.add(new HhJson.BadJson(at, "invalid"));
        }
    }

    private static void currency(JsonNode value, String at, List<HhJson.BadJson> problems) {
        if (!value.isTextual() || !HhDictionary.CURRENCIES.contains(value.asText())) {
            problems.add(new HhJson.BadJson(at, "currency_code_is_invalid"));
        }
    }

    /** A salary names at least one bound, and "from" is not above "to". */
    private static void bounds(JsonNode salary, String at, List<HhJson.BadJson> problems) {
        // the members' own checks passed: each bound is absent, null or a whole number
        JsonNode from = salary.path("from");
        JsonNode to = salary.path("to");
        if (!from.isIntegralNumber() && !to.isIntegralNumber()) {
            problems.add(new HhJson.BadJson(at + "/from", "required"));
        } else if (from.isIntegralNumber() && to.isIntegralNumber() && from.asLong() > to.asLong()) {
            problems.add(new HhJson.BadJson(at + "/from", "greater_than_max"));
        }
    }

    private static void metroNeedsAddress(JsonNode address, String at, List<HhJson.BadJson> problems) {
        if (address.path("show_metro_only").asBoolean(false) && !address.hasNonNull("id")) {
            problems.add(new HhJson.BadJson(at, "address_is_empty_with_checked_show_metro_flag"));
        }
    }

    /** The schema: contacts in use need phones or an e-mail. */
    private static void phoneOrEmail(JsonNode contacts, String at, List<HhJson.BadJson> problems) {
        boolean phones = contacts.path("phones").isArray() && !contacts.path("phones").isEmpty();
        if (!phones && !contacts.hasNonNull("email")) {
            problems.add(new HhJson.BadJson(at + "/phones", "required"));
        }
    }

    /** RFC 6901: "~" and "/" in a member name are escaped in a pointer. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
