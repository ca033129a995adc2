package ru.rabota.sandbox.vk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimResponse;

/**
 * The JSON:API documents shared by several endpoints: jobs, the company, candidates with their experiences,
 * nationality and avatar, applications. Shapes and attribute names follow the document's examples; times are
 * printed at Moscow's +03:00 with milliseconds.
 */
final class VkJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ZoneOffset MOSCOW = ZoneOffset.ofHours(3);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    /** The older format of the candidate's last_online_time in applications ("2017-06-28 11:17:13 +0300"). */
    private static final DateTimeFormatter ONLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");
    /** A job can be refreshed again this long after its last refresh (the document's 11-11 → 11-16). */
    private static final Duration REFRESH_PAUSE = Duration.ofDays(5);

    private final VkReferenceData reference;
    private final Clock clock;
    private final boolean videoResume;

    VkJson(VkSimulatorConfig config) {
        this.reference = config.referenceData();
        this.clock = config.clock();
        this.videoResume = config.videoResumeRelationship();
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant.atOffset(MOSCOW));
    }

    static SimResponse ok(JsonNode document) {
        return SimResponse.json(200, write(document));
    }

    static SimResponse error(int status, String detail) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putArray("errors").addObject().put("detail", detail);
        return SimResponse.json(status, write(body));
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }

    /** {@code {"id": "<id>", "type": "<type>"}}: a JSON:API resource identifier, also the start of a resource. */
    static ObjectNode ref(Object id, String type) {
        return MAPPER.createObjectNode().put("id", String.valueOf(id)).put("type", type);
    }

    static ObjectNode data(JsonNode data) {
        ObjectNode document = MAPPER.createObjectNode();
        document.set("data", data);
        return document;
    }

    ObjectNode job(VkJob job) {
        Instant now = clock.instant();
        String status = job.status(now);
        ObjectNode fields = job.storedFields();
        ObjectNode resource = ref(job.id(), "job");
        ObjectNode a = resource.putObject("attributes");
        copy(fields, a, "title", "description");
        a.put("status", status);
        copy(fields, a, "lat", "long", "address", "salary_from", "salary_to", "salary_period");
        a.put("expires_at", time(job.expiresAt()));
        copy(fields, a, "remote", "auto_renew", "contact_phone", "call_only", "has_autoreply", "autoreply_text");
        a.put("current_publication_type", "active".equals(status) ? job.publicationType() : "not_published");
        copy(fields, a, "external_id");
        Instant refreshableAt = job.refreshedAt() == null ? null : job.refreshedAt().plus(REFRESH_PAUSE);
        a.put("refreshed_at", time(job.refreshedAt()));
        a.put("refreshable", "active".equals(status) && refreshableAt != null && !now.isBefore(refreshableAt));
        a.put("refreshable_at", time(refreshableAt));
        a.put("today_views_count", 0);
        a.put("revivable", !"active".equals(status));
        a.put("published_at", time(job.publishedAt()));
        a.put("highlighted", job.highlightedTill() != null && now.isBefore(job.highlightedTill()));
        a.put("highlighted_till", time(job.highlightedTill()));
        copy(fields, a, "parttime", "watch", "no_experience", "disabilities");
        a.put("public_link", "https://worki.ru/vacancy/" + Long.toString(job.id() * 7919 + 1_000_000_000L, 36)
                .toUpperCase(java.util.Locale.ROOT));
        resource.putObject("relationships").putObject("profession").set("data", ref(job.professionId(), "profession"));
        return resource;
    }

    ObjectNode company(VkCompany company) {
        ObjectNode resource = ref(company.id(), "company");
        ObjectNode a = resource.putObject("attributes").put("id", company.id())
                .put("otvas_expires_at", time(company.otvasExpiresAt())).put("balance", company.balanceText())
                .put("wallet_id", company.walletId());
        company.limits().forEach(a::put);
        return resource;
    }

    /**
     * A candidate as applications include it; {@code purchase} gives the variant of a contact_view answer
     * (ISO last_online_time, years_of_experience and city_name).
     */
    ObjectNode candidate(VkCandidate c, boolean purchase) {
        ObjectNode resource = ref(c.id(), "candidate");
        ObjectNode a = resource.putObject("attributes").put("id", c.id()).put("first_name", c.firstName())
                .put("last_name", c.lastName()).put("phone", c.phone()).put("description", c.description())
                .put("lat", c.lat()).put("long", c.lon());
        if (purchase) {
            a.put("years_of_experience", c.experiences().isEmpty() ? null : c.monthsOfExperience() / 12);
        }
        a.put("address", c.address()).put("education", c.education()).put("languages", c.languages())
                .put("last_online_time", purchase ? time(c.lastOnlineAt())
                        : ONLINE.format(c.lastOnlineAt().atOffset(MOSCOW)))
                .put("created_at", time(c.createdAt())).put("updated_at", time(c.updatedAt()))
                .put("email", c.email()).put("birthday", c.birthday() == null ? null : c.birthday().toString());
        c.drivingLicenseCategories().forEach(a.putArray("driving_license_categories")::add);
        a.put("medical_record", c.medicalRecord()).put("active_candidate", c.activeCandidate())
                .put("accept_calls", c.acceptCalls());
        if (purchase) {
            a.put("city_name", reference.city(c.cityId()).map(VkReferenceData.City::name).orElse(null));
        }
        ObjectNode relationships = resource.putObject("relationships");
        relationships.putObject("avatar").set("data", c.hasAvatar() ? ref(c.id(), "candidate_avatar")
                : NullNode.instance);
        relationships.putObject("background").putNull("data");
        experienceRefs(c, relationships);
        relationships.putObject("nationality").set("data", c.nationalityId() == null ? NullNode.instance
                : ref(c.nationalityId(), "nationality"));
        if (videoResume) {
            relationships.putObject("video_resume").putNull("data");
        }
        return resource;
    }

    static void experienceRefs(VkCandidate c, ObjectNode relationships) {
        var refs = relationships.putObject("experiences").putArray("data");
        c.experiences().forEach(e -> refs.add(ref(e.id(), "experience")));
    }

    /** Adds a candidate and what it refers to (experiences, their professions, nationality, avatar), once each. */
    void include(Map<String, ObjectNode> included, VkCandidate c) {
        included.computeIfAbsent("candidate:" + c.id(), k -> candidate(c, false));
        includeRelated(included, c);
        if (c.hasAvatar()) {
            included.computeIfAbsent("candidate_avatar:" + c.id(), k -> avatar(c));
        }
    }

    /** A candidate's experiences, their professions and its nationality, once each. */
    void includeRelated(Map<String, ObjectNode> included, VkCandidate c) {
        for (VkExperience e : c.experiences()) {
            included.computeIfAbsent("experience:" + e.id(), k -> experience(e));
        }
        professionIds(c).forEach(id -> included.computeIfAbsent("profession:" + id, k -> profession(id)));
        if (c.nationalityId() != null) {
            included.computeIfAbsent("nationality:" + c.nationalityId(), k -> nationality(c.nationalityId()));
        }
    }

    /** The distinct professions of a candidate's experiences. */
    static List<Integer> professionIds(VkCandidate c) {
        return c.experiences().stream().map(VkExperience::professionId).filter(Objects::nonNull).distinct().toList();
    }

    ObjectNode profession(int id) {
        ObjectNode resource = ref(id, "profession");
        resource.putObject("attributes").put("id", id)
                .put("title", reference.profession(id).map(VkReferenceData.Profession::title).orElse(null));
        return resource;
    }

    ObjectNode nationality(int id) {
        ObjectNode resource = ref(id, "nationality");
        resource.putObject("attributes").put("id", id)
                .put("name", reference.nationality(id).map(VkReferenceData.Nationality::name).orElse(null));
        return resource;
    }

    static ObjectNode avatar(VkCandidate c) {
        String base = "https://sandbox.invalid/uploads/avatar/" + c.id() + "/";
        ObjectNode resource = ref(c.id(), "candidate_avatar");
        resource.putObject("attributes").put("id", c.id()).put("content_type", "image/jpeg")
                .put("small", base + "96x96.jpg").put("medium", base + "165x165.jpg").put("original", base + "a.jpg");
        return resource;
    }

    static ObjectNode experience(VkExperience e) {
        ObjectNode resource = ref(e.id(), "experience");
        resource.putObject("attributes").put("title", e.title()).put("description", e.description())
                .put("duration", e.duration()).put("current", e.current());
        resource.putObject("relationships").putObject("profession").set("data",
                e.professionId() == null ? NullNode.instance : ref(e.professionId(), "profession"));
        return resource;
    }

    static ObjectNode application(VkApplication application, long recruiterId) {
        ObjectNode resource = ref(application.id(), "application");
        resource.putObject("attributes").put("id", application.id()).put("recruiter_id", recruiterId)
                .put("job_id", application.jobId()).put("status", application.status())
                .put("created_at", time(application.createdAt()));
        resource.putObject("relationships").putObject("candidate").set("data",
                ref(application.candidateId(), "candidate"));
        return resource;
    }

    /** Copies client fields in the given order; an absent one prints as null. */
    private static void copy(ObjectNode from, ObjectNode to, String... names) {
        for (String name : names) {
            to.set(name, from.path(name).isMissingNode() ? NullNode.instance : from.get(name));
        }
    }
}
