package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import ru.rabota.sandbox.hh.HhPublishedVacancy;

/**
 * A feed that upserts a job on both boards and closes it further down, the close naming no boards (CONTRACT.md
 * section 6: a close acts on every board the external_id was published to). The close row is read while the upsert's
 * parts may not have run yet, so no board's record knows the external_id then.
 */
class FeedCloseAfterUpsertTest extends BoardsTestSupport {

    private static final String HEADER = "external_id;title;description;lat;long;address;profession_id;command;boards;"
            + "hh.area;hh.professional_roles;hh.description;hh.billing_type;hh.type\n";

    @Test
    void aCloseWithoutBoardsAfterAnUpsertInTheSameFeedClosesTheJobOnEveryBoardItWasPublishedTo() {
        drop("open-close.csv", HEADER
                + "FC-1;Сборщик заказов FC-1;Работа на складе;55,75;37,61;Москва;3;;vkrabota|hh;1;96;" + HH_DESCRIPTION
                + ";standard;open\n"
                + "FC-1;;;;;;;close;;;;;;\n", StandardCharsets.UTF_8);

        List<String> report = lines(done().resolve("open-close.csv.report.csv"));
        String hhId = hh.publishedVacancies().stream().filter(vacancy -> "FC-1".equals(vacancy.code()))
                .map(HhPublishedVacancy::id).findFirst().orElseThrow(() -> new AssertionError(report));
        long vkId = sim.state().jobsByExternalId("FC-1").get(0).id();
        // before, the close went to bridge.jobs.boards (VK Работа) alone: the vacancy stayed open on hh.ru
        assertThat(report).containsExactlyInAnyOrder(
                "row;external_id;outcome;job_id;detail;board",
                "1;FC-1;created;" + vkId + ";;vkrabota",
                "1;FC-1;created;" + hhId + ";;hh",
                "2;FC-1;closed;" + vkId + ";;vkrabota",
                "2;FC-1;closed;" + hhId + ";;hh");
        assertThat(hh.vacancy(hhId).archived()).isTrue();
        assertThat(sim.state().jobsByExternalId("FC-1").get(0).status()).isEqualTo("closed");
    }
}
