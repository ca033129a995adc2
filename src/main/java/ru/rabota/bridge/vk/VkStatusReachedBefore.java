package ru.rabota.bridge.vk;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.LookUpBeforeRepeat;
import ru.rabota.bridge.jsonapi.JsonApi;

/**
 * Before a {@code POST /jobs/<id>/close} or {@code /revive} repeated after an attempt that may have been carried out
 * (no answer, 5xx: the answer may have been lost), route {@code vk-job-status-attempt} reads the job
 * ({@code GET /jobs/<id>}, on a copy of the exchange); bound as {@code vkStatusReachedBefore}, this merges the read into
 * the attempt: a job in the status the call leads to (closed; active, for a revive) is the answer, and the call is not
 * made again. A revive is a paid publication: repeated, it could be paid twice.
 * <p>
 * Also a step of route {@code vk-job}: a close or revive VK refuses (422, the job closed or published already: a crash
 * between the call and its record, the command read again) is done when the job, read, is in that status.
 */
public final class VkStatusReachedBefore extends LookUpBeforeRepeat {

    private static final Logger LOG = LoggerFactory.getLogger(VkStatusReachedBefore.class);

    /** The job read becomes the answer when the call it repeats had been carried out. */
    @Override
    protected void found(Exchange attempt, Exchange lookUp) {
        JsonNode job = lookUp.getMessage().getBody(JsonNode.class);
        String path = attempt.getMessage().getHeader("bridgeApiPath", String.class);
        if (reached(job, path)) {
            LOG.warn("POST {} had been carried out although its answer was lost; not repeated", path);
            attempt.getMessage().setBody(job);
            attempt.setProperty(VkCreatedBefore.FOUND, true);
        }
    }

    /**
     * In route {@code vk-job}, after VK refused a close or revive (the caught exception) and the job was read (the
     * body): the job in the status the call leads to stays the body; otherwise the refusal stands.
     */
    public void refusedAsDone(Exchange exchange) {
        ApiException refusal = ApiException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (!reached(exchange.getMessage().getBody(JsonNode.class), refusal.path())) {
            throw refusal.copy();
        }
    }

    /**
     * Whether the job is in the status {@code POST <path>} leads to: closed for a close, active for a revive. The job
     * as {@code "data": {...}} or, as the document prints {@code GET /jobs/<id>}, {@code "data": [ {...} ]}.
     */
    private static boolean reached(JsonNode job, String path) {
        String status = job == null || !job.isObject() ? ""
                : JsonApi.page(job).first().map(record -> record.path("status").asText()).orElse("");
        return path != null && (path.endsWith("/close") && "closed".equals(status)
                || path.endsWith("/revive") && "active".equals(status));
    }
}
