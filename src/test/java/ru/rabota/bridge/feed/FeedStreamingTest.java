package ru.rabota.bridge.feed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FeedStreamingTest {

    @TempDir
    Path dir;

    /** 200,000 rows take well over 100 MB as objects: in a 32 MB heap only a reader that streams gets through. */
    @Test
    void aLargeFeedIsReadInASmallHeap() throws Exception {
        Path feed = Feeds.generate(dir.resolve("big.csv"), 200_000);
        String java = ProcessHandle.current().info().command().orElse("java");

        Process reader = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Feeds.class.getName(), feed.toString()).redirectErrorStream(true).start();
        String output = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(reader.waitFor()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("200000 csv:big.csv#200000");
    }
}
