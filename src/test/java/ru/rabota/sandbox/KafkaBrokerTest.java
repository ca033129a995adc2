package ru.rabota.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.testing.TestKafka;

class KafkaBrokerTest {

    @Test
    void aRecordWrittenIsReadBackWithItsHeaders() {
        String topic = TestKafka.uniquePrefix(getClass()) + "greetings";

        TestKafka.send(topic, "k1", "привет", Map.of("bridge-event", "created"));

        List<ConsumerRecord<String, String>> records = TestKafka.consume(topic, 1, Duration.ofSeconds(20));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("k1");
            assertThat(record.value()).isEqualTo("привет");
            assertThat(TestKafka.header(record, "bridge-event")).isEqualTo("created");
        });
        assertThat(TestKafka.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void aTemporaryLogDirIsDeletedOnClose() {
        Path logDir;
        try (KafkaBroker broker = KafkaBroker.start(0)) {
            logDir = broker.logDir();
            assertThat(logDir).isNotEmptyDirectory();
        }
        assertThat(logDir).doesNotExist();
    }

    @Test
    void aGivenLogDirKeepsTheTopicsAcrossRestarts(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(0, dir); Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
        }
        try (KafkaBroker broker = KafkaBroker.start(0, dir); Admin admin = admin(broker)) {
            assertThat(admin.listTopics().names().get()).contains("kept");
        }
        assertThat(dir).isNotEmptyDirectory();
    }

    private static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }
}
