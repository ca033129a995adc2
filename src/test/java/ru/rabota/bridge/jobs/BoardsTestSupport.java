package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * The bundle against both boards (CONTRACT.md section 6): the VK Работа simulator of {@link JobsTestSupport} and an
 * hh.ru simulator, with hh.ru enabled, its employer read from {@code GET /me}, and its negotiations polled once an
 * hour only (these tests are about vacancies). Retries go on for up to a minute, so that an outage a test makes
 * heals within the budget.
 */
abstract class BoardsTestSupport extends FeedTestSupport {

    static final String AGENT = "RabotaBridgeTest/1.0 (it@example.com)";

    /** HTML whose text is over 200 characters: what hh.ru wants and VK Работа refuses. */
    static final String HH_DESCRIPTION = "<p>Доставка заказов по городу на автомобиле компании. Официальное "
            + "оформление с первого дня, белая зарплата два раза в месяц, топливная карта и мобильная связь за счёт "
            + "компании. График пять через два, маршруты в пределах одного района, обучение на месте.</p>";

    /** Started when the test instance is built, before the bundle of {@link JobsTestSupport} starts. */
    protected final HhSimulator hh = startHh();

    private static HhSimulator startHh() {
        try {
            return new HhSimulator(new HhSimulatorConfig()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(Map.of(
                "bridge.hh.enabled", "true",
                "bridge.hh.base-url", hh.baseUrl(),
                "bridge.hh.access-token", hh.accessToken(),
                "bridge.hh.user-agent", AGENT,
                "bridge.hh.vacancy-ids", "123456",
                "bridge.hh.poll-interval", "1h",
                "bridge.retry.max-attempts", "10000",
                "bridge.retry.give-up-after", "60s",
                "bridge.retry.max-delay", "200ms"));
        properties.putAll(boardProperties());
        return properties;
    }

    /** Properties of a test class on top of these. */
    protected Map<String, String> boardProperties() {
        return Map.of();
    }

    @Override
    @AfterEach
    void noFaults() {
        hh.faults().reset();
        super.noFaults();
    }

    @AfterAll
    void stopHh() {
        hh.close();
    }

    /** An upsert of a valid job for these boards, with an hh object of these fields (JSON members, no braces). */
    static String upsert(String externalId, String title, String boards, String hhFields) {
        return """
                {"command":"upsert","external_id":"%s","request_id":"r-%s","profession_id":3,"boards":[%s],
                 "job":{"title":"%s","description":"Доставка заказов по городу","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1","salary_from":50000,"salary_to":70000,
                        "salary_period":"monthly"},
                 "hh":{%s}}""".formatted(externalId, externalId, boards, title, hhFields);
    }

    /** Both boards, with every field hh.ru requires given as bare ids. */
    static String upsertBoth(String externalId, String title) {
        return upsert(externalId, title, "\"vkrabota\",\"hh\"", validHh());
    }

    static String validHh() {
        return "\"description\":\"" + HH_DESCRIPTION + "\",\"area\":\"1\",\"professional_roles\":[\"96\"],"
                + "\"billing_type\":\"standard\",\"type\":\"open\"";
    }

    /** The one event of this board among the events of one external_id. */
    static JsonNode on(String board, List<JsonNode> events) {
        List<JsonNode> ofBoard = events.stream().filter(event -> board.equals(event.path("board").asText())).toList();
        assertThat(ofBoard).as("events of board %s among %s", board, events).hasSize(1);
        return ofBoard.get(0);
    }

    /** The events of an external_id from the n-th on (counting from 0), once there are at least {@code count}. */
    List<JsonNode> eventsFrom(String externalId, int from, int count) {
        List<JsonNode> all = events(externalId, count);
        return all.subList(from, all.size());
    }

    /** The hh.ru requests about a vacancy: publications whose body has this code, and calls on its ids. */
    List<RecordedRequest> hhRequests(String externalId, String... vacancyIds) {
        return hh.requests().stream().filter(request -> request.body().contains("\"code\":\"" + externalId + "\"")
                || List.of(vacancyIds).stream().anyMatch(id -> request.path().endsWith("/" + id))).toList();
    }

    /** hh.ru's publications of this code. */
    long hhPublications(String externalId) {
        return hh.publishedVacancies().stream().filter(vacancy -> externalId.equals(vacancy.code())).count();
    }
}
