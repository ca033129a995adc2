package ru.rabota.sandbox.vk;

import java.time.Clock;

import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;
import ru.rabota.sandbox.http.SimServer;

/**
 * Registers the API's routes on the shared server: each handler gets the request's merged {@link Params}, a
 * thrown {@link VkError} becomes its error answer, and every route but the open ones needs
 * {@code Authorization: Worki <JWT>} with a valid, unexpired token.
 */
final class VkRoutes {

    /** Answers one request of the API. */
    @FunctionalInterface
    interface Handler {
        SimResponse handle(SimRequest request, Params params) throws Exception;
    }

    private static final String SCHEME = "Worki ";

    private final SimServer server;
    private final Jwt jwt;
    private final Clock clock;

    VkRoutes(SimServer server, Jwt jwt, Clock clock) {
        this.server = server;
        this.jwt = jwt;
        this.clock = clock;
    }

    /** A route that needs no token (the session itself, categories). */
    VkRoutes open(String method, String pathRegex, Handler handler) {
        server.route(method, pathRegex, request -> answer(request, handler));
        return this;
    }

    VkRoutes authed(String method, String pathRegex, Handler handler) {
        server.route(method, pathRegex,
                request -> authorized(request) ? answer(request, handler) : VkJson.error(401, "Invalid JWT Token"));
        return this;
    }

    private boolean authorized(SimRequest request) {
        String header = request.header("Authorization");
        return header != null && header.startsWith(SCHEME)
                && jwt.verify(header.substring(SCHEME.length()).trim(), clock.instant()).isPresent();
    }

    private static SimResponse answer(SimRequest request, Handler handler) throws Exception {
        try {
            return handler.handle(request, Params.of(request));
        } catch (VkError e) {
            return e.response();
        }
    }
}
