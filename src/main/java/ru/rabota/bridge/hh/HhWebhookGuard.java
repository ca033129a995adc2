package ru.rabota.bridge.hh;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route policy of the webhook routes ({@code hhWebhookGuard}): they start only with {@code bridge.hh.enabled},
 * {@code bridge.hh.webhook.enabled} and a {@code bridge.hh.webhook.secret}; without a secret anyone could make the
 * bundle read negotiations, so a webhook without one is refused with one ERROR line. A route kept from starting
 * leaves its path unserved: hh.ru then hears 404.
 */
public final class HhWebhookGuard extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(HhWebhookGuard.class);

    private final boolean enabled;
    private final boolean secretMissing;
    private volatile boolean told;

    public HhWebhookGuard(HhSettings settings, boolean webhookEnabled, String secret) {
        this.enabled = settings.enabled() && !settings.userAgentMissing() && webhookEnabled;
        this.secretMissing = secret == null || secret.isBlank();
    }

    @Override
    public void onInit(Route route) {
        if (enabled && secretMissing && !told) {
            told = true;
            LOG.error("bridge.hh.webhook.enabled=true but bridge.hh.webhook.secret is not set: hh.ru webhooks are"
                    + " not served (polling goes on). Set it to a long random string, e.g. openssl rand -hex 24");
        }
        if (!enabled || secretMissing) {
            route.setAutoStartup(false);
        }
    }
}
