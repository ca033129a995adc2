package ru.rabota.bridge.vk;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.api.LogText;

/**
 * The processor of {@code vk-create-job}: {@code POST /jobs}, made safe to repeat. The retry policy repeats a POST
 * that got no answer or a 5xx, but such a POST may have created the job all the same (the answer was lost), and a
 * second POST would publish it twice. So before a repeated attempt the job is looked up by the body's
 * {@code job.external_id} ({@link VkJobFinder}); when found, it is the answer and no second POST is made.
 */
public final class VkJobCreate implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(VkJobCreate.class);
    /** Property: the last attempt may have taken effect; a per-call property (ApiHeaders.CALL_PROPERTIES). */
    static final String UNSURE = "bridgeApiCreateUnsure";

    private final Processor api;
    private final VkJobFinder finder;
    private final ObjectMapper mapper;

    public VkJobCreate(Processor api, VkJobFinder finder, ObjectMapper mapper) {
        this.api = api;
        this.finder = finder;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String externalId = externalId(exchange.getMessage().getBody());
        if (externalId != null && exchange.getProperty(UNSURE, false, Boolean.class)) {
            Optional<ObjectNode> created = lookUp(exchange, externalId);
            if (created.isPresent()) {
                LOG.warn("POST /jobs for external_id {} had created job {} although its answer was lost; not repeated",
                        LogText.cut(externalId), created.get().at("/data/id").asText());
                exchange.getMessage().setBody(created.get());
                return;
            }
        }
        try {
            api.process(exchange);
        } catch (ApiException failure) {
            exchange.setProperty(UNSURE, failure.httpStatus() == 0 || failure.httpStatus() >= 500);
            throw failure;
        }
    }

    /** A failed look-up counts as an attempt and fails like one, so the retry policy goes on or gives up. */
    private Optional<ObjectNode> lookUp(Exchange exchange, String externalId) {
        try {
            return finder.byExternalId(externalId);
        } catch (VkCallException e) {
            exchange.setProperty(ApiHeaders.ATTEMPTS, exchange.getProperty(ApiHeaders.ATTEMPTS, 0, Integer.class) + 1);
            throw e.apiFailure() != null ? e.apiFailure().copy() : e;
        }
    }

    private String externalId(Object body) {
        JsonNode tree = body instanceof JsonNode node ? node
                : body instanceof String text ? readTree(text) : mapper.valueToTree(body);
        JsonNode id = tree == null ? null : tree.path("job").path("external_id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null; // not JSON: the API will say so
        }
    }
}
