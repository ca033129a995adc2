package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.feed.FeedFormat;

/**
 * A spreadsheet's export with delimiters after its last column (Excel keeps columns once used as empty ones, 1C ends
 * each line with {@code ;}): the header ends with nameless columns, and so do the rows.
 */
class FeedTrailingDelimitersTest extends FeedTestSupport {

    @Test
    void emptyColumnsAfterTheLastNamedOneArePublishedAsIfAbsentAndAValueThereIsItsRowsError() {
        drop("excel.csv", "external_id;title;description;lat;long;address;profession_id;;\n"
                + "TD-1;Курьер;Доставка заказов;55,75;37,61;Москва;3;;\n"
                // the delimiters after the last column left out on this line: nothing is shifted
                + "TD-2;Курьер;Доставка заказов;55,75;37,61;Москва;3\n"
                + "TD-3;Курьер;Доставка заказов;55,75;37,61;Москва;3;;заметка\n", FeedFormat.WINDOWS_1251);

        // before, the file went to error/: "bad header: column 8 has no name"
        assertThat(error().resolve("excel.csv.error.txt")).doesNotExist();
        assertThat(done().resolve("excel.csv")).exists();
        assertThat(lines(done().resolve("excel.csv.report.csv"))).containsExactly(
                "row;external_id;outcome;job_id;detail;board",
                "1;TD-1;created;" + sim.state().jobsByExternalId("TD-1").get(0).id() + ";;vkrabota",
                "2;TD-2;created;" + sim.state().jobsByExternalId("TD-2").get(0).id() + ";;vkrabota",
                "3;TD-3;rejected;;column 9 has no name in the header, but the row has 'заметка' there;vkrabota");
        assertThat(sim.state().jobsByExternalId("TD-3")).isEmpty();
    }
}
