package ru.rabota.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A corporate forward proxy for plain-http targets that asks for Basic credentials: a request without them (or with
 * others) gets 407 and {@code Proxy-Authenticate}; with them it goes to {@code target} (host and port replaced, the
 * path and query kept) and its answer comes back. Records each request's {@code Proxy-Authorization}.
 */
public final class ForwardProxy implements AutoCloseable {

    /** Headers that are the proxy's, or that the JDK's client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length",
            "proxy-authorization", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade", "expect");

    private final HttpServer server;
    private final URI target;
    private final String expected;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private ForwardProxy(URI target, String user, String password) throws IOException {
        this.target = target;
        this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::forward);
        server.start();
    }

    /** Forwards to {@code target}'s host and port (http). */
    public static ForwardProxy start(URI target, String user, String password) {
        try {
            return new ForwardProxy(target, user, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Each request's {@code Proxy-Authorization}, or "" when it had none, in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            if (!expected.equals(authorization)) {
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"corp\"");
                exchange.sendResponseHeaders(407, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI asked = exchange.getRequestURI();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(asked.getRawPath()
                    + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery())))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
