package ru.rabota.bridge.hh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * The steps of route {@code hh-webhook-subscription} (bean {@code hhWebhookSubscription}): with
 * {@code bridge.hh.webhook.public-url} set, hh.ru is told at start to send the negotiation notifications
 * ({@link HhWebhook#NEGOTIATION_TYPES}) to {@code <public-url>/hh/webhook/<secret>}. hh.ru keeps one subscription
 * per user and application, so an existing one is changed ({@code PUT}) rather than a second created; one that
 * already says the same is left alone. Until it succeeds the route tries again each period, and after it looks again
 * each period: hh.ru deletes every subscription when the user revokes the application's access (the document: a new
 * one is needed once access is back), and blocks one whose URL stopped answering; a subscription gone or changed is
 * made again, with one INFO line. The URL is logged
 * without its secret. The secret is percent-encoded as one path segment ({@link #pathSegment}): Vert.x decodes the
 * segment before the route compares it, so a secret with {@code /} or {@code %} (base64 has {@code /}) reaches the
 * route whole, where sent raw it was a 404 for every notification.
 */
public final class HhWebhookSubscription {

    /** Header: the id of the subscription to change; absent to create one. */
    public static final String SUBSCRIPTION_ID = "bridgeHhSubscriptionId";
    /** Property: whether a create or change call is to be made. */
    public static final String SEND = "bridgeHhSubscriptionSend";

    private static final Logger LOG = LoggerFactory.getLogger(HhWebhookSubscription.class);
    private static final String PATH = "/hh/webhook/";
    /** The one condition of {@link #failing}: attempts fail one after another. */
    private static final String FAILING = "subscription";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String url;
    private final String shownUrl;
    private final Troubles failing = new Troubles();
    /** Whether hh.ru has held our subscription since the start: then a check that finds it so says nothing. */
    private volatile boolean subscribed;

    /**
     * @param publicUrl where hh.ru reaches the business HTTP server (blank: no subscription); when it already ends
     *                  with {@code /hh/webhook/<secret>}, the secret encoded or not, that path is replaced by the
     *                  encoded one
     */
    public HhWebhookSubscription(String publicUrl, String secret) {
        String trimmed = publicUrl == null ? "" : publicUrl.trim();
        // a slash after the whole path too ("/hh/webhook/<secret>/") is the same URL
        String base = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        String server = withoutWebhookPath(base, secret);
        this.url = base.isEmpty() ? "" : server + PATH + pathSegment(secret);
        this.shownUrl = url.isEmpty() ? "" : server + PATH + "***";
    }

    /**
     * The text as one URL path segment: UTF-8, each byte but ASCII letters, digits, {@code -._~} and {@code +}
     * percent-encoded. {@code +} is a plus in a path (only a form decodes it as a space), so a secret with one keeps
     * the URL it had.
     */
    static String pathSegment(String text) {
        StringBuilder segment = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~+".indexOf(c) >= 0)) {
                segment.append(c);
            } else {
                segment.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return segment.toString();
    }

    /** Whether there is a subscription to make or check: with a public URL. */
    public boolean due() {
        return !url.isEmpty();
    }

    /**
     * Body: hh.ru's list of subscriptions. Prepares the request that makes ours (body, and header
     * {@value #SUBSCRIPTION_ID} to change an existing one), or sets property {@value #SEND} false when the existing
     * one says the same.
     */
    public void request(Exchange exchange) {
        JsonNode existing = exchange.getMessage().getBody(JsonNode.class).path("items").path(0);
        ObjectNode wanted = JsonNodeFactory.instance.objectNode().put("url", url);
        HhWebhook.NEGOTIATION_TYPES.stream().sorted().forEach(type -> wanted.withArray("actions").addObject()
                .put("type", type));
        exchange.getMessage().removeHeader(SUBSCRIPTION_ID);
        if (existing.isObject()) {
            if (url.equals(existing.path("url").asText()) && types(existing).equals(types(wanted))) {
                subscribed(existing.path("id").asText(), "unchanged");
                exchange.setProperty(SEND, false);
                return;
            }
            exchange.getMessage().setHeader(SUBSCRIPTION_ID, existing.path("id").asText());
        }
        exchange.getMessage().setBody(wanted);
        exchange.setProperty(SEND, true);
    }

    /** After the create or change call. */
    public void sent(Exchange exchange) {
        String id = exchange.getMessage().getHeader(SUBSCRIPTION_ID, String.class);
        if (id == null) {
            id = exchange.getMessage().getBody(JsonNode.class).path("id").asText("?");
            subscribed(id, "created");
        } else {
            subscribed(id, "changed");
        }
    }

    /**
     * The route tries again each period and polling goes on meanwhile: one WARN line for the first failed attempt, a
     * DEBUG line for each after it (a refusal hh.ru keeps up would be a line every period), and the subscription's
     * INFO line says after how many. A refused access was logged once already (its ERROR names the fix).
     */
    public void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof HhAccessException) {
            return;
        }
        ApiException api = ApiException.in(failure);
        if (api != null && api.httpStatus() == 400 && String.valueOf(api.detail()).contains("already_exist")) {
            // hh.ru keeps one subscription per user and application: another instance, started at the same time,
            // made it after this one looked; the next look finds it (and changes it if it says otherwise)
            LOG.debug("hh.ru webhook subscription made meanwhile by another client of the application: {}",
                    LogText.reason(failure));
            return;
        }
        String reason = LogText.reason(failure);
        failing.came(FAILING, LOG, "hh.ru webhook subscription to {} failed ({}); polling goes on, tried again every"
                + " bridge.hh.webhook.subscribe-interval (one line when it succeeds)",
                "hh.ru webhook subscription to {} failed again: {}", shownUrl, reason);
    }

    /** One INFO line for the first subscription, one made again, and one after failed attempts; else DEBUG. */
    private void subscribed(String id, String how) {
        boolean again = subscribed;
        subscribed = true;
        Optional<Troubles.Trouble> ended = failing.ends(FAILING);
        if (again && how.equals("unchanged") && ended.isEmpty()) {
            LOG.debug("hh.ru webhook subscription {} unchanged", id);
            return;
        }
        String what = again && !how.equals("unchanged") ? how + " again (hh.ru no longer held it as the bridge made it:"
                + " access revoked and given back, or changed by hand)" : how;
        String after = ended.map(trouble -> ", after " + trouble.timesText("failed attempt") + " since "
                + trouble.since()).orElse("");
        LOG.info("hh.ru webhook subscription {} {}: {} to {}{}", id, what, HhWebhook.NEGOTIATION_TYPES.stream()
                .sorted().toList(), shownUrl, after);
    }

    /** The URL without a trailing {@code /hh/webhook/<secret>}, the secret encoded or as it is. */
    private static String withoutWebhookPath(String url, String secret) {
        return List.of(PATH + pathSegment(secret), PATH + secret).stream().filter(url::endsWith).findFirst()
                .map(path -> url.substring(0, url.length() - path.length())).orElse(url);
    }

    private static List<String> types(JsonNode subscription) {
        List<String> types = new ArrayList<>();
        subscription.path("actions").forEach(action -> types.add(action.path("type").asText()));
        return types.stream().sorted().toList();
    }
}
