package ru.rabota.sandbox.http;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MultipartFormTest {

    @Test
    void splitsPartsKeepingFileBytesAndRepeatedFields() {
        String body = "--b0\r\nContent-Disposition: form-data; name=\"data\"; filename=\"bg.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nxx\r\n--b1yy\r\n"
                + "--b0\r\ncontent-disposition: form-data; name=\"job_ids[]\"\r\n\r\n7\r\n"
                + "--b0\r\nContent-Disposition: form-data; name=\"job_ids[]\"\r\n\r\nМосква\r\n--b0--\r\n";

        MultipartForm form = MultipartForm.parse("multipart/form-data; boundary=\"b0\"",
                body.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        MultipartForm.Part file = form.first("data").orElseThrow();
        assertThat(file.isFile()).isTrue();
        assertThat(file.fileName()).isEqualTo("bg.jpg");
        assertThat(file.contentType()).isEqualTo("image/jpeg");
        assertThat(file.text()).isEqualTo("xx\r\n--b1yy");
        assertThat(form.all("job_ids[]")).extracting(MultipartForm.Part::text).containsExactly("7", "Москва");
    }

    @Test
    void aBodyThatIsNotMultipartGivesNothing() {
        assertThat(MultipartForm.parse("application/json", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(MultipartForm.parse(null, new byte[0])).isEmpty();
    }
}
