package ru.rabota.bridge.hh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A vacancy counts as no longer polled only after several polls and some time without it, in this lead. */
class HhPolledVacanciesTest {

    private final HhPolledVacancies polled = new HhPolledVacancies(Duration.ofHours(1));
    private final Instant start = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aVacancyLeftOutOfAPollOrTwoIsStillPolled() {
        assertThat(polled.noLongerPolled("1", start)).as("before the first poll nothing is known").isFalse();
        polled.polling(List.of("1", "2"), start);
        // vacancy 1 left out of three polls (a manager's list refused), but within the hour
        polled.polling(List.of("2"), start.plusSeconds(300));
        polled.polling(List.of("2"), start.plusSeconds(600));
        polled.polling(List.of("2"), start.plusSeconds(900));
        assertThat(polled.noLongerPolled("1", start.plusSeconds(900))).isFalse();

        assertThat(polled.noLongerPolled("1", start.plusSeconds(3_600))).isTrue();
        assertThat(polled.noLongerPolled("2", start.plusSeconds(3_600))).isFalse();
        assertThat(polled.noLongerPolled("3", start.plusSeconds(3_600))).as("never polled in this lead").isTrue();
    }

    @Test
    void whatAnEarlierLeadKnewIsForgottenWhenTheLeadIsWonAgain() {
        polled.polling(List.of("1"), start);
        polled.polling(List.of(), start.plusSeconds(3_600));
        polled.polling(List.of(), start.plusSeconds(7_200));
        polled.polling(List.of(), start.plusSeconds(10_800));
        assertThat(polled.noLongerPolled("1", start.plusSeconds(10_800))).isTrue();

        // another instance polled meanwhile; this one's first poll since is still to come
        polled.leads();

        assertThat(polled.noLongerPolled("1", start.plusSeconds(86_400))).isFalse();
    }
}
