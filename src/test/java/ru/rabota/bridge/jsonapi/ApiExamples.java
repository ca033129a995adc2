package ru.rabota.bridge.jsonapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The API documents' response examples, cleaned into JSON, under {@code src/test/resources/api-examples/}. */
public final class ApiExamples {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiExamples() {
    }

    public static JsonNode vk(String name) {
        return read("vk/" + name);
    }

    public static JsonNode hh(String name) {
        return read("hh/" + name);
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String path) {
        try (InputStream in = ApiExamples.class.getResourceAsStream("/api-examples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
