package ru.rabota.bridge.backgrounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.kafka.BridgeHeaders;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.SimulatedVkTestSupport;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;

/** Background images from the inbox folder and delete commands, against the VK simulator. */
class BackgroundsTest extends SimulatedVkTestSupport {

    private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};

    private Path folder;
    private long job;
    private long otherJob;

    @Override
    protected Map<String, String> properties() {
        try {
            folder = Files.createTempDirectory("backgrounds");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("bridge.backgrounds.inbox", folder.resolve("inbox").toString(),
                "bridge.backgrounds.poll-interval-ms", "200");
    }

    @BeforeAll
    void jobs() {
        job = bridge.vk().state().addJob("Курьер", "HR-BG-1").id();
        otherJob = bridge.vk().state().addJob("Кладовщик", "HR-BG-2").id();
        bridge.app().context().getRegistry().lookupByNameAndType("jobState", KafkaStateStore.class)
                .put("HR-BG-1", "{\"job_id\":\"" + job + "\"}");
    }

    @Test
    void anImageWithoutSidecarBecomesTheUsersBackgroundAndMovesToDone() throws Exception {
        drop("user.jpg", null);

        Path done = folder.resolve("done/user.jpg");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));

        assertThat(bridge.vk().state().userBackground()).isPresent();
        RecordedRequest upload = vkCalls("/background").get(0);
        assertThat(upload.method()).isEqualTo("PUT");
        assertThat(upload.header("content-type")).startsWith("multipart/form-data");
        JsonNode report = json(Files.readString(folder.resolve("done/user.jpg.report.json")));
        assertThat(report.path("outcome").asText()).isEqualTo("ok");
        assertThat(results("user")).singleElement().satisfies(result -> {
            assertThat(result.path("event").asText()).isEqualTo("background.upload_result");
            assertThat(result.path("outcome").asText()).isEqualTo("ok");
            assertThat(result.path("origin").asText()).isEqualTo("file:user.jpg");
            assertThat(result.at("/response/assetable_type").asText()).isEqualTo("User");
        });
    }

    @Test
    void aJobVkLeftOutAndAnUnknownExternalIdFailWhileTheOtherJobSucceeds() throws Exception {
        drop("mixed.png", "{\"external_ids\":[\"HR-BG-1\",\"HR-NOPE\"],\"job_ids\":[\"99999\"]}");

        Path error = folder.resolve("error/mixed.png");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error));

        assertThat(bridge.vk().state().jobBackground(job)).isPresent();
        assertThat(Files.exists(folder.resolve("error/mixed.png.json"))).isTrue();
        assertThat(Files.exists(folder.resolve("inbox/mixed.png"))).isFalse();
        JsonNode report = json(Files.readString(folder.resolve("error/mixed.png.report.json")));
        assertThat(report.path("outcome").asText()).isEqualTo("failed");
        assertThat(report.path("results")).extracting(r -> r.path("outcome").asText())
                .containsExactlyInAnyOrder("ok", "failed", "rejected");
        assertThat(results("HR-BG-1")).singleElement()
                .satisfies(result -> assertThat(result.path("outcome").asText()).isEqualTo("ok"))
                .satisfies(result -> assertThat(result.path("job_id").asText()).isEqualTo(String.valueOf(job)));
        assertThat(results("99999")).singleElement().satisfies(result -> assertThat(result.path("detail").asText())
                .isEqualTo("VK did not handle job 99999: it has no background, does not exist or is not yours"));
        assertThat(results("HR-NOPE")).singleElement().satisfies(result -> assertThat(result.path("detail").asText())
                .isEqualTo("external_id \"HR-NOPE\" is no job the bundle published"));
    }

    @Test
    void anItemWithErrorsInsideA200AnswerIsAFailureOfItsJob() throws Exception {
        drop("small.jpg", "{\"job_ids\":[\"" + otherJob + "\"],\"crop_w\":100,\"crop_h\":100,\"crop_x\":0,\"crop_y\":0}");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("error/small.jpg")));

        assertThat(results(String.valueOf(otherJob))).singleElement().satisfies(result -> {
            assertThat(result.path("outcome").asText()).isEqualTo("failed");
            assertThat(result.path("detail").asText()).isEqualTo("Размер обрезанного изображения меньше допустимого (640×180)");
            assertThat(result.at("/response/id").isNull()).isTrue();
        });
        assertThat(bridge.vk().state().jobBackground(otherJob)).isEmpty();
    }

    @Test
    void aDeleteCommandReportsEachJob() throws Exception {
        long withBackground = bridge.vk().state().addJob("Грузчик", "HR-BG-3").id();
        drop("delete-me.jpg", "{\"job_ids\":[\"" + withBackground + "\"]}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("done/delete-me.jpg")));

        JsonNode results = bridge.result("backgrounds-command", "{\"command\":\"delete_background\",\"request_id\":\"d-1\","
                + "\"job_ids\":[\"" + withBackground + "\",\"" + otherJob + "\"]}");

        assertThat(results).extracting(r -> r.path("outcome").asText()).containsExactly("ok", "failed");
        assertThat(results.get(0).path("request_id").asText()).isEqualTo("d-1");
        assertThat(results.get(0).path("event").asText()).isEqualTo("background.delete_result");
        assertThat(bridge.vk().state().jobBackground(withBackground)).isEmpty();
        assertThat(vkCalls("/background").get(vkCalls("/background").size() - 1).body())
                .isEqualTo("{\"job_ids\":[\"" + withBackground + "\",\"" + otherJob + "\"]}");
    }

    @Test
    void aJobIdThatIsNoVkIdIsRejectedNamingItWhileTheOtherJobIsDeleted() throws Exception {
        long withBackground = bridge.vk().state().addJob("Сборщик", "HR-BG-5").id();
        drop("delete-one.jpg", "{\"job_ids\":[\"" + withBackground + "\"]}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("done/delete-one.jpg")));

        // the customer's own id given as a job id, as the VAS commands refuse it
        JsonNode results = bridge.result("backgrounds-command", "{\"command\":\"delete_background\",\"request_id\":\"d-3\","
                + "\"job_ids\":[\"" + withBackground + "\",\"HR-BG-5\"]}");

        // the results decided before the call come first, as an unknown external_id's
        assertThat(results).extracting(r -> r.path("outcome").asText()).containsExactly("rejected", "ok");
        assertThat(results.get(0).path("job_id").asText()).isEqualTo("HR-BG-5");
        assertThat(results.get(0).path("detail").asText()).contains("job_ids").contains("\"HR-BG-5\"")
                .contains("external_id");
        assertThat(bridge.vk().state().jobBackground(withBackground)).isEmpty();
        assertThat(vkCalls("/background").get(vkCalls("/background").size() - 1).body())
                .isEqualTo("{\"job_ids\":[\"" + withBackground + "\"]}");
    }

    @Test
    void aDeleteWithoutTargetsDeletesNothing() {
        JsonNode results = bridge.result("backgrounds-command", "{\"command\":\"delete_background\",\"request_id\":\"d-2\"}");

        assertThat(results).singleElement().satisfies(result -> assertThat(result.path("outcome").asText()).isEqualTo("rejected"));
        assertThat(vkCalls("/background")).isEmpty();
    }

    @Test
    void anImageWhoseUploadTheStopInterruptedIsUploadedAfterTheRestart() throws Exception {
        bridge.vk().faults().onPaths(".*/background").serverErrors(1.0);
        drop("outage.jpg", "{\"external_ids\":[\"HR-BG-1\"]}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !vkCalls("/background").isEmpty());

        bridge.restart();
        Instant restarted = Instant.now();
        bridge.vk().faults().reset();

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("done/outage.jpg")));
        assertThat(Files.exists(folder.resolve("error/outage.jpg"))).isFalse();
        // VK failed every upload until the faults were reset, after the restart: one upload went through then
        assertThat(vkCalls("/background")).filteredOn(call -> call.status() / 100 == 2).singleElement()
                .satisfies(upload -> assertThat(upload.at()).isAfter(restarted));
        // another test publishes a result for HR-BG-1 too: this image's alone, all of them
        assertThat(TestKafka.consumeUntilQuiet(bridge.app().topic(Topic.BACKGROUNDS_RESULTS), Duration.ofSeconds(2),
                Duration.ofSeconds(30)).stream().filter(record -> record.key().equals("HR-BG-1"))
                .map(record -> json(record.value())).filter(result -> result.path("origin").asText()
                        .equals("file:outage.jpg")))
                .singleElement().satisfies(result -> assertThat(result.path("outcome").asText()).isEqualTo("ok"));
    }

    @Test
    void aSidecarLeftInDoneDoesNotStopTheImageOfItsNameFromMoving() throws Exception {
        Path done = Files.createDirectories(folder.resolve("done"));
        Files.writeString(done.resolve("again.jpg.json"), "{\"job_ids\":[\"1\"]}");
        drop("again.jpg", "{\"job_ids\":[\"" + otherJob + "\"]}");

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(folder.resolve("inbox/again.jpg")));
        Thread.sleep(1_000);

        assertThat(vkCalls("/background")).hasSize(1);
        assertThat(results(String.valueOf(otherJob))).filteredOn(result -> result.path("origin").asText()
                .equals("file:again.jpg")).hasSize(1);
        assertThat(Files.readString(done.resolve("again.jpg.json"))).isEqualTo("{\"job_ids\":[\"1\"]}");
    }

    /** Writes the sidecar first, then the image, as a customer should. */
    private void drop(String name, String sidecar) throws IOException {
        Path inbox = Files.createDirectories(folder.resolve("inbox"));
        if (sidecar != null) {
            Files.writeString(inbox.resolve(name + ".json"), sidecar);
        }
        Path temporary = Files.write(folder.resolve(name + ".tmp"), IMAGE);
        Files.move(temporary, inbox.resolve(name));
    }

    private List<JsonNode> results(String key) {
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.consume(bridge.app().topic(Topic.BACKGROUNDS_RESULTS), Integer.MAX_VALUE, Duration.ofSeconds(1)),
                all -> all.stream().anyMatch(record -> record.key().equals(key)));
        return records.stream().filter(record -> record.key().equals(key))
                .peek(record -> assertThat(TestKafka.header(record, BridgeHeaders.EVENT)).isEqualTo("background.upload_result"))
                .map(record -> json(record.value())).toList();
    }

    private static JsonNode json(String text) {
        return CommandJson.parse(text).tree();
    }
}
