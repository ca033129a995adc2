package ru.rabota.bridge.feed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

class FeedReportTest {

    @TempDir
    Path dir;

    @Test
    void oneLinePerRowInRowOrderWithTheFeedsDelimiter() throws Exception {
        Path file = dir.resolve(FeedReport.fileName("jobs.csv"));

        try (FeedReport report = FeedReport.create(file, ';', "jobs.csv")) {
            report.add(3, List.of(JobEvent.refused(Outcome.REJECTED, "HR-3", null, "csv:jobs.csv#3", null,
                    "job.lat: 95.1 is outside [-90, 90]; job.title: missing").onBoard("vkrabota")));
            report.add(1, List.of(done(Outcome.CREATED, "HR-1", "651").onBoard("vkrabota")));
            report.add(2, List.of(done(Outcome.UNCHANGED, "HR-2", "652").onBoard("vkrabota")));
            report.add(4, List.of(JobEvent.refused(Outcome.REJECTED, "HR-4", null, "csv:jobs.csv#4", 422,
                    "Возникли ошибки: Поле 'Адрес' не может быть пустым").onBoard("vkrabota")));
        }

        assertThat(file.getFileName()).hasToString("jobs.csv.report.csv");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
                row;external_id;outcome;job_id;detail;board\r
                1;HR-1;created;651;;vkrabota\r
                2;HR-2;unchanged;652;;vkrabota\r
                3;HR-3;rejected;;"job.lat: 95.1 is outside [-90, 90]; job.title: missing";vkrabota\r
                4;HR-4;rejected;;Возникли ошибки: Поле 'Адрес' не может быть пустым;vkrabota\r
                """);
    }

    @Test
    void aRowThatTakesLongDoesNotHoldMoreThanTheLimit() throws Exception {
        Path file = dir.resolve("jobs.csv.report.csv");

        try (FeedReport report = new FeedReport(file, ',', "jobs.csv", 2)) {
            report.add(2, List.of(done(Outcome.CREATED, "HR-2", "2").onBoard("vkrabota")));
            report.add(3, List.of(done(Outcome.CREATED, "HR-3", "3").onBoard("vkrabota")));
            report.add(4, List.of(done(Outcome.CREATED, "HR-4", "4").onBoard("vkrabota")));
            report.add(1, List.of(done(Outcome.UPDATED, "HR-1", "1").onBoard("vkrabota")));
            report.add(6, List.of(done(Outcome.CLOSED, "HR-6", "6").onBoard("vkrabota")));
        }

        assertThat(Files.readAllLines(file)).containsExactly("row,external_id,outcome,job_id,detail,board",
                "2,HR-2,created,2,,vkrabota", "3,HR-3,created,3,,vkrabota", "4,HR-4,created,4,,vkrabota",
                "1,HR-1,updated,1,,vkrabota", "6,HR-6,closed,6,,vkrabota");
    }

    @Test
    void aRowOnTwoBoardsHasALinePerBoard() throws Exception {
        Path file = dir.resolve("r.csv");

        try (FeedReport report = FeedReport.create(file, ',', "jobs.csv")) {
            report.add(1, List.of(done(Outcome.CREATED, "HR-1", "651").onBoard("vkrabota"),
                    JobEvent.refused(Outcome.REJECTED, "HR-1", null, "csv:jobs.csv#1", null, "hh.area: missing")
                            .onBoard("hh")));
            assertThat(report.summary().rows()).isOne();
        }

        assertThat(Files.readAllLines(file)).containsExactly("row,external_id,outcome,job_id,detail,board",
                "1,HR-1,created,651,,vkrabota", "1,HR-1,rejected,,hh.area: missing,hh");
    }

    @Test
    void theSummaryCountsEveryOutcome() throws Exception {
        FeedReport report = FeedReport.create(dir.resolve("r.csv"), ';', "jobs.csv");
        report.add(1, List.of(done(Outcome.CREATED, "HR-1", "1").onBoard("vkrabota")));
        report.add(2, List.of(done(Outcome.CREATED, "HR-2", "2").onBoard("vkrabota")));
        report.add(3, List.of(done(Outcome.UPDATED, "HR-3", "3").onBoard("vkrabota")));
        report.add(4, List.of(JobEvent.refused(Outcome.FAILED, "HR-4", null, "csv:jobs.csv#4", 503, "unavailable").onBoard("vkrabota")));
        report.close();

        FeedSummary summary = report.summary();
        assertThat(summary.rows()).isEqualTo(4);
        assertThat(summary.count(Outcome.CREATED)).isEqualTo(2);
        assertThat(summary.count(Outcome.REJECTED)).isZero();
        assertThat(summary.logLine()).matches("feed jobs\\.csv: 4 rows, 2 created, 1 updated, 0 unchanged, 0 closed, "
                + "0 revived, 0 rejected, 1 failed in \\d+\\.\\d s");
    }

    @Test
    void aFeedOfOneRowIsOneRow() throws Exception {
        FeedReport report = FeedReport.create(dir.resolve("r.csv"), ';', "one.csv");
        report.add(1, List.of(done(Outcome.CREATED, "HR-1", "1").onBoard("vkrabota")));
        report.close();

        assertThat(report.summary().logLine()).startsWith("feed one.csv: 1 row, 1 created, ");
    }

    @Property(tries = 200)
    void noCellStartsAFormula(@ForAll String cell) {
        String written = FeedReport.inert(cell);

        assertThat(written).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")
                .doesNotStartWith("\t").doesNotStartWith("\r");
        assertThat(written).isIn(cell, "'" + cell);
    }

    @Test
    void formulaCellsGetALeadingQuote() throws Exception {
        Path file = dir.resolve("r.csv");

        try (FeedReport report = FeedReport.create(file, ',', "jobs.csv")) {
            report.add(1, List.of(JobEvent.refused(Outcome.REJECTED, "=cmd|' /C calc'!A0", null, "csv:jobs.csv#1", null,
                    "-1 is negative").onBoard("vkrabota")));
            report.add(2, List.of(JobEvent.refused(Outcome.REJECTED, "\tHR-2", null, "csv:jobs.csv#2", null, "@x").onBoard("vkrabota")));
        }

        assertThat(Files.readAllLines(file)).containsExactly("row,external_id,outcome,job_id,detail,board",
                "1,'=cmd|' /C calc'!A0,rejected,,'-1 is negative,vkrabota", "2,'\tHR-2,rejected,,'@x,vkrabota");
    }

    private static JobEvent done(Outcome outcome, String externalId, String jobId) {
        return JobEvent.done(outcome, new JobCommand("upsert", externalId, null, 3, null, null, null, null),
                "csv:jobs.csv", jobId, null);
    }
}
