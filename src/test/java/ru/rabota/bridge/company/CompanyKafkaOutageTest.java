package ru.rabota.bridge.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.schedule.PollRuns;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.SimulatedVk;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The company poll through a Kafka outage: the bundle runs against a broker of this test's own, not the shared
 * {@link TestKafka} one, which is stopped while the poll runs every second and started again on the same port with
 * the same data. The bundle's Kafka and state timeouts are a few seconds here, so that each poll fails within one.
 */
class CompanyKafkaOutageTest {

    private final int kafkaPort = FreePort.next();
    @TempDir
    Path kafkaData;
    /** Closed after the bundle ({@code @AutoClose} runs after the test's own closing). */
    @AutoClose
    private KafkaBroker broker;

    /** Before, each poll read rabota.company with a reader of its own, which said it could not: a WARN line a poll. */
    @Test
    void anOutageIsOneWarnLineOfThePollAndOneOfItsReaderNotALinePerPoll() {
        broker = KafkaBroker.start(kafkaPort, kafkaData);
        Configurator.setLevel(PollRuns.class.getName(), Level.DEBUG);
        try (LogCapture logs = new LogCapture();
                SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                        "camel.component.kafka.brokers", broker.bootstrapServers(),
                        "bridge.state.timeout", "2s",
                        "camel.component.kafka.request-timeout-ms", "2000",
                        "camel.component.kafka.max-block-ms", "2000",
                        "camel.component.kafka.delivery-timeout-ms", "2000",
                        "bridge.company.poll-interval", "1s",
                        "bridge.company.poll-delay", "1s"))) {
            String topic = bridge.app().topic(Topic.COMPANY);
            assertThat(TestKafka.consumeUntil(broker.bootstrapServers(), topic,
                    records -> records.stream().anyMatch(record -> record.key().equals("company")),
                    Duration.ofSeconds(30))).extracting(ConsumerRecord::key).contains("company");

            broker.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> logs.lines("DEBUG", "Company poll failed again") >= 3);
            assertThat(logs.lines("WARN", "Company poll failed")).isOne();
            assertThat(logs.lines("WARN", "State " + topic + ": cannot read its topic")).isLessThanOrEqualTo(1);

            broker = KafkaBroker.start(kafkaPort, kafkaData);
            await().atMost(Duration.ofSeconds(60)).until(() -> logs.lines("INFO", "Company poll succeeds again") > 0);
            assertThat(logs.lines("WARN", "State " + topic + ": cannot read its topic")).isLessThanOrEqualTo(1);
            assertThat(logs.lines("INFO", "State " + topic + ": reading its topic again")).isLessThanOrEqualTo(1);
        } finally {
            Configurator.setLevel(PollRuns.class.getName(), Level.INFO);
        }
    }
}
