package ru.rabota.bridge.jobs;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import ru.rabota.bridge.testing.ThreadDump;

/** Feeds dropped into the bundle's inbox the way a customer should: written aside, then moved in. */
abstract class FeedTestSupport extends JobsTestSupport {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** The header of a feed of VK Работа's required columns. */
    static final String HEADER = "external_id;title;description;lat;long;address;profession_id\n";

    Path done() {
        return feeds.resolve("done");
    }

    Path error() {
        return feeds.resolve("error");
    }

    /** Puts a file where done/ should be: no feed can be opened (its report cannot be started) until it is deleted. */
    void spoilDone() throws IOException {
        Files.createDirectories(feeds);
        Files.writeString(done(), "not a folder");
    }

    /** A feed of one row that VK Работа takes. */
    static byte[] oneRow(String externalId) {
        return ("external_id;title;description;lat;long;address;profession_id\n" + externalId
                + ";Курьер;Доставка заказов;55,75;37,61;Москва;3\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Puts the feed into the inbox and returns once it left it (to done/ or error/). */
    void drop(String name, String text, Charset charset) {
        drop(name, text.getBytes(charset));
    }

    void drop(String name, byte[] bytes) {
        Path dropped = putInInbox(name, bytes);
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.notExists(dropped));
        } catch (ConditionTimeoutException e) {
            // a feed that stalls (seen rarely under load): where its rows wait
            ThreadDump.print("feed " + name + " still in the inbox");
            throw e;
        }
    }

    /** Puts the feed into the inbox and returns its path there at once. */
    Path putInInbox(String name, byte[] bytes) {
        try {
            Path inbox = Files.createDirectories(feeds.resolve("inbox"));
            Path aside = Files.write(feeds.resolve(name + ".writing"), bytes);
            return Files.move(aside, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, bytes, 0, BOM.length);
        System.arraycopy(body, 0, bytes, BOM.length, body.length);
        return bytes;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in a folder, sorted. */
    static List<String> names(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
