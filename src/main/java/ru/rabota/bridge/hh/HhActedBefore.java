package ru.rabota.bridge.hh;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.LookUpBeforeRepeat;

/**
 * Before an action of an hh.ru negotiation is repeated after an attempt that may have been carried out (no answer,
 * 5xx: the answer may have been lost, and a repeat would send the candidate its message twice), route
 * {@code hh-negotiation-action-attempt} reads the negotiation; bound as {@code hhActedBefore}, this merges that
 * read into the attempt: a negotiation already in the employer state the action leads to
 * ({@link HhStatusCommands#ACTION_STATE}) marks the attempt {@link #ACTED}, and the action is not sent again.
 */
public final class HhActedBefore extends LookUpBeforeRepeat {

    /** Property: the action was carried out by an earlier attempt; a per-call property (bridgeApi*). */
    public static final String ACTED = "bridgeApiActedBefore";

    private static final Logger LOG = LoggerFactory.getLogger(HhActedBefore.class);

    @Override
    protected void found(Exchange attempt, Exchange lookUp) {
        JsonNode negotiation = lookUp.getMessage().getBody(JsonNode.class);
        String state = attempt.getProperty(HhStatusCommands.ACTION_STATE, String.class);
        if (negotiation != null && state != null && state.equals(negotiation.path("employer_state").path("id").asText(null))) {
            LOG.warn("hh.ru negotiation {} had moved to {} although the answer to its action was lost; not repeated",
                    negotiation.path("id").asText(), state);
            attempt.setProperty(ACTED, true);
        }
    }
}
