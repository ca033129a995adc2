package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * A dead letter's WARN line says the letter is in {@code rabota.dlq}: a letter that goes out in a transaction Kafka
 * then aborts (an outage) is built again when its record is read again, and would have been told of twice, once for
 * a letter nobody can read.
 */
class DeadLetterLogTest {

    private final DeadLetters deadLetters = new DeadLetters(new KafkaOutput("", () -> {
        throw new AssertionError("the letter goes out with its writer's transaction");
    }), 4096, BridgeMeters.none());

    @Test
    void aLetterIsToldOfOnceKafkaHoldsIt() {
        try (LogCapture log = new LogCapture()) {
            OutputRecord letter = deadLetters.letter("rabota.jobs.commands", "HR-1", "{}".getBytes(),
                    new IllegalArgumentException("title: required"), 0, "jobs-commands", "r-1");
            assertThat(log.lines("WARN", "Dead letter for")).isZero();

            letter.written(null);

            assertThat(log.lines("WARN", "Dead letter for rabota.jobs.commands key HR-1")).isEqualTo(1);
        }
    }

    @Test
    void aLetterKafkaNeverTookIsNotToldOf() {
        try (LogCapture log = new LogCapture()) {
            deadLetters.letter("rabota.jobs.commands", "HR-1", "{}".getBytes(),
                    new IllegalArgumentException("title: required"), 0, "jobs-commands", "r-1").abandoned();

            assertThat(log.lines("WARN", "Dead letter for")).isZero();
        }
    }
}
