package ru.rabota.bridge.feed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.jobs.Job;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.properties.InvalidPropertyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class FeedReaderTest {

    @TempDir
    Path dir;

    @Test
    void windows1251WithSemicolonsAndDecimalCommas() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", """
                external_id;title;description;lat;long;address;profession;salary_from;salary_to;salary_period;remote;auto_renew
                HR-1;Повар;Горячий цех;55,75;37,61;Москва, Тверская ул., 1;Актер;50 000;70000;monthly;да;нет
                """, FeedFormat.WINDOWS_1251);

        try (FeedReader reader = FeedReader.open(feed, null)) {
            assertThat(reader.format()).isEqualTo(new FeedFormat(FeedFormat.WINDOWS_1251, false, ';'));
            FeedRow row = reader.next();
            assertThat(reader.hasNext()).isFalse();

            assertThat(row.row()).isEqualTo(1);
            assertThat(row.origin()).isEqualTo("csv:jobs.csv#1");
            assertThat(row.externalId()).isEqualTo("HR-1");
            assertThat(row.readable()).isTrue();
            JobCommand command = row.command();
            assertThat(command.command()).isEqualTo("upsert");
            assertThat(command.profession()).isEqualTo("Актер");
            Job job = command.job();
            assertThat(job.title()).isEqualTo("Повар");
            assertThat(job.address()).isEqualTo("Москва, Тверская ул., 1");
            assertThat(job.lat()).isEqualByComparingTo("55.75");
            assertThat(job.longitude()).isEqualByComparingTo("37.61");
            assertThat(job.salaryFrom()).isEqualByComparingTo("50000");
            assertThat(job.salaryPeriod()).isEqualTo("monthly");
            assertThat(job.remote()).isTrue();
            assertThat(job.autoRenew()).isFalse();
        }
    }

    @Test
    void utf8WithBomAndCommasWithQuotedDelimitersAndLineBreaks() throws Exception {
        Path feed = Feeds.writeUtf8WithBom(dir, "jobs.csv", """
                external_id,title,description,lat,long,address,profession_id,remote
                HR-1,"Повар, су-шеф","Горячий цех;
                две смены, ""Кухня""\",55.75,37.61,"Москва, Тверская ул., 1",85,1
                HR-2,Кассир,Касса,55.7,37.6,Москва,93,0
                """);

        List<FeedRow> rows = Feeds.readAll(feed, null);

        assertThat(rows).extracting(FeedRow::row, FeedRow::externalId, FeedRow::error)
                .containsExactly(tuple(1, "HR-1", null), tuple(2, "HR-2", null));
        Job job = rows.get(0).command().job();
        assertThat(job.title()).isEqualTo("Повар, су-шеф");
        assertThat(job.description()).isEqualTo("Горячий цех;\nдве смены, \"Кухня\"");
        assertThat(job.remote()).isTrue();
        assertThat(rows.get(0).command().professionId()).isEqualTo(85);
        assertThat(rows.get(1).command().job().remote()).isFalse();
    }

    @Test
    void utf8WithoutBomIsDetected() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;title\nHR-1;Повар\n", StandardCharsets.UTF_8);

        try (FeedReader reader = FeedReader.open(feed, null)) {
            assertThat(reader.format()).isEqualTo(new FeedFormat(StandardCharsets.UTF_8, false, ';'));
            assertThat(reader.next().command().job().title()).isEqualTo("Повар");
        }
    }

    @Test
    void theCharsetSettingWinsOverDetection() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;title\nHR-1;Повар\n", StandardCharsets.UTF_8);

        assertThat(Feeds.readAll(feed, FeedFormat.charsetSetting(" windows-1251 ")).get(0).command().job().title())
                .isEqualTo(new String("Повар".getBytes(StandardCharsets.UTF_8), FeedFormat.WINDOWS_1251));
        assertThat(Feeds.readAll(feed, FeedFormat.charsetSetting("")).get(0).command().job().title())
                .isEqualTo("Повар");
    }

    @Test
    void anUnknownCharsetSettingIsNamed() {
        // an InvalidPropertyException: the start's one ERROR line is its message (before, the JVM's cause alone:
        // "Not started: cp-klingon", and a stack trace)
        assertThatThrownBy(() -> FeedFormat.charsetSetting("cp-klingon")).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("bridge.feed.charset = 'cp-klingon' is not a charset this JVM knows, such as windows-1251"
                        + " or UTF-8");
    }

    @Test
    void badRowsSayWhyAndGoodRowsNextToThemStayIntact() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", """
                external_id;title;lat;long;remote;profession_id
                HR-1;Повар;55,75;37,61;да;85
                HR-2;Кассир;abc;37,61;может быть;85
                ;Без номера;55,7;37,6;нет;85
                HR-4;Лишнее;55,7;37,6;нет;85;ещё
                HR-5;Грузчик;55,7;37,6;нет;3.5
                ;;;;;
                HR-6;Водитель;55,7;37,6;нет;85
                """, FeedFormat.WINDOWS_1251);

        List<FeedRow> rows = Feeds.readAll(feed, null);

        assertThat(rows).extracting(FeedRow::row, FeedRow::externalId, FeedRow::error).containsExactly(
                tuple(1, "HR-1", null),
                tuple(2, "HR-2", "lat: 'abc' is not a number; remote: 'может быть' is not one of true, false, 1, 0, да, нет"),
                tuple(3, null, "external_id: missing"),
                tuple(4, "HR-4", "the row has 7 values, the header 6"),
                tuple(5, "HR-5", "profession_id: '3.5' is not an integer"),
                tuple(6, "HR-6", null));
        assertThat(rows.get(0).command().job().title()).isEqualTo("Повар");
        assertThat(rows.get(5).command().job().title()).isEqualTo("Водитель");
        // of an unreadable row only what says where its rejection goes
        assertThat(rows.get(1).command().job()).isNull();
        assertThat(rows.get(1).rejection().origin()).isEqualTo("csv:jobs.csv#2");
        assertThat(rows.get(1).rejection().error().detail()).startsWith("lat: 'abc' is not a number");
    }

    @Test
    void aCellWithBytesTheDetectedCharsetCannotReadIsARowErrorNamingItsColumn() throws Exception {
        // UTF-8 as far as detection looks (64 KB), then a row pasted from a windows-1251 source
        StringBuilder head = new StringBuilder("external_id;title\n");
        for (int row = 1; head.length() < 70_000; row++) {
            head.append("HR-").append(row).append(";Повар на кухню ресторана, смены два через два\n");
        }
        Path feed = dir.resolve("jobs.csv");
        Files.write(feed, concat(head.toString().getBytes(StandardCharsets.UTF_8),
                "HR-X;Курьер\n".getBytes(FeedFormat.WINDOWS_1251), "HR-Y;Кассир\n".getBytes(StandardCharsets.UTF_8)));

        List<FeedRow> rows = Feeds.readAll(feed, null);

        FeedRow pasted = rows.get(rows.size() - 2);
        assertThat(pasted.externalId()).isEqualTo("HR-X");
        assertThat(pasted.error()).startsWith("title: '").endsWith("' has bytes that are no UTF-8");
        assertThat(rows.get(rows.size() - 1).command().job().title()).isEqualTo("Кассир");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void aCommaIsNotADecimalSeparatorInACommaFeed() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id,lat\nHR-1,\"55,75\"\n", StandardCharsets.UTF_8);

        assertThat(Feeds.readAll(feed, null).get(0).error()).isEqualTo("lat: '55,75' is not a number");
    }

    /** Read as they were, 1e999999999 and the like took the heap or hours wherever they were printed or hashed. */
    @Test
    void aNumberWithAbsurdlyManyDigitsIsTheRowsErrorQuickly() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;lat;long;salary_from\n"
                + "HR-1;1e999999999;-1e999999999;1e9999999\nHR-2;1e-999999999;37,6;50 000\n", StandardCharsets.UTF_8);

        List<FeedRow> rows = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Feeds.readAll(feed, null));

        String digits = " has more than 30 digits before or after the decimal point";
        assertThat(rows).extracting(FeedRow::error).containsExactly(
                "lat: '1e999999999'" + digits + "; long: '-1e999999999'" + digits + "; salary_from: '1e9999999'"
                        + digits, "lat: '1e-999999999'" + digits);
    }

    @Test
    void anHhCellWithABarStaysTextForTheHhBodyToSplitWhereAListIsMeant() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;hh.professional_roles;hh.description;hh.accept_kids\n"
                + "HR-1;96|97;<p>Оформление | выплаты</p>;true\n", StandardCharsets.UTF_8);

        JobCommand command = Feeds.readAll(feed, null).get(0).command();
        assertThat(command.hh().get("professional_roles").asText()).isEqualTo("96|97");
        assertThat(command.hh().get("description").asText()).isEqualTo("<p>Оформление | выплаты</p>");
        assertThat(command.hh().get("accept_kids").asBoolean()).isTrue();
    }

    @Test
    void aCellWithTextAfterItsClosingQuoteDoesNotStopTheRowsAfterIt() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", """
                external_id;title;address
                HR-1;Кладовщик;"ООО "Ромашка"";Склад
                HR-2;Водитель;Москва
                """, StandardCharsets.UTF_8);

        // before, the file was unreadable from that row on: the rows after it were never published
        List<FeedRow> rows = Feeds.readAll(feed, null);
        assertThat(rows).extracting(FeedRow::externalId).containsExactly("HR-1", "HR-2");
        assertThat(rows.get(1).command().job().title()).isEqualTo("Водитель");
    }

    @Test
    void closeRowsCarryTheirReason() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", """
                External_ID ; Command ; Reason
                HR-1;close;closed_found
                """, StandardCharsets.UTF_8);

        assertThat(Feeds.readAll(feed, null).get(0).command())
                .isEqualTo(new JobCommand("close", "HR-1", null, null, null, null, "closed_found", null));
    }

    @Test
    void anExcelSeparatorLineBeforeTheHeaderIsNoRowAndNoHeader() throws Exception {
        Path semicolons = Feeds.write(dir, "semicolons.csv", """
                sep=;
                external_id;title;lat
                HR-1;Повар, су-шеф;55,75
                """, FeedFormat.WINDOWS_1251);
        Path commas = Feeds.writeUtf8WithBom(dir, "commas.csv", "SEP=,\r\nexternal_id,title,lat\r\nHR-2,Повар,55.75\r\n");

        // before, the file went to error/: "its first line names no known column"
        try (FeedReader reader = FeedReader.open(semicolons, null)) {
            assertThat(reader.format().delimiter()).isEqualTo(';');
            FeedRow row = reader.next();
            assertThat(reader.hasNext()).isFalse();
            assertThat(row.row()).isEqualTo(1);
            assertThat(row.error()).isNull();
            assertThat(row.command().job().title()).isEqualTo("Повар, су-шеф");
            assertThat(row.command().job().lat()).isEqualByComparingTo("55.75");
        }
        assertThat(Feeds.readAll(commas, null)).extracting(FeedRow::row, FeedRow::externalId, FeedRow::error)
                .containsExactly(tuple(1, "HR-2", null));
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptyFeed() throws Exception {
        assertThat(Feeds.readAll(Feeds.write(dir, "jobs.csv", "external_id;title\n", StandardCharsets.UTF_8), null))
                .isEmpty();
    }

    @Test
    void anUnknownColumnMakesTheFileUnreadable() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;title;salary\nHR-1;Повар;5\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FeedReader.open(feed, null)).isInstanceOf(FeedUnreadableException.class)
                .hasMessageStartingWith("bad header: unknown column 'salary' (known columns: external_id, title,");
    }

    @Test
    void duplicatedNamelessAndMissingColumnsAreAllNamed() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "title;lat;;Title\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FeedReader.open(feed, null)).isInstanceOf(FeedUnreadableException.class)
                .hasMessageStartingWith("bad header: column 3 has no name; duplicated column 'title' (columns 1 and 4); "
                        + "no external_id column (known columns:");
    }

    @Test
    void emptyAndBlankFilesAreFeedsWithoutRows() throws Exception {
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        Path blank = Feeds.writeUtf8WithBom(dir, "blank.csv", " \r\n\r\n");

        assertThat(Feeds.readAll(empty, null)).isEmpty();
        assertThat(Feeds.readAll(blank, null)).isEmpty();
    }

    @Test
    void binaryFilesAreUnreadable() throws Exception {
        Path zip = Files.write(dir.resolve("jobs.zip"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        Path utf16 = Feeds.write(dir, "utf16.csv", "external_id;title\n", StandardCharsets.UTF_16LE);

        assertThatThrownBy(() -> FeedReader.open(zip, null)).isInstanceOf(FeedUnreadableException.class)
                .hasMessageStartingWith("not a text file: it contains the byte 0x03");
        assertThatThrownBy(() -> FeedReader.open(utf16, null)).isInstanceOf(FeedUnreadableException.class)
                .hasMessageContaining("UTF-16 is not supported");
    }

    @Test
    void aQuoteLeftOpenToTheEndStopsTheFileAfterTheRowsBeforeIt() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;title\nHR-1;Повар\nHR-2;\"Кассир\nHR-3;Грузчик\n",
                StandardCharsets.UTF_8);

        try (FeedReader reader = FeedReader.open(feed, null)) {
            assertThat(reader.next().externalId()).isEqualTo("HR-1");
            assertThatThrownBy(reader::hasNext).isInstanceOf(FeedUnreadableException.class)
                    .hasMessageStartingWith("not readable as CSV after row 1: ");
        }
    }

    /**
     * A quote left open near the top of a large file: the rest of it would be one cell, built in memory (a 400 MB
     * feed ran the heap out of memory, and was read again and again); a row that runs on past four million
     * characters stops the file there, as any broken quoting does, and a long row short of that reads.
     */
    @Test
    void aRowThatRunsOnPastFourMillionCharactersStopsTheFile() throws Exception {
        String rest = "HR-3;Грузчик\n".repeat(400_000);
        Path feed = Feeds.write(dir, "jobs.csv", "external_id;title\nHR-1;" + "П".repeat(3_900_000)
                + "\nHR-2;\"Кассир\n" + rest, StandardCharsets.UTF_8);

        try (FeedReader reader = FeedReader.open(feed, null)) {
            assertThat(reader.next().externalId()).isEqualTo("HR-1");
            assertThatThrownBy(reader::hasNext).isInstanceOf(FeedUnreadableException.class)
                    .hasMessage("not readable as CSV after row 1: a row longer than 4000000 characters (a quote left"
                            + " open?)");
        }
    }

    /**
     * A file without its header: its first row's cells are named as no column, not quoted (a phone, an address in the
     * log and the error file): before, "unknown column '79990001122'" for each of them.
     */
    @Test
    void aFileWithoutItsHeaderSaysSoWithoutQuotingItsFirstRow() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "HR-1;Курьер;79990001122;Москва, Тверская улица, 1\n",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FeedReader.open(feed, null)).isInstanceOf(FeedUnreadableException.class)
                .hasMessageStartingWith("bad header: its first line names no known column (4 cells), a feed starts"
                        + " with a header row (known columns: external_id,")
                .message().doesNotContain("79990001122").doesNotContain("Тверская");
    }
}
