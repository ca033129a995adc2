package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Commands that come one by one, each before the consumer's poll would time out (a steady trickle, the usual day),
 * are handled as they come, not once a whole batch ({@code bridge.jobs.batch-size}) has piled up: camel-kafka's
 * batching hands its cached records over when the batch is full or after a poll that brought nothing, unless
 * {@code batchingIntervalMs} is set.
 */
class JobCommandsTrickleTest extends JobsTestSupport {

    private static final int COMMANDS = 40;

    /** The default wait of a poll, longer than the gap between two commands below. */
    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.jobs.poll-timeout-ms", "500");
    }

    @Test
    void commandsComingOneByOneAreCarriedOutWhileMoreKeepComing() throws InterruptedException {
        int sentBeforeTheFirstCall = 0;
        for (int i = 1; i <= COMMANDS && sentBeforeTheFirstCall == 0; i++) {
            send("TRICKLE-" + i, upsert("TRICKLE-" + i, "r-trickle-" + i, "Курьер"));
            if (!requestsFor("TRICKLE-1", null).isEmpty()) {
                sentBeforeTheFirstCall = i;
            }
            Thread.sleep(150);
        }

        // before, the first call came only once the commands stopped coming (a poll that brought nothing)
        assertThat(sentBeforeTheFirstCall).as("commands sent when the first one reached VK Работа (0: none did)")
                .isBetween(1, COMMANDS - 1);
        assertThat(events("TRICKLE-1", 1)).singleElement()
                .satisfies(event -> assertThat(event.get("event").asText()).isEqualTo("created"));
    }
}
