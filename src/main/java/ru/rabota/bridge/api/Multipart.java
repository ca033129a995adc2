package ru.rabota.bridge.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A {@code multipart/form-data} request body: as the body of an API call ({@link ApiRequestEncoder}) it is sent as such
 * instead of JSON. Fields keep their order; adding a name twice repeats it ({@code job_ids[]}). Built with HttpClient's own
 * encoder, then kept as bytes so that a retry sends the identical body.
 */
public final class Multipart {

    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    // LEGACY with UTF-8: field and file names in raw UTF-8, as browsers send them (EXTENDED garbles filename*)
    private final MultipartEntityBuilder builder = MultipartEntityBuilder.create()
            .setMode(HttpMultipartMode.LEGACY)
            .setContentType(ContentType.create("multipart/form-data"))
            .setCharset(StandardCharsets.UTF_8);

    public Multipart field(String name, String value) {
        builder.addTextBody(name, value, TEXT);
        return this;
    }

    public Multipart file(String name, byte[] content, String contentType, String fileName) {
        builder.addBinaryBody(name, content, ContentType.create(contentType), fileName);
        return this;
    }

    /** The encoded body and its content type (with the boundary). */
    public record Encoded(byte[] body, String contentType) {
    }

    public Encoded encode() {
        HttpEntity entity = builder.build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            entity.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a multipart body in memory", e);
        }
        return new Encoded(out.toByteArray(), entity.getContentType());
    }
}
