package ru.rabota.sandbox.vk;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * The resume base: candidate search ({@code page}/{@code per_page}, a location filter required, phones never
 * shown) and {@code /candidates/<id>/phone}, which buys the contact when it was not bought yet.
 */
record CandidatesApi(VkState state, VkJson json, VkSimulatorConfig config) {

    static final Set<String> LICENSE_CATEGORIES = Set.of("A", "A1", "B", "BE", "B1", "C", "CE", "C1", "C1E", "D",
            "DE", "D1", "D1E", "M", "TM", "TB");
    private static final int MAX_PER_PAGE = 50;

    void register(VkRoutes routes) {
        routes.authed("GET", "/candidates", this::search)
                .authed("GET", "/candidates/(\\d{1,18})/phone", this::phone);
    }

    private SimResponse search(SimRequest request, Params params) {
        long page = bounded(params, "page", 1, 1, Long.MAX_VALUE);
        int perPage = (int) bounded(params, "per_page", MAX_PER_PAGE, 1, MAX_PER_PAGE);
        List<VkCandidate> found = state.candidates(filter(params));
        Set<Long> bought = state.boughtContacts();
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        Map<String, ObjectNode> included = new LinkedHashMap<>();
        found.stream().skip((page - 1) * perPage).limit(perPage).forEach(c -> {
            data.add(searchResult(c, bought.contains(c.id())));
            json.includeRelated(included, c);
        });
        ObjectNode document = VkJson.data(data);
        document.putArray("included").addAll(included.values());
        document.putObject("meta").put("total", found.size()).put("total_all_time", found.size());
        return VkJson.ok(document);
    }

    private SimResponse phone(SimRequest request, Params params) {
        long id = Long.parseLong(request.pathGroup(1));
        VkCandidate candidate = state.candidate(id).orElseThrow(() -> VkError.notFound("Кандидат не найден"));
        VkState.Purchase purchase = state.buyContact(id, false)
                .orElseThrow(() -> VkError.unprocessable("Недостаточно средств для покупки контакта"));
        boolean now = !purchase.alreadyBought();
        ObjectNode resource = VkJson.ref(id, "user");
        ObjectNode attributes = resource.putObject("attributes").put("phone", candidate.phone())
                .put("contact_bought", true).put("already_contacted", purchase.alreadyBought());
        attributes.putObject("spent_counts")
                .put("count_for_packets", purchase.payment() == VkState.Payment.LIMIT ? 1 : 0)
                .put("count_for_subscription", 0).put("count_for_company", 0)
                .put("count_for_bonus", purchase.payment() == VkState.Payment.BONUS ? 1 : 0)
                .put("count_for_services", purchase.payment() == VkState.Payment.WALLET ? 1 : 0);
        attributes.put("packet_used", now).put("contact_used", now).putNull("subscription");
        return VkJson.ok(VkJson.data(resource));
    }

    /** All filters of the request, the location one required; 422 for a value out of its documented range. */
    private Predicate<VkCandidate> filter(Params params) {
        List<Predicate<VkCandidate>> filters = new ArrayList<>();
        boolean located = false;
        String address = params.text("address");
        if (address != null && !address.isBlank()) {
            located = true;
            filters.add(c -> nearAddress(c, address.toLowerCase(Locale.ROOT)));
        }
        Long cityId = params.whole("city_id");
        if (cityId != null) {
            located = true;
            filters.add(c -> c.cityId() == cityId);
        }
        String regionId = params.text("region_id");
        if (regionId != null && !regionId.isBlank()) {
            located = true;
            int code = config.referenceData().region(regionId.trim()).map(VkReferenceData.Region::code).orElse(-1);
            filters.add(c -> city(c).map(VkReferenceData.City::regionId).orElse(-2) == code);
        }
        Double lat = number(params, "lat");
        Double lon = number(params, "long");
        Double radius = number(params, "distance_to");
        // the document's variant is lat, long and distance_to together (a radius by default is address's alone)
        if (lat != null && lon != null && radius != null) {
            located = true;
            filters.add(c -> distanceKm(lat, lon, c.lat(), c.lon()) <= radius);
        }
        if (!located) {
            throw VkError.unprocessable("Необходимо указать один из фильтров местоположения: address, city_id,"
                    + " region_id или lat, long и distance_to");
        }
        filters.addAll(attributeFilters(params));
        return filters.stream().reduce(c -> true, Predicate::and);
    }

