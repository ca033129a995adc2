package ru.rabota.bridge.backgrounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.Latches;
import ru.rabota.bridge.testing.SimulatedVk;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.KafkaBroker;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Kafka stopped while an image is uploaded: the upload is not repeated at every poll while Kafka is down, and its
 * result goes out once when Kafka is back. A broker of this test's own, stopped and started again.
 */
class BackgroundsKafkaOutageTest {

    private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 4, 5, 6};

    @TempDir
    Path folder;

    @Test
    void anImageUploadedWhileKafkaIsDownIsNotUploadedAgainAndItsResultGoesOutOnce() throws Exception {
        int port = FreePort.next();
        Path kafkaDir = folder.resolve("kafka");
        KafkaBroker broker = KafkaBroker.start(port, kafkaDir);
        try (SimulatedVk bridge = SimulatedVk.start(new VkSimulatorConfig(), Map.of(
                "camel.component.kafka.brokers", broker.bootstrapServers(),
                "bridge.state.timeout", "3s",
                "camel.component.kafka.request-timeout-ms", "3000",
                "camel.component.kafka.max-block-ms", "3000",
                "camel.component.kafka.delivery-timeout-ms", "3000",
                "bridge.backgrounds.inbox", folder.resolve("inbox").toString(),
                "bridge.backgrounds.poll-interval-ms", "200"));
                LogCapture logs = new LogCapture()) {
            CountDownLatch uploading = new CountDownLatch(1);
            CountDownLatch brokerDown = new CountDownLatch(1);
            bridge.vk().faults().beforeEach(path -> {
                if (path.endsWith("/background")) {
                    uploading.countDown();
                    Latches.awaitQuietly(brokerDown, Duration.ofSeconds(60));
                }
            });
            Path inbox = Files.createDirectories(folder.resolve("inbox"));
            Files.move(Files.write(folder.resolve("user.jpg.tmp"), IMAGE), inbox.resolve("user.jpg"));
            assertThat(uploading.await(30, TimeUnit.SECONDS)).isTrue();
            broker.close();
            brokerDown.countDown();

            // read again at every poll meanwhile: one upload, one WARN, no ERROR
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines("WARN", "its results wait for Kafka") == 1);
            Thread.sleep(5_000);
            assertThat(uploads(bridge)).isOne();
            assertThat(inbox.resolve("user.jpg")).exists();
            assertThat(logs.lines("WARN", "its results wait for Kafka")).isOne();
            assertThat(logs.lines("ERROR", "user.jpg")).isZero();

            broker = KafkaBroker.start(port, kafkaDir);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(folder.resolve("done/user.jpg")));
            assertThat(uploads(bridge)).isOne();
            assertThat(logs.lines("INFO", "Background results go out again")).isOne();
            assertThat(TestKafka.consumeUntilQuiet(broker.bootstrapServers(),
                    bridge.app().topic(Topic.BACKGROUNDS_RESULTS), Duration.ofSeconds(2), Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::key).containsExactly("user");
        } finally {
            broker.close();
        }
    }

    private static long uploads(SimulatedVk bridge) {
        return bridge.vk().requests().stream().filter(request -> request.is("PUT", "/background")).count();
    }
}
