package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

/**
 * The progress lines of a snapshot's closes count the closes done so far. One job thread, so 32 closes at most are
 * under way (FeedConfiguration.IN_FLIGHT_PER_THREAD): when the 40th is sent, 8 or more have ended, whatever the timing.
 */
class SnapshotProgressTest extends FeedTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.feed.mode", "snapshot", "bridge.feed.progress-every", "10",
                "bridge.jobs.concurrency", "1");
    }

    @Test
    void theProgressLineOfTheClosesCountsTheClosesDone() {
        drop("many.csv", HEADER + IntStream.rangeClosed(1, 45).mapToObj(i -> "PROGRESS-" + i
                + ";Курьер;Доставка заказов;55,75;37,61;Москва;3\n").collect(Collectors.joining()),
                StandardCharsets.UTF_8);

        try (LogCapture logs = new LogCapture()) {
            drop("none.csv", HEADER, StandardCharsets.UTF_8);

            assertThat(logs.lines("INFO", "feed none.csv: 45 of 45 jobs it no longer lists closed")).isOne();
            Matcher line = Pattern.compile("INFO .*feed none\\.csv: 40 of 45 jobs it no longer lists sent to be"
                    + " closed, (\\d+) closed\n").matcher(logs.text());
            assertThat(line.find()).as("the progress line at 40 in %s", logs.text()).isTrue();
            // before, always 0 closed: the closes that ended were counted only after the last was sent
            assertThat(Integer.parseInt(line.group(1))).isBetween(8, 40);
        }
    }
}
