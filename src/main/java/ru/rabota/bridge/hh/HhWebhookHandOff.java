package ru.rabota.bridge.hh;

import java.util.concurrent.ThreadPoolExecutor;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.Troubles;

/**
 * The hand-off of a webhook notification to its handling after the answer (route {@code hh-webhook}, bean
 * {@code hhWebhookHandOff}), on a pool of its own ({@code hhWebhookPool}, {@code camel.threadpool.config[hh-webhook]})
 * whose queue is bounded. A notification that finds the queue full is dropped, and the poll finds its negotiation
 * (hh.ru does not promise delivery either): Camel's default pool ran it on the server's thread before the answer,
 * which then came too late for hh.ru, and during an hh.ru outage filled those threads up. One WARN line for the
 * first dropped, a DEBUG line for each after it, one INFO line once one finds the queue empty again (the handling
 * caught up; a notification taken while others wait ends nothing, or every one that finds a slot freed would).
 */
public final class HhWebhookHandOff {

    private static final Logger LOG = LoggerFactory.getLogger(HhWebhookHandOff.class);
    private static final String DROPPED = "dropped";

    private final ThreadPoolExecutor pool;
    private final Troubles drops = new Troubles();

    public HhWebhookHandOff(ThreadPoolExecutor pool) {
        this.pool = pool;
    }

    /** The notification was taken for handling. */
    public void taken() {
        if (pool.getQueue().isEmpty()) {
            drops.ends(DROPPED).ifPresent(trouble -> LOG.info("hh.ru webhooks are handled again as they come, after {}"
                    + " dropped since {} (the polls read their negotiations)", trouble.timesText("webhook"),
                    trouble.since()));
        }
    }

    /** The queue was full (hh.ru slow or down, or a burst): the notification is not handled. */
    public void dropped(Exchange exchange) {
        String id = exchange.getProperty(HhWebhook.NOTIFICATION, JsonNode.class).path("id").asText();
        drops.came(DROPPED, LOG, "hh.ru webhook {} dropped: its handling is busy and {} notifications wait"
                + " (camel.threadpool.config[hh-webhook].*; hh.ru slow or down?); the polls read the negotiations of"
                + " the webhooks dropped (one line when they are handled as they come again)",
                "hh.ru webhook {} dropped too ({} wait)", id, pool.getQueue().size());
    }
}
