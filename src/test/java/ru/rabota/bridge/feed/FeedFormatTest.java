package ru.rabota.bridge.feed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FeedFormatTest {

    @TempDir
    Path dir;

    @Test
    void delimitersInsideQuotesDoNotCount() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "a;\"b,c,d\";e\n1,2,3,4,5,6\n", StandardCharsets.UTF_8);

        assertThat(FeedFormat.detect(feed, null).delimiter()).isEqualTo(';');
    }

    @Test
    void blankLinesBeforeTheHeaderAreSkipped() throws Exception {
        Path feed = Feeds.write(dir, "jobs.csv", "\r\n\r\nexternal_id;title;lat\n", StandardCharsets.UTF_8);

        assertThat(FeedFormat.detect(feed, null).delimiter()).isEqualTo(';');
    }

    @Test
    void aCharacterCutByTheEndOfTheSampleStillReadsAsUtf8() throws Exception {
        // "ж" is two bytes in UTF-8: the sample ends between them
        String header = "external_id,title\n";
        String text = header + "x".repeat(FeedFormat.SAMPLE_BYTES - header.length() - 1) + "ж\n";

        assertThat(FeedFormat.detect(Feeds.write(dir, "jobs.csv", text, StandardCharsets.UTF_8), null))
                .isEqualTo(new FeedFormat(StandardCharsets.UTF_8, false, ','));
    }

    @Test
    void aFeedWhoseFirstRowsAreAllAsciiIsReadInTheCharsetOfItsFirstOtherByte() throws Exception {
        // before, the ASCII sample decoded as UTF-8, and the windows-1251 rows after it became replacement characters
        String ascii = "external_id;title\n" + "HR-1;Driver\n".repeat(FeedFormat.SAMPLE_BYTES / 12 + 100);
        String cyrillic = ascii + "HR-2;Курьер\n";

        assertThat(FeedFormat.detect(Feeds.write(dir, "1251.csv", cyrillic, FeedFormat.WINDOWS_1251), null).charset())
                .isEqualTo(FeedFormat.WINDOWS_1251);
        assertThat(FeedFormat.detect(Feeds.write(dir, "utf8.csv", cyrillic, StandardCharsets.UTF_8), null).charset())
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(FeedFormat.detect(Feeds.write(dir, "ascii.csv", ascii, StandardCharsets.UTF_8), null).charset())
                .isEqualTo(StandardCharsets.UTF_8);
        // the first such byte ends a chunk: a few more decide
        String atChunkEnd = "x".repeat(2 * FeedFormat.SAMPLE_BYTES - 1) + "Р;\n";
        assertThat(FeedFormat.detect(Feeds.write(dir, "end.csv", atChunkEnd, FeedFormat.WINDOWS_1251), null)
                .charset()).isEqualTo(FeedFormat.WINDOWS_1251);
        assertThat(FeedFormat.detect(Feeds.write(dir, "end8.csv", atChunkEnd, StandardCharsets.UTF_8), null)
                .charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void aByteOrderMarkMeansUtf8WhateverTheSetting() throws Exception {
        Path feed = Feeds.writeUtf8WithBom(dir, "jobs.csv", "external_id;title\n");

        assertThat(FeedFormat.detect(feed, FeedFormat.WINDOWS_1251))
                .isEqualTo(new FeedFormat(StandardCharsets.UTF_8, true, ';'));
    }
}
