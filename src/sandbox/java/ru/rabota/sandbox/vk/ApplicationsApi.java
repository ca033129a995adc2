package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * /applications: the list with its filters ({@code job_id}, {@code status[]}, {@code created_from}) and paging,
 * and {@code proceed}. Documents carry {@code included} candidates with their experiences (and those
 * experiences' professions), nationality and avatar. No {@code meta} and no {@code links}: the document shows
 * none for applications.
 */
record ApplicationsApi(VkState state, VkJson json, VkSimulatorConfig config) {

    private static final String UNKNOWN_STATUS = "Неизвестный статус";
    private static final DateTimeFormatter DOCUMENT_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Ways of writing created_from: the document's "2019-03-01 00:00:00" (Moscow time) and ISO-8601. */
    private static final List<Function<String, Instant>> TIME_FORMATS = List.of(
            text -> LocalDateTime.parse(text, DOCUMENT_FORMAT).atOffset(VkJson.MOSCOW).toInstant(),
            text -> OffsetDateTime.parse(text).toInstant(),
            text -> LocalDateTime.parse(text).atOffset(VkJson.MOSCOW).toInstant(),
            text -> LocalDate.parse(text).atStartOfDay().atOffset(VkJson.MOSCOW).toInstant());

    void register(VkRoutes routes) {
        routes.authed("GET", "/applications", this::list)
                .authed("POST", "/applications/(\\d{1,18})/proceed", this::proceed);
    }

    private SimResponse list(SimRequest request, Params params) {
        Paging paging = Paging.of(params, config);
        Set<String> statuses = new LinkedHashSet<>(params.texts("status"));
        if (!VkApplication.STATUSES.containsAll(statuses)) {
            throw VkError.unprocessable(UNKNOWN_STATUS);
        }
        VkState.ApplicationPage page = state.applicationsPage(params.whole("job_id"), statuses,
                createdFrom(params.text("created_from")), paging);
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        page.applications().forEach(a -> data.add(VkJson.application(a, config.userId())));
        return VkJson.ok(withIncluded(data, page.candidates()));
    }

    private SimResponse proceed(SimRequest request, Params params) {
        long id = Long.parseLong(request.pathGroup(1));
        if (state.application(id).isEmpty()) {
            throw VkError.notFound("Отклик не найден");
        }
        String status = Params.text(params.node("application").path("status"));
        if (!VkApplication.isStatus(status)) {
            throw VkError.unprocessable(UNKNOWN_STATUS);
        }
        VkApplication application = state.setApplicationStatus(id, status);
        VkCandidate candidate = state.candidate(application.candidateId()).orElseThrow();
        return VkJson.ok(withIncluded(VkJson.application(application, config.userId()),
                Map.of(candidate.id(), candidate)));
    }

    private ObjectNode withIncluded(JsonNode data, Map<Long, VkCandidate> candidates) {
        Map<String, ObjectNode> included = new LinkedHashMap<>();
        candidates.values().forEach(c -> json.include(included, c));
        ObjectNode document = VkJson.data(data);
        document.putArray("included").addAll(included.values());
        return document;
    }

    private static Instant createdFrom(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (Function<String, Instant> format : TIME_FORMATS) {
            try {
                return format.apply(text.trim());
            } catch (DateTimeParseException e) {
                // try the next way of writing it
            }
        }
        throw VkError.unprocessable("Некорректное значение параметра created_from");
    }
}
