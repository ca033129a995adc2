package ru.rabota.bridge.applications.vk;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The reverse of {@code jobState}, which the jobs flow keeps as {@code external_id -> {"job_id": "651", ...}}:
 * VK job id to the customer's external_id, for {@code external_job_id} in application events. Derived anew for
 * each scan (one pass over the jobs, not over the applications), so jobs published meanwhile are found.
 */
final class ExternalJobIds {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExternalJobIds() {
    }

    static Map<String, String> byJobId(KafkaStateStore jobState) {
        Map<String, String> index = new HashMap<>();
        jobState.forEach((externalId, value) -> {
            JsonNode jobId = read(value).path("job_id");
            if (jobId.isValueNode() && !jobId.isNull()) {
                index.put(jobId.asText(), externalId);
            }
        });
        return index;
    }

    /** A value that is not JSON (written by something else) maps nothing rather than stopping the poll. */
    private static JsonNode read(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return MAPPER.missingNode();
        }
    }
}
