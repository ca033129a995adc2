package ru.rabota.bridge.backgrounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.feed.FeedFolders;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * What {@link BackgroundUploads} remembers of an image whose results wait for Kafka is forgotten once the image is
 * gone from the inbox: the steps of route {@code backgrounds-inbox} run here by hand, VK's answer given, Kafka down.
 */
class BackgroundUploadsForgetTest {

    private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 4, 5, 6};

    @TempDir
    Path folder;

    @Test
    void anImageRemovedWhileItsResultsWaitForKafkaIsForgottenSoTheNextOneWaitingIsWarnedOfAgain() throws Exception {
        KafkaOutput down = new KafkaOutput("", () -> {
            throw new IllegalStateException("Kafka is down");
        });
        Path inbox = Files.createDirectories(folder.resolve("inbox"));
        BackgroundUploads uploads = new BackgroundUploads(null, down, BridgeMeters.none(),
                FeedFolders.of(inbox.toString(), "", ""));
        try (DefaultCamelContext context = new DefaultCamelContext(); LogCapture logs = new LogCapture()) {
            Path first = Files.write(inbox.resolve("first.jpg"), IMAGE);
            uploadedWhileKafkaIsDown(uploads, context, first);
            assertThat(logs.lines("WARN", "Background file:first.jpg: its results wait for Kafka")).isOne();

            // removed from the inbox; Kafka may come back and go down again meanwhile: nothing waits for it, so
            // nothing can tell
            Files.delete(first);
            Path second = Files.write(inbox.resolve("second.jpg"), IMAGE);
            uploadedWhileKafkaIsDown(uploads, context, second);

            // before, first.jpg stayed remembered for good, and with it Kafka's trouble: no line for second.jpg
            assertThat(logs.lines("WARN", "Background file:second.jpg: its results wait for Kafka")).isOne();
            assertThat(logs.lines("INFO", "Background results go out again")).isZero();
        }
    }

    /** An image read from the inbox, uploaded (VK answered), its results not taken by Kafka. */
    private static void uploadedWhileKafkaIsDown(BackgroundUploads uploads, DefaultCamelContext context, Path image)
            throws IOException {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.FILE_PATH, image.toString());
        uploads.prepare(exchange);
        assertThat(exchange.getProperty(BackgroundUploads.UPLOAD, BackgroundUploads.Upload.class).call()).isTrue();
        exchange.getMessage().setBody(BridgeJson.MAPPER.readTree("{\"data\": []}"));
        uploads.uploaded(exchange);
        uploads.finish(exchange);
        assertThat(image).exists();
    }
}
