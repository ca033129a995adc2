package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The fat jar killed (kill -9) while hh.ru holds the answer to its {@code POST /vacancies}: the vacancy exists, and
 * the bundle never saved its id. Started again, the jar replays the command, hh.ru refuses the repeat as a duplicate,
 * and the bundle adopts the first vacancy (its {@code code} read back): one publication paid, one hh.ru
 * {@code created} event, and the VK Работа job made once. Broker and simulators live in the test JVM.
 */
class KilledWhilePublishingIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ID = "KILL-1";
    private static final String HH_DESCRIPTION = "<p>Сборка и упаковка заказов интернет-магазина на складе в "
            + "Москве. Официальное оформление, белая зарплата два раза в месяц, обучение на месте, форма и питание "
            + "за счёт компании, график два через два по двенадцать часов, доставка до склада служебным автобусом.</p>";

    private final String prefix = TestKafka.uniquePrefix(getClass());
    private VkSimulator vk;
    private HhSimulator hh;
    private RunningJar jar;

    @BeforeEach
    void startSimulators() throws IOException {
        vk = new VkSimulator(new VkSimulatorConfig().limit("otvas_jobs_limit", 100)).start();
        hh = new HhSimulator(new HhSimulatorConfig()).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (jar != null) {
            jar.close();
        }
        hh.close();
        vk.close();
    }

    @Test
    void aJarKilledBeforeItSavedTheVacancyIdMakesOneVacancyAndOneEventAfterItsRestart() throws Exception {
        CountDownLatch held = hh.holdNextPublishAnswer();
        jar = RunningJar.start(properties());
        TestKafka.send(Topic.JOBS_COMMANDS.topicName(prefix), ID, command());

        // hh.ru published the vacancy and holds the answer; VK Работа answered on its own consumer
        await().atMost(Duration.ofSeconds(120)).until(() -> hh.publicationsUsed() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> events().stream()
                .anyMatch(event -> "vkrabota".equals(event.path("board").asText())));
        assertThat(events()).singleElement().satisfies(event -> assertThat(event.get("event").asText())
                .as("%s", event).isEqualTo("created"));
        jar.kill();
        held.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> hh.requests().stream()
                .anyMatch(request -> request.is("POST", "/vacancies") && request.status() == 201));
        hh.clearRequests();
        assertThat(events()).noneMatch(event -> "hh".equals(event.path("board").asText()));

        jar = RunningJar.start(properties());
        await().atMost(Duration.ofSeconds(120)).until(() -> events().stream()
                .anyMatch(event -> "hh".equals(event.path("board").asText())));
        List<JsonNode> events = quietEvents();

        assertThat(hh.publicationsUsed()).isEqualTo(1);
        String vacancyId = hh.publishedVacancies().get(0).id();
        assertThat(events).filteredOn(event -> "hh".equals(event.path("board").asText())).singleElement()
                .satisfies(event -> {
                    assertThat(event.get("event").asText()).isEqualTo("created");
                    assertThat(event.get("job_id").asText()).isEqualTo(vacancyId);
                });
        assertThat(hh.requests()).filteredOn(request -> request.path().startsWith("/vacancies"))
                .extracting(request -> request.method() + " " + request.path() + " " + request.status())
                .containsExactly("POST /vacancies 403", "GET /vacancies/" + vacancyId + " 200");
        assertThat(vk.state().jobsByExternalId(ID)).hasSize(1);
        assertThat(vk.requests()).filteredOn(request -> request.is("POST", "/jobs")).hasSize(1);
        assertThat(events).filteredOn(event -> "vkrabota".equals(event.path("board").asText()))
                .extracting(event -> event.get("event").asText()).containsOnlyOnce("created");
    }

    private Map<String, String> properties() {
        Map<String, String> properties = RunningJar.toKill(prefix, vk.baseUrl());
        properties.putAll(Map.of("bridge.hh.enabled", "true",
                "bridge.hh.base-url", hh.baseUrl(),
                "bridge.hh.access-token", hh.accessToken(),
                "bridge.hh.user-agent", "RabotaBridgeIT/1.0 (it@example.com)",
                "bridge.hh.vacancy-ids", "123456",
                "bridge.hh.poll-interval", "1h"));
        return properties;
    }

    private static String command() {
        return """
                {"command":"upsert","external_id":"%s","boards":["vkrabota","hh"],"profession_id":3,
                 "job":{"title":"Упаковщик","description":"Сборка и упаковка заказов","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1","salary_from":60000,"salary_to":75000,
                        "salary_period":"monthly"},
                 "hh":{"description":"%s","area":"1","professional_roles":["96"],"billing_type":"standard",
                       "type":"open"}}""".formatted(ID, HH_DESCRIPTION);
    }

    /** The job events so far. */
    private List<JsonNode> events() {
        return values(TestKafka.consume(Topic.JOBS_EVENTS.topicName(prefix), Integer.MAX_VALUE,
                Duration.ofMillis(500)));
    }

    /** Every job event, once none came for three seconds. */
    private List<JsonNode> quietEvents() {
        return values(TestKafka.consumeUntilQuiet(Topic.JOBS_EVENTS.topicName(prefix), Duration.ofSeconds(3),
                Duration.ofSeconds(60)));
    }

    private static List<JsonNode> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> {
            try {
                return MAPPER.readTree(record.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
