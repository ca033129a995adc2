package ru.rabota.sandbox.vk;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VkBackgroundTest extends VkSimulatorTestSupport {

    private static final String BOUNDARY = "---011000010111000001101001";

    /** A multipart body like curl's --form: the image first, then the text fields. */
    private Answer upload(boolean withImage, String... fields) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (withImage) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"bg.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, 0x0D, 0x0A, 0x2D, 0x2D, (byte) 0xFF, (byte) 0xD9});
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < fields.length; i += 2) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(authed("/background").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    @Test
    void anUploadAnswers200WithAFailedItemForATooSmallCrop() throws Exception {
        long job = sim.state().addJob("Курьер", "HR-1").id();
        long other = sim.state().addJob("Продавец", "HR-2").id();

        Answer fits = upload(true, "job_ids[]", Long.toString(job), "job_ids[]", "424242", "crop_h", "480",
                "crop_w", "640", "crop_x", "120", "crop_y", "200");
        Answer tooSmall = upload(true, "job_ids[]", Long.toString(other), "crop_h", "480", "crop_w", "600");

        assertThat(fits.status()).isEqualTo(200);
        assertThat(fits.body().path("data")).hasSize(1);
        JsonNode saved = fits.body().path("data").path(0);
        assertThat(saved.path("type").asText()).isEqualTo("background_extended");
        assertThat(saved.at("/attributes/assetable_type").asText()).isEqualTo("Job");
        assertThat(saved.at("/attributes/assetable_id").asLong()).isEqualTo(job);
        assertThat(saved.at("/attributes/content_type").asText()).isEqualTo("image/jpeg");
        assertThat(saved.at("/attributes/errors").isEmpty()).isTrue();
        assertThat(sim.state().jobBackground(job)).isPresent();

        assertThat(tooSmall.status()).isEqualTo(200);
        JsonNode failed = tooSmall.body().path("data").path(0);
        assertThat(failed.path("id").isNull()).isTrue();
        assertThat(failed.at("/attributes/id").isNull()).isTrue();
        assertThat(failed.at("/attributes/errors/base/0").asText())
                .isEqualTo("Размер обрезанного изображения меньше допустимого (640×180)");
        assertThat(sim.state().jobBackground(other)).isEmpty();
    }

    @Test
    void withoutJobsTheUsersBackgroundIsReplacedAndDeleted() throws Exception {
        Answer uploaded = upload(true);
        Answer deleted = send(authed("/background").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{}")));
        Answer deletedAgain = send(authed("/background").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(uploaded.body().at("/data/0/attributes/assetable_type").asText()).isEqualTo("User");
        assertThat(uploaded.body().at("/data/0/attributes/assetable_id").asLong()).isEqualTo(888);
        assertThat(deleted.body().at("/data/0/id").asText()).isEqualTo(uploaded.body().at("/data/0/id").asText());
        assertThat(deletedAgain.body().path("data")).isEmpty();
        assertThat(sim.state().userBackground()).isEmpty();
    }

    @Test
    void deletingJobBackgroundsSkipsJobsWithout() throws Exception {
        long job = sim.state().addJob("Курьер", "HR-1").id();
        long bare = sim.state().addJob("Продавец", "HR-2").id();
        upload(true, "job_ids[]", Long.toString(job));

        Answer deleted = send(authed("/background").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        MAPPER.writeValueAsString(Map.of("job_ids", new String[] {"" + job, "" + bare})))));

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("data")).hasSize(1);
        assertThat(deleted.body().at("/data/0/attributes/assetable_id").asLong()).isEqualTo(job);
        assertThat(sim.state().jobBackground(job)).isEmpty();
    }

    @Test
    void anUploadWithoutImageIsRefused() throws Exception {
        Answer answer = upload(false, "crop_w", "640");

        assertThat(answer.status()).isEqualTo(422);
    }
}
