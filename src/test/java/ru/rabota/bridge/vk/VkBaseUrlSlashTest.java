package ru.rabota.bridge.vk;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.sandbox.http.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A VK Работа root written with a trailing slash ({@code .../api/external/v1/}) calls the same paths as one without:
 * {@code /api/external/v1/jobs}, never {@code /api/external/v1//jobs}, which the service does not have.
 */
class VkBaseUrlSlashTest extends VkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vk.base-url", vk.baseUrl() + "/");
    }

    @Test
    void aRootWithATrailingSlashCallsTheDocumentsPaths() {
        String id = job("HR-1");

        Exchange read = call("vk-get-job", Map.of(VkApi.JOB_ID, id), null);
        Exchange list = call("vk-list-jobs", Map.of(ApiHeaders.QUERY, Map.of("page[number]", 1)), null);

        assertThat(read.getException()).isNull();
        assertThat(list.getException()).isNull();
        assertThat(list.getMessage().getBody(JsonNode.class).path("data").isArray()).isTrue();
        assertThat(vk.requests()).extracting(RecordedRequest::path)
                .containsExactly("/session", "/jobs/" + id, "/jobs");
    }
}
