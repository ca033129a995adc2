package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.jobs.Board;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.hh.HhNegotiation;
import ru.rabota.sandbox.hh.HhResume;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.hh.HhSimulatorConfig;
import ru.rabota.sandbox.hh.HhWebhookDelivery;

/**
 * Webhooks with an explicit {@code bridge.hh.vacancy-ids}: hh.ru notifies of every vacancy the token's user can see
 * (its one subscription setting, {@code vacancies_only_mine}, names no vacancies), so the bundle keeps to the
 * vacancies it polls. The first poll comes at start, the next in an hour: what arrives after it came by webhook.
 */
class HhWebhookVacancyIdsTest {

    private static final String LISTED = "123456";
    private static final String OTHER = "123457";
    private static final String PUBLISHED = "123458";
    /** Published by the bundle and closed since: a negotiation of it may still change (a hire after the archive). */
    private static final String CLOSED = "123459";

    private HhSimulator simulator;
    private TestApplication app;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        simulator = new HhSimulator(new HhSimulatorConfig().webhookRetryDelay(Duration.ofMillis(200))).start();
        simulator.addVacancy(PUBLISHED, "Водитель");
        simulator.addVacancy(CLOSED, "Грузчик");
        prefix = TestKafka.uniquePrefix(getClass());
        int port = FreePort.next();
        Map<String, String> properties = HhPollSupport.properties(simulator, prefix, LISTED + ",222");
        // the one poll in an hour, a second after start as by default: one at start may come while routes still start,
        // and the next is an hour later
        properties.put("bridge.hh.initial-delay", "1s");
        properties.putAll(Map.of("bridge.hh.poll-interval", "1h",
                "camel.server.port", String.valueOf(port),
                "bridge.hh.webhook.enabled", "true",
                "bridge.hh.webhook.secret", "vacancy-ids-secret",
                "bridge.hh.webhook.public-url", "http://127.0.0.1:" + port));
        app = TestApplication.start(properties);
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.is("POST", "/webhook/subscriptions") && r.status() == 201));
        // the first poll chose its vacancies: a vacancy published after it is read by webhook alone
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.path().equals("/negotiations") && LISTED.equals(r.param("vacancy_id"))));
        new JobState(app.context().getRegistry().lookupByNameAndType("jobState", KafkaStateStore.class), Board.HH)
                .put("HR-1", new JobRecord(PUBLISHED, "hash", JobRecord.Status.ACTIVE, JobRecord.Source.KAFKA));
        new JobState(app.context().getRegistry().lookupByNameAndType("jobState", KafkaStateStore.class), Board.HH)
                .put("HR-2", new JobRecord(CLOSED, "hash", JobRecord.Status.CLOSED, JobRecord.Source.KAFKA));
    }

    @AfterEach
    void stop() {
        app.close();
        simulator.close();
    }

    @Test
    void aNegotiationOfAnotherVacancyIsHandledWithoutAnEvent() {
        Configurator.setLevel(HhWebhook.class.getName(), Level.DEBUG);
        try (LogCapture log = new LogCapture()) {
            HhNegotiation other = simulator.addResponse(OTHER, HhResume.of("r-1", "Иван", "Петров", "Кладовщик"));
            HhNegotiation listed = simulator.addResponse(LISTED, HhResume.of("r-2", "Анна", "Сидорова", "Продавец"));
            HhNegotiation published = simulator.addResponse(PUBLISHED, HhResume.of("r-3", "Олег", "Иванов",
                    "Водитель"));
            // before, dropped: only the open vacancies the bundle published counted
            HhNegotiation ofClosed = simulator.addResponse(CLOSED, HhResume.of("r-4", "Пётр", "Сергеев", "Грузчик"));

            // the first three events, however long the webhooks take on a busy machine; then nothing more
            assertThat(HhPollSupport.events(prefix, 3)).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("hh:" + listed.id(), "hh:" + published.id(), "hh:" + ofClosed.id());
            assertThat(HhPollSupport.events(prefix)).hasSize(3);
            // both notifications of each (new negotiation, new response) answered and handled (on a busy machine a
            // delivery may time out and be delivered again)
            await().atMost(Duration.ofSeconds(30)).until(() -> simulator.webhookDeliveries().stream()
                    .filter(HhWebhookDelivery::succeeded).map(HhWebhookDelivery::notificationId).distinct().count() == 8);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("DEBUG", "negotiation " + other.id()
                    + " is of vacancy " + OTHER + ", neither in bridge.hh.vacancy-ids nor published by the bridge:"
                    + " no event") == 2);
            assertThat(log.lines("WARN", "hh.ru webhook")).isZero();

            // handled: a repeated notification is not read again
            long reads = negotiationReads(other.id());
            HhWebhookDelivery delivered = simulator.webhookDeliveries().stream()
                    .filter(d -> d.body().contains(other.id())).findFirst().orElseThrow();
            int deliveries = simulator.webhookDeliveries().size();
            simulator.redeliver(delivered.notificationId());
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhookDeliveries().size() == deliveries + 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> negotiationReads(other.id()) == reads);
        } finally {
            Configurator.setLevel(HhWebhook.class.getName(), Level.INFO);
        }
        assertThat(HhPollSupport.events(prefix)).hasSize(3);
    }

    private long negotiationReads(String id) {
        return simulator.requests().stream().filter(r -> r.path().equals("/negotiations/" + id)).count();
    }
}
