package ru.rabota.bridge.vk;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LookUpBeforeRepeat;
import ru.rabota.bridge.log.LogText;

/**
 * Before a {@code POST /jobs} repeated after an attempt that may have created the job (no answer, 5xx: the answer may
 * have been lost), route {@code vk-create-job-attempt} looks for the job carrying the body's {@code job.external_id}
 * (route {@code vk-job-posted-before}, on a copy of the exchange, so that the look-up's calls count their own
 * attempts); bound as {@code vkCreatedBefore}, this merges the look-up into the attempt.
 */
public final class VkCreatedBefore extends LookUpBeforeRepeat {

    /** Property: the job of the request body was found, and is the body; a per-call property (bridgeApi*). */
    public static final String FOUND = "bridgeApiJobFound";

    private static final Logger LOG = LoggerFactory.getLogger(VkCreatedBefore.class);

    private final ObjectMapper mapper;

    public VkCreatedBefore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The {@code job.external_id} of a {@code POST /jobs} body (JSON text, a Map or a JsonNode), or null. */
    public String externalId(Object body) {
        JsonNode tree = body instanceof JsonNode node ? node
                : body instanceof String text ? readTree(text) : mapper.valueToTree(body);
        JsonNode id = tree == null ? null : tree.path("job").path("external_id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    /** The job found becomes the body (the answer of the call) and {@link #FOUND} is set: the POST is not repeated. */
    @Override
    protected void found(Exchange attempt, Exchange lookUp) {
        JsonNode job = lookUp.getMessage().getBody(JsonNode.class);
        if (job != null) {
            LOG.warn("POST /jobs for external_id {} had created job {} although its answer was lost; not repeated",
                    LogText.cut(job.at("/data/attributes/external_id").asText()), job.at("/data/id").asText());
            attempt.getMessage().setBody(job);
            attempt.setProperty(FOUND, true);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null; // not JSON: the API will say so
        }
    }
}
