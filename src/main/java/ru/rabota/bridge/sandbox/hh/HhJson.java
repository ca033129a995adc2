package ru.rabota.bridge.sandbox.hh;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.sandbox.http.SimResponse;

/** Renders the simulator's state in the shapes of hh-employer-negotiations.md, URLs on this simulator's host. */
final class HhJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private static final Map<String, String> COLLECTION_NAMES = Map.of("inbox", "Неразобранные", "hold", "Подумать",
            "invited", "Приглашенные", "discarded", "Отклоненные");

    // from hh.ru's negotiations_state dictionary
    private static final Map<String, String> STATE_NAMES = Map.of("response", "Отклик", "invitation", "Приглашение",
            "discard", "Отказ", "interview", "Собеседование", "hired", "Выход на работу");

    private final Supplier<String> baseUrl;
    private final OffsetDateTime vacanciesCreatedAt;

    /** @param baseUrl known only once the server listens, hence a supplier */
    HhJson(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.vacanciesCreatedAt = OffsetDateTime.now(HhState.MOSCOW).truncatedTo(ChronoUnit.SECONDS).minusDays(30);
    }

    ObjectNode collections(String vacancyId, List<String> collections, Set<String> foreign, String foreignHost) {
        ObjectNode answer = MAPPER.createObjectNode();
        ArrayNode states = answer.putArray("states");
        for (String collection : collections) {
            String host = foreign.contains(collection) ? foreignHost : baseUrl.get();
            states.addObject()
                    .put("id", collection)
                    .put("name", COLLECTION_NAMES.getOrDefault(collection, collection))
                    .put("url", host + "/negotiations/" + collection + "?vacancy_id=" + vacancyId);
        }
        return answer;
    }

    /** One page of a collection; {@code pages} is at least 1 even when the collection is empty. */
    ObjectNode page(List<HhNegotiation> all, int page, int perPage) {
        ObjectNode answer = MAPPER.createObjectNode()
                .put("found", all.size())
                .put("pages", Math.max(1, (all.size() + perPage - 1) / perPage))
                .put("page", page)
                .put("per_page", perPage);
        ArrayNode items = answer.putArray("items");
        long from = Math.min((long) page * perPage, all.size());
        all.subList((int) from, (int) Math.min(from + perPage, all.size())).forEach(n -> items.add(item(n)));
        return answer;
    }

    ObjectNode item(HhNegotiation negotiation) {
        ObjectNode item = MAPPER.createObjectNode()
                .put("id", negotiation.id())
                .put("created_at", time(negotiation.createdAt()))
                .put("updated_at", time(negotiation.updatedAt()))
                .put("has_updates", negotiation.hasUpdates());
        item.putObject("state")
                .put("id", negotiation.stateId())
                .put("name", STATE_NAMES.getOrDefault(negotiation.stateId(), negotiation.stateId()));
        item.put("url", baseUrl.get() + "/negotiations/" + negotiation.id())
                .put("viewed_by_opponent", negotiation.viewedByOpponent());
        if (negotiation.resume() == null) {
            item.putNull("resume");
        } else {
            item.set("resume", resume(negotiation.resume(), negotiation));
        }
        return item;
    }

    /** The single negotiation: the list item without {@code url}, plus the vacancy. */
    ObjectNode negotiation(HhNegotiation negotiation, HhVacancy vacancy) {
        ObjectNode answer = item(negotiation);
        answer.remove("url");
        answer.set("vacancy", vacancy(vacancy));
        return answer;
    }

    private ObjectNode resume(HhResume resume, HhNegotiation negotiation) {
        String base = baseUrl.get();
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", resume.id())
                .put("title", resume.title())
                .put("url", base + "/resumes/" + resume.id() + "?topic_id=" + negotiation.id())
                .put("first_name", resume.firstName())
                .put("last_name", resume.lastName())
                .put("middle_name", resume.middleName())
                .put("age", resume.age())
                .put("alternate_url", "http://hh.ru/resume/" + resume.id() + "?vacancyId=" + negotiation.vacancyId()
                        + "&t=" + negotiation.id())
                .put("created_at", time(negotiation.createdAt().minusDays(90)))
                .put("updated_at", time(negotiation.createdAt().minusDays(1)));
        area(node.putObject("area"), resume.areaId(), resume.areaName());
        node.putArray("certificate");
        node.putObject("education").putArray("primary");
        ArrayNode experience = node.putArray("experience");
        if (resume.company() != null) {
            ObjectNode job = experience.addObject();
            area(job.putObject("area"), resume.areaId(), resume.areaName());
            job.put("company", resume.company()).putNull("company_id");
            job.putNull("company_url");
            job.putNull("employer");
            job.putNull("end");
            job.putArray("industries");
            job.putNull("industry");
            job.put("start", "2019-01-01");
        }
        node.putObject("gender").put("id", resume.gender())
                .put("name", "female".equals(resume.gender()) ? "Женский" : "Мужской");
        if (resume.salary() == null) {
            node.putNull("salary");
        } else {
            node.putObject("salary").put("amount", resume.salary()).put("currency", "RUR");
        }
        return node;
    }

    private ObjectNode vacancy(HhVacancy vacancy) {
        String base = baseUrl.get();
        ObjectNode node = MAPPER.createObjectNode();
        node.putNull("address");
        node.put("alternate_url", "http://hh.ru/vacancy/" + vacancy.id()).put("archived", false);
        area(node.putObject("area"), "1", "Москва");
        node.put("created_at", time(vacanciesCreatedAt));
        ObjectNode employer = node.putObject("employer")
                .put("alternate_url", "http://hh.ru/employer/1")
                .put("id", "1");
        employer.putObject("logo_urls")
                .put("240", "http://hh.ru/employer-logo/1.jpeg")
                .put("90", "http://hh.ru/employer-logo/1.jpeg")
                .put("original", "http://hh.ru/employer-logo-original/1.jpeg");
        employer.put("name", "Песочница")
                .put("url", base + "/employers/1")
                .put("vacancies_url", base + "/vacancies?employer_id=1");
        node.put("id", vacancy.id())
                .put("name", vacancy.name())
                .put("premium", false)
                .put("published_at", time(vacanciesCreatedAt.plusHours(1)))
                .put("response_letter_required", false)
                .putNull("salary");
        node.putObject("type").put("id", "open").put("name", "Открытая");
        node.put("url", base + "/vacancies/" + vacancy.id() + "?host=hh.ru");
        return node;
    }

    private void area(ObjectNode node, String id, String name) {
        node.put("id", id).put("name", name).put("url", baseUrl.get() + "/areas/" + id);
    }

    static String time(OffsetDateTime time) {
        return TIME.format(time);
    }

    static SimResponse ok(ObjectNode body) {
        return SimResponse.json(200, body.toString());
    }

    /** hh.ru's error shape: {@code {"errors":[{"type":...,"value":...}]}}; a null value is left out. */
    static SimResponse error(int status, String type, String value) {
        return SimResponse.json(status, errors(type, value).toString());
    }

    static SimResponse badUserAgent(String value, String description) {
        return SimResponse.json(400, errors("bad_user_agent", value).put("description", description).toString());
    }

    private static ObjectNode errors(String type, String value) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject().put("type", type);
        if (value != null) {
            error.put("value", value);
        }
        return body;
    }

    static SimResponse oauthError(String error, String description) {
        return SimResponse.json(400, MAPPER.createObjectNode().put("error", error)
                .put("error_description", description).toString());
    }

    static SimResponse tokens(HhTokens.Pair pair) {
        return ok(MAPPER.createObjectNode()
                .put("access_token", pair.accessToken())
                .put("token_type", "bearer")
                .put("expires_in", pair.expiresInSeconds())
                .put("refresh_token", pair.refreshToken()));
    }
}
