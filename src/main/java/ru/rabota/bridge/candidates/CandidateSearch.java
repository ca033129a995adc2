package ru.rabota.bridge.candidates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import ru.rabota.bridge.command.CommandJson;

/**
 * The filters of a candidate search ({@code GET /candidates}) as a command gives them under {@code filters}, with the
 * API's own names, checked against the document before anything is sent: one location filter is required
 * ({@code address}, {@code city_id}, {@code region_id}, or {@code lat} with {@code long}); {@code per_page} is 1 to
 * 50; ages are 14 to 99; {@code sex} is Male or Female; licence categories are the document's. Flags may be
 * true/false or 1/0 and are sent as 1 when set (0 means "not filtered" to the API, so false is left out).
 */
public final class CandidateSearch {

    static final Set<String> LICENSE_CATEGORIES = Set.of("A", "A1", "B", "BE", "B1", "C", "CE", "C1", "C1E", "D",
            "DE", "D1", "D1E", "M", "TM", "TB");
    static final int MAX_PER_PAGE = 50;
    private static final int MIN_AGE = 14;
    private static final int MAX_AGE = 99;
    private static final List<String> SEXES = List.of("Male", "Female");
    private static final List<String> FLAGS = List.of("has_avatar", "medical_record", "has_comment", "show_bought");
    /**
     * Sent as {@code driving_license_categories=B&driving_license_categories=C}: the document names the filter so,
     * unlike {@code status[]} of the applications, which it writes with brackets; {@code driving_license_categories[]}
     * is a parameter it does not have.
     */
    private static final String LICENSES_PARAMETER = "driving_license_categories";

    private final Map<String, Object> query = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();

    private CandidateSearch() {
    }

    /**
     * Reads the filters.
     *
     * @throws ru.rabota.bridge.command.MalformedCommandException when a filter has the wrong type
     */
    public static CandidateSearch of(CommandJson filters) {
        CandidateSearch search = new CandidateSearch();
        search.read(filters);
        return search;
    }

    /** The query parameters, in a stable order; valid only without {@link #violations()}. */
    public Map<String, Object> query() {
        return query;
    }

    public List<String> violations() {
        return violations;
    }

    private void read(CommandJson filters) {
        Set<String> known = Set.of("address", "city_id", "region_id", "lat", "long", "distance_to", "page",
                "per_page", "month_of_experience", "key_word", "nationality_id", "has_avatar", "medical_record",
                "sex", "has_comment", "show_bought", "driving_license_categories", "age_from", "age_to");
        filters.fields().stream().filter(name -> !known.contains(name))
                .forEach(name -> violations.add("filters." + name + ": no such filter"));
        put("address", blankless(filters.text("address")));
        put("city_id", filters.whole("city_id"));
        put("region_id", blankless(filters.text("region_id")));
        put("lat", filters.number("lat"));
        put("long", filters.number("long"));
        put("distance_to", positive("distance_to", filters.number("distance_to")));
        location();
        put("page", range("page", filters.whole("page"), 1, Long.MAX_VALUE));
        put("per_page", range("per_page", filters.whole("per_page"), 1, MAX_PER_PAGE));
        put("month_of_experience", range("month_of_experience", filters.whole("month_of_experience"), 0,
                Long.MAX_VALUE));
        put("key_word", blankless(filters.text("key_word")));
        put("nationality_id", filters.whole("nationality_id"));
        FLAGS.forEach(flag -> put(flag, Boolean.TRUE.equals(filters.flag(flag)) ? 1 : null));
        String sex = filters.text("sex");
        check(sex == null || SEXES.contains(sex), () -> "filters.sex: \"" + sex + "\" is not one of " + SEXES);
        put("sex", sex);
        licenses(filters.texts("driving_license_categories"));
        ages(range("age_from", filters.whole("age_from"), MIN_AGE, MAX_AGE),
                range("age_to", filters.whole("age_to"), MIN_AGE, MAX_AGE));
    }

    /** One of the document's locations: address, city_id, region_id, or lat, long and distance_to together. */
    private void location() {
        boolean point = query.containsKey("lat") || query.containsKey("long");
        boolean fullPoint = query.containsKey("lat") && query.containsKey("long") && query.containsKey("distance_to");
        check(!point || fullPoint, () -> "filters: lat, long and distance_to go together");
        check(!query.containsKey("lat") || Math.abs(((Number) query.get("lat")).doubleValue()) <= 90,
                () -> "filters.lat: " + query.get("lat") + " is outside [-90, 90]");
        check(!query.containsKey("long") || Math.abs(((Number) query.get("long")).doubleValue()) <= 180,
                () -> "filters.long: " + query.get("long") + " is outside [-180, 180]");
        check(query.containsKey("address") || query.containsKey("city_id") || query.containsKey("region_id")
                        || fullPoint, () -> "filters: a location is required (address, city_id, region_id, or lat,"
                        + " long and distance_to)");
    }

    private void licenses(List<String> categories) {
        categories.stream().filter(category -> !LICENSE_CATEGORIES.contains(category))
                .forEach(category -> violations.add("filters.driving_license_categories: \"" + category
                        + "\" is no licence category"));
        if (!categories.isEmpty()) {
            query.put(LICENSES_PARAMETER, categories);
        }
    }

    private void ages(Long from, Long to) {
        check(from == null || to == null || from <= to, () -> "filters: age_from " + from + " is above age_to " + to);
        put("age_from", from);
        put("age_to", to);
    }

    private Long range(String name, Long value, long min, long max) {
        check(value == null || value >= min && value <= max, () -> "filters." + name + ": " + value + " is outside ["
                + min + ", " + (max == Long.MAX_VALUE ? "..." : String.valueOf(max)) + "]");
        return value;
    }

    private Number positive(String name, Number value) {
        check(value == null || value.doubleValue() > 0, () -> "filters." + name + ": " + value + " is not above 0");
        return value;
    }

    private void check(boolean valid, Supplier<String> violation) {
        if (!valid) {
            violations.add(violation.get());
        }
    }

    private void put(String name, Object value) {
        if (value != null) {
            query.put(name, value);
        }
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
