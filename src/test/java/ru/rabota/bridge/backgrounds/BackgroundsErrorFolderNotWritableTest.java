package ru.rabota.bridge.backgrounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;

/**
 * An image whose upload VK answered but that cannot be moved out of the inbox (error/ not writable: here a file where
 * the folder should be) must not be uploaded again at every poll, nor its results published again: the feeds'
 * FeedErrorFolderNotWritableTest, for the background images' inbox.
 */
class BackgroundsErrorFolderNotWritableTest extends SimulatedVkTestSupport {

    private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};

    private Path folder;

    @Override
    protected Map<String, String> properties() {
        try {
            folder = Files.createTempDirectory("backgrounds");
            // a file where the error folder should be
            Files.writeString(folder.resolve("error"), "not a folder");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("bridge.backgrounds.inbox", folder.resolve("inbox").toString(),
                "bridge.backgrounds.poll-interval-ms", "200");
    }

    @Test
    void anImageThatCannotBeMovedToErrorIsUploadedOnceAndItsResultPublishedOnce() throws Exception {
        long job = bridge.vk().state().addJob("Курьер", "HR-BGE-1").id();
        Path inbox = Files.createDirectories(folder.resolve("inbox"));
        // too small a crop: VK answers 200 with a failed item, so the image is for error/
        Files.writeString(inbox.resolve("small.jpg.json"),
                "{\"job_ids\":[\"" + job + "\"],\"crop_w\":100,\"crop_h\":100,\"crop_x\":0,\"crop_y\":0}");
        Path temporary = Files.write(folder.resolve("small.jpg.tmp"), IMAGE);
        Files.move(temporary, inbox.resolve("small.jpg"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !vkCalls("/background").isEmpty());
        // the inbox is read every 200 ms; an image is taken after a second without change
        Thread.sleep(6_000);

        assertThat(vkCalls("/background")).as("uploads of one image").hasSize(1);
        assertThat(TestKafka.consumeUntilQuiet(bridge.app().topic(Topic.BACKGROUNDS_RESULTS), Duration.ofSeconds(2),
                Duration.ofSeconds(30))).filteredOn(record -> record.key().equals(String.valueOf(job)))
                .as("results of one image's one job").hasSize(1);

        // error/ can be written again: the image moves there with its report, still uploaded once
        Files.delete(folder.resolve("error"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("error/small.jpg")));
        assertThat(folder.resolve("error/small.jpg.json")).exists();
        assertThat(folder.resolve("error/small.jpg.report.json")).exists();
        assertThat(vkCalls("/background")).as("uploads of one image").hasSize(1);
    }
}
