package ru.rabota.bridge.backgrounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.json.BridgeJson;

/** How VK's answers to background uploads and deletes become one result per job. */
class BackgroundResultsTest {

    /** The document's own answer to {@code DELETE /background} with {@code job_ids} 39085 and 39086. */
    private static final String DOCUMENTED_DELETE = """
            {"data": [
              {"id": "4904", "type": "background_extended", "attributes": {"id": 4904, "assetable_type": "User",
                "assetable_id": 2138, "content_type": "image/jpeg", "original": "https://example.com/123/bg.jpg",
                "cropped": "https://example.com/123/croped/bg.jpg", "errors": {}}},
              {"id": "4905", "type": "background_extended", "attributes": {"id": 4905, "assetable_type": "User",
                "assetable_id": 2138, "content_type": "image/jpeg", "original": "https://example.com/124/bg.jpg",
                "cropped": "https://example.com/124/croped/bg.jpg", "errors": {}}}
            ]}""";

    @Test
    void theDocumentsDeleteAnswerNamingTheUserIsReadJobByJobInTheOrderAsked() throws Exception {
        List<ObjectNode> results = BackgroundResults.of(BackgroundResults.DELETE_EVENT, "d-1", "kafka",
                List.of(new BackgroundTarget("HR-1", "39085"), new BackgroundTarget(null, "39086")),
                BridgeJson.MAPPER.readTree(DOCUMENTED_DELETE));

        assertThat(results).extracting(result -> result.path("outcome").asText()).containsExactly("ok", "ok");
        assertThat(results).extracting(result -> result.at("/response/id").asText()).containsExactly("4904", "4905");
        assertThat(results.get(0).path("external_id").asText()).isEqualTo("HR-1");
    }

    @Test
    void aJobLeftOutOfAnAnswerNamingJobsFails() throws Exception {
        JsonNode answer = BridgeJson.MAPPER.readTree("""
                {"data": [{"id": "7", "type": "background_extended", "attributes": {"id": 7, "assetable_type": "Job",
                  "assetable_id": 39086, "errors": {}}}]}""");

        List<ObjectNode> results = BackgroundResults.of(BackgroundResults.DELETE_EVENT, "d-2", "kafka",
                List.of(new BackgroundTarget(null, "39085"), new BackgroundTarget(null, "39086")), answer);

        assertThat(results).extracting(result -> result.path("outcome").asText()).containsExactly("failed", "ok");
    }
}
