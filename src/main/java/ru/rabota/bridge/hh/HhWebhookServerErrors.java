package ru.rabota.bridge.hh;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request the business HTTP server (the webhooks', {@code camel.server.port}) refuses for the client's
 * fault, a 4xx such as 413 for a body above {@code camel.server.max-body-size}, with that status and a DEBUG line.
 * Vert.x answered the same but logged each at ERROR ("Unhandled exception in router"), before the secret is looked
 * at: anyone could fill the log. Server errors keep Vert.x's handling.
 */
final class HhWebhookServerErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HhWebhookServerErrors.class);

    private HhWebhookServerErrors() {
    }

    /** On the server of that port, once it runs (a context started); nothing when it does not (webhooks off). */
    static void install(CamelContext context, int port) {
        Router router = context.getRegistry().lookupByNameAndType(VertxPlatformHttpRouter.getRouterNameFromPort(port),
                VertxPlatformHttpRouter.class);
        if (router != null) {
            router.route().failureHandler(HhWebhookServerErrors::answer);
        }
    }

    private static void answer(RoutingContext failed) {
        int status = failed.statusCode();
        if (status < 400 || status >= 500) {
            failed.next();
            return;
        }
        // the path is not logged: it holds the secret
        LOG.debug("business HTTP server: {} request answered {}", failed.request().method(), status);
        HttpServerResponse response = failed.response();
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status).end();
        }
    }
}
