package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.sandbox.hh.HhPublishedVacancy;

/**
 * bridge.feed.mode=snapshot with two boards: a job the feed no longer lists is closed on every board it is open on, and
 * on a board its row no longer names.
 */
class SnapshotOnBoardsTest extends BoardsTestSupport {

    private static final String HEADER = "external_id;title;description;lat;long;address;profession_id;boards;"
            + "hh.area;hh.professional_roles;hh.description;hh.billing_type;hh.type\n";

    @Override
    protected Map<String, String> boardProperties() {
        return Map.of("bridge.feed.mode", "snapshot");
    }

    @Test
    void aJobTheFeedNoLongerListsIsClosedOnBothBoards() {
        drop("all.csv", HEADER + row("SB-1", "Упаковщик") + row("SB-2", "Комплектовщик"), StandardCharsets.UTF_8);
        String kept = hhId("SB-1");
        String gone = hhId("SB-2");

        drop("fewer.csv", HEADER + row("SB-1", "Упаковщик"), StandardCharsets.UTF_8);

        List<JsonNode> closed = eventsFrom("SB-2", 2, 4);
        assertThat(on("vkrabota", closed).get("event").asText()).isEqualTo("closed");
        assertThat(on("hh", closed).get("event").asText()).isEqualTo("closed");
        assertThat(on("hh", closed).get("job_id").asText()).isEqualTo(gone);
        assertThat(on("hh", closed).get("origin").asText()).isEqualTo("csv:fewer.csv");
        assertThat(hh.vacancy(gone).archived()).isTrue();
        assertThat(sim.state().jobsByExternalId("SB-2").get(0).status()).isEqualTo("closed");
        assertThat(sim.state().jobsByExternalId("SB-2").get(0).closeReason()).isEqualTo("closed_irrelevant");
        assertThat(hh.vacancy(kept).archived()).isFalse();
        assertThat(sim.state().jobsByExternalId("SB-1").get(0).status()).isEqualTo("active");
        assertThat(lines(done().resolve("fewer.csv.report.csv"))).containsExactly(
                "row;external_id;outcome;job_id;detail;board",
                "1;SB-1;unchanged;" + sim.state().jobsByExternalId("SB-1").get(0).id() + ";;vkrabota",
                "1;SB-1;unchanged;" + kept + ";;hh");
    }

    @Test
    void aJobWhoseRowNoLongerNamesABoardIsClosedOnThatBoardOnly() {
        // a title of its own: hh.ru takes a second vacancy of one name in one area for a duplicate
        drop("wide.csv", HEADER + row("SN-1", "Фасовщик"), StandardCharsets.UTF_8);
        String dropped = hhId("SN-1");
        long vkId = sim.state().jobsByExternalId("SN-1").get(0).id();

        // the next snapshot lists SN-1 for VK Работа only
        drop("narrow.csv", HEADER + row("SN-1", "Фасовщик", "vkrabota"), StandardCharsets.UTF_8);

        // before, still open on hh.ru: the row counted as listing it on every board
        assertThat(hh.vacancy(dropped).archived()).isTrue();
        JsonNode closed = on("hh", eventsFrom("SN-1", 2, 4));
        assertThat(closed.get("event").asText()).isEqualTo("closed");
        assertThat(closed.get("job_id").asText()).isEqualTo(dropped);
        assertThat(closed.get("origin").asText()).isEqualTo("csv:narrow.csv");
        assertThat(sim.state().jobsByExternalId("SN-1").get(0).status()).isEqualTo("active");
        assertThat(lines(done().resolve("narrow.csv.report.csv"))).containsExactly(
                "row;external_id;outcome;job_id;detail;board",
                "1;SN-1;unchanged;" + vkId + ";;vkrabota");
    }

    @Test
    void aRowNamingABoardTheBundleDoesNotKnowClosesItsJobNowhere() {
        drop("known.csv", HEADER + row("SN-2", "Грузчик"), StandardCharsets.UTF_8);
        String published = hhId("SN-2");

        // a typo in the boards cell: the row is rejected there, and counts as listing its job everywhere
        drop("typo.csv", HEADER + row("SN-2", "Грузчик", "vkrabota|hhru"), StandardCharsets.UTF_8);

        assertThat(hh.vacancy(published).archived()).isFalse();
        assertThat(sim.state().jobsByExternalId("SN-2").get(0).status()).isEqualTo("active");
        assertThat(lines(done().resolve("typo.csv.report.csv"))).hasSize(3).anySatisfy(line -> assertThat(line)
                .startsWith("1;SN-2;rejected;").contains("hhru")).noneMatch(line -> line.contains(";closed;"));
    }

    private String hhId(String externalId) {
        return hh.publishedVacancies().stream().filter(vacancy -> externalId.equals(vacancy.code()))
                .map(HhPublishedVacancy::id).findFirst().orElseThrow();
    }

    private static String row(String externalId, String title) {
        return row(externalId, title, "vkrabota|hh");
    }

    private static String row(String externalId, String title, String boards) {
        return externalId + ";" + title + ";Работа на складе;55,75;37,61;Москва;3;" + boards + ";1;96;" + HH_DESCRIPTION
                + ";standard;open\n";
    }
}