    private List<Predicate<VkCandidate>> attributeFilters(Params params) {
        List<Predicate<VkCandidate>> filters = new ArrayList<>();
        String keyWords = params.text("key_word");
        if (keyWords != null && !keyWords.isBlank()) {
            List<String> words = Arrays.asList(keyWords.toLowerCase(Locale.ROOT).trim().split("\\s+"));
            filters.add(c -> words.stream().allMatch(searchableText(c)::contains));
        }
        LocalDate today = state.now().atOffset(VkJson.MOSCOW).toLocalDate();
        long ageFrom = bounded(params, "age_from", 14, 14, 99);
        long ageTo = bounded(params, "age_to", 99, 14, 99);
        if (params.text("age_from") != null || params.text("age_to") != null) {
            filters.add(c -> c.birthday() != null
                    && Period.between(c.birthday(), today).getYears() >= ageFrom
                    && Period.between(c.birthday(), today).getYears() <= ageTo);
        }
        if (flag(params, "medical_record")) {
            filters.add(c -> Boolean.TRUE.equals(c.medicalRecord()));
        }
        if (flag(params, "has_avatar")) {
            filters.add(VkCandidate::hasAvatar);
        }
        if (flag(params, "show_bought")) {
            Set<Long> bought = state.boughtContacts();
            filters.add(c -> bought.contains(c.id()));
        }
        flag(params, "has_comment"); // accepted; the simulator keeps no comments, so it filters nothing
        List<String> licenses = params.texts("driving_license_categories").stream()
                .flatMap(t -> Arrays.stream(t.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (!LICENSE_CATEGORIES.containsAll(licenses)) {
            throw VkError.unprocessable("Неизвестная категория водительских прав");
        }
        filters.add(c -> c.drivingLicenseCategories().containsAll(licenses));
        String sex = params.text("sex");
        if (sex != null && !List.of("Male", "Female").contains(sex)) {
            throw VkError.unprocessable("Некорректное значение параметра sex");
        }
        filters.add(c -> sex == null || sex.equals(c.sex()));
        Long nationality = params.whole("nationality_id");
        filters.add(c -> nationality == null || nationality.equals(c.nationalityId() == null ? null
                : c.nationalityId().longValue()));
        Long months = params.whole("month_of_experience");
        filters.add(c -> months == null || c.monthsOfExperience() >= months);
        return filters;
    }

    private ObjectNode searchResult(VkCandidate c, boolean bought) {
        ObjectNode resource = VkJson.ref(c.id(), "candidate_search");
        ObjectNode a = resource.putObject("attributes").put("id", c.id()).put("first_name", c.firstName())
                .put("last_name", c.lastName()).put("description", c.description()).put("lat", c.lat())
                .put("long", c.lon()).put("education", c.education()).put("languages", c.languages())
                .put("online", false).put("last_online_at", VkJson.time(c.lastOnlineAt()))
                .put("created_at", VkJson.time(c.createdAt())).put("updated_at", VkJson.time(c.updatedAt()))
                .put("views_count", 0);
        c.drivingLicenseCategories().forEach(a.putArray("driving_license_categories")::add);
        a.put("medical_record", c.medicalRecord()).put("candidate_status", "candidate_active")
                .put("active_candidate", c.activeCandidate());
        a.putObject("comment").putNull("data");
        a.put("comment_count", 0).put("has_vk_client", false).put("already_contacted", bought)
                .putNull("highlighted_till");
        if (c.hasAvatar()) {
            a.putObject("avatar").set("data", VkJson.avatar(c));
        } else {
            a.putNull("avatar");
        }
        a.putNull("background").put("email_sendable?", false).put("banned", false).put("deleted?", false)
                .put("disability_group", 0).put("vaccinated", false)
                .put("city_name", city(c).map(VkReferenceData.City::name).orElse(null));
        a.putObject("certificates");
        a.put("age", c.birthday() == null ? null
                : Period.between(c.birthday(), state.now().atOffset(VkJson.MOSCOW).toLocalDate()).getYears());
        a.put("viewing_contacted_recruiter", bought).put("view_by_himself", false);
        ObjectNode relationships = resource.putObject("relationships");
        ArrayNode professions = relationships.putObject("professions").putArray("data");
        VkJson.professionIds(c).forEach(id -> professions.add(VkJson.ref(id, "profession")));
        relationships.putObject("preferred_professions").putArray("data");
        relationships.putObject("nationality").set("data", c.nationalityId() == null ? NullNode.instance
                : VkJson.ref(c.nationalityId(), "nationality"));
        VkJson.experienceRefs(c, relationships);
        return resource;
    }

    /** No geocoding here: an address matches candidates of the city it names, or whose address contains it. */
    private boolean nearAddress(VkCandidate c, String address) {
        String city = city(c).map(VkReferenceData.City::name).orElse("").toLowerCase(Locale.ROOT);
        return (!city.isEmpty() && address.contains(city))
                || String.valueOf(c.address()).toLowerCase(Locale.ROOT).contains(address);
    }

    private Optional<VkReferenceData.City> city(VkCandidate c) {
        return config.referenceData().city(c.cityId());
    }

    private static String searchableText(VkCandidate c) {
        StringBuilder text = new StringBuilder(String.valueOf(c.description()));
        c.experiences().forEach(e -> text.append(' ').append(e.title()).append(' ').append(e.description()));
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static long bounded(Params params, String name, long absent, long min, long max) {
        Long value = params.whole(name);
        if (value != null && (value < min || value > max)) {
            throw VkError.unprocessable("Параметр " + name + (max == Long.MAX_VALUE ? " должен быть не меньше " + min
                    : " должен быть в диапазоне от " + min + " до " + max));
        }
        return value == null ? absent : value;
    }

    private static boolean flag(Params params, String name) {
        String value = params.text(name);
        if (value != null && !List.of("0", "1").contains(value)) {
            throw VkError.unprocessable("Параметр " + name + " должен быть 0 или 1");
        }
        return "1".equals(value);
    }

    private static Double number(Params params, String name) {
        String value = params.text(name);
        try {
            return value == null || value.isBlank() ? null : Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw VkError.unprocessable("Некорректное значение параметра " + name);
        }
    }

    private static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371 * Math.asin(Math.sqrt(h));
    }
}
