package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

/**
 * {@code bridge.feed.max-closed-share}: a snapshot that would close more of the jobs feeds published than the share
 * allows (a list cut short: an export that failed halfway, one region's file among several) closes none, with one
 * WARN line; one within it closes as any snapshot does.
 */
class SnapshotCloseLimitTest extends FeedTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.feed.mode", "snapshot", "bridge.feed.max-closed-share", "0.5");
    }

    @Test
    void aSnapshotClosingMoreThanTheShareClosesNoneAndOneWithinItCloses() {
        drop("all.csv", HEADER + rows("CUT-1", "CUT-2", "CUT-3", "CUT-4"), StandardCharsets.UTF_8);

        try (LogCapture logs = new LogCapture()) {
            drop("cut.csv", HEADER + rows("CUT-1"), StandardCharsets.UTF_8);

            assertThat(logs.lines("WARN", "feed cut.csv: it would close 3 of the 4 jobs feeds published, more than"
                    + " bridge.feed.max-closed-share (0.5) allows, so none is closed")).as(logs.text()).isOne();
        }
        assertThat(sim.state().jobsByExternalId("CUT-2").get(0).status()).isEqualTo("active");

        drop("fewer.csv", HEADER + rows("CUT-1", "CUT-2", "CUT-3"), StandardCharsets.UTF_8);

        assertThat(events("CUT-4", 2).get(1).get("event").asText()).isEqualTo("closed");
        assertThat(sim.state().jobsByExternalId("CUT-4").get(0).status()).isEqualTo("closed");
        assertThat(sim.state().jobsByExternalId("CUT-3").get(0).status()).isEqualTo("active");
    }

    private static String rows(String... externalIds) {
        StringBuilder rows = new StringBuilder();
        for (String externalId : externalIds) {
            rows.append(externalId).append(";Курьер;Доставка заказов;55,75;37,61;Москва;3\n");
        }
        return rows.toString();
    }
}
