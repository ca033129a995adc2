package ru.rabota.sandbox.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side shared by the simulators: the JDK's own server on loopback, routes by method and path
 * pattern, fault injection before the handler, and a record of the requests received (the newest
 * {@value #RECORDED}: the sandbox runs for days, and a record of every request would fill its heap). Written on the
 * JDK server rather than Camel so the simulators stay independent of the code they test.
 */
public final class SimServer implements AutoCloseable {

    /** Answers one routed request. */
    @FunctionalInterface
    public interface Handler {
        SimResponse handle(SimRequest request) throws Exception;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    /** How many of the newest requests are recorded: far more than a test makes, some 25 MB of heap at most. */
    static final int RECORDED = 10_000;

    static {
        // the JDK server writes an answer's headers and body apart: without TCP_NODELAY, Nagle and the client's
        // delayed ACK hold every answer about 40 ms, which would dwarf the latency a test sets (read once, before
        // the first server of the JVM starts)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String name;
    private final String pathPrefix;
    private final Faults faults;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final int recorded;
    /** The newest {@link #recorded} requests, oldest first; guarded by itself. */
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final Handler notFound;
    /** The document's requests, checked before the handler ({@link #documented}); null: none checked. */
    private volatile DocumentedRequests documented;
    private volatile Function<List<String>, SimResponse> undocumented;
    private HttpServer server;
    private String scheme;
    private ExecutorService executor;

    /**
     * @param pathPrefix the API root every route is relative to, e.g. {@code /api/external/v1}
     * @param notFound   the answer for a request no route matches
     */
    public SimServer(String name, String pathPrefix, Faults faults, Handler notFound) {
        this(name, pathPrefix, faults, notFound, RECORDED);
    }

    SimServer(String name, String pathPrefix, Faults faults, Handler notFound, int recorded) {
        this.recorded = recorded;
        this.name = name;
        this.pathPrefix = pathPrefix;
        this.faults = faults;
        this.notFound = notFound;
    }

    /**
     * Refuses, with the answer {@code refusal} makes of the violations, every request that carries what its document
     * does not allow ({@link DocumentedRequests#violations}), before its handler sees it.
     */
    public SimServer documented(DocumentedRequests requests, Function<List<String>, SimResponse> refusal) {
        this.documented = requests;
        this.undocumented = refusal;
        return this;
    }

    /** Routes {@code method} requests whose path (below the prefix) matches {@code pathRegex} in full. */
    public SimServer route(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    public synchronized SimServer start(int port) throws IOException {
        return start(port, null);
    }

    /** Listens on https with this context (the real APIs are served so), or on http when it is null. */
    public synchronized SimServer start(int port, SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        if (tls == null) {
            server = HttpServer.create(address, 128);
        } else {
            HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        scheme = tls == null ? "http" : "https";
        executor = Executors.newFixedThreadPool(64, runnable -> {
            Thread thread = new Thread(runnable, name + "-sim");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        LOG.info("{} simulator listening on {}", name, baseUri());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><prefix>}, or https. */
    public String baseUri() {
        return scheme + "://127.0.0.1:" + port() + pathPrefix;
    }

    public Faults faults() {
        return faults;
    }

    /** The requests received so far, oldest first: the newest {@value #RECORDED} of them. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = uri.getRawPath().startsWith(pathPrefix) ? uri.getRawPath().substring(pathPrefix.length())
                : uri.getRawPath();
        Map<String, List<String>> query = SimRequest.decode(uri.getRawQuery());
        SimResponse response;
        try {
            pause(faults.latencyMillis());
            faults.beforeAnswer(path);
            response = faults.faultFor(path);
            if (response == null || response.answerLost()) {
                SimRequest received = new SimRequest(method, path, query, exchange.getRequestHeaders(), body, null);
                List<String> violations = documented == null ? List.of() : documented.violations(received);
                if (!violations.isEmpty()) {
                    // a test failing on it reads why here, not only in the answer its client turned into an error
                    LOG.warn("{} simulator refused {} {}: {}", name, method, uri, String.join("; ", violations));
                }
                SimResponse answer = violations.isEmpty() ? dispatch(received) : undocumented.apply(violations);
                response = response == null ? answer : SimResponse.drop();
            }
        } catch (Exception e) {
            LOG.warn("{} simulator failed on {} {}: {}", name, method, path, e.toString());
            response = SimResponse.json(500, "{\"errors\":[{\"detail\":\"Internal Server Error\"}]}");
        }
        RecordedRequest request = record(exchange, method, path, uri.getRawQuery(), query, body, response.status(),
                Duration.ofNanos(System.nanoTime() - started));
        synchronized (requests) {
            if (requests.size() == recorded) {
                requests.removeFirst();
            }
            requests.addLast(request);
        }
        if (response.dropped()) {
            // closing before any status line is sent makes the client see the connection drop
            exchange.close();
            return;
        }
        send(exchange, response);
    }

    private SimResponse dispatch(SimRequest request) throws Exception {
        for (Route route : routes) {
            if (!route.method().equals(request.method())) {
                continue;
            }
            Matcher matcher = route.path().matcher(request.path());
            if (matcher.matches()) {
                return route.handler().handle(new SimRequest(request.method(), request.path(), request.query(),
                        request.headers(), request.body(), matcher));
            }
        }
        return notFound.handle(request);
    }

    private static void send(HttpExchange exchange, SimResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static RecordedRequest record(HttpExchange exchange, String method, String path, String rawQuery,
            Map<String, List<String>> query, byte[] body, int status, Duration took) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        return new RecordedRequest(Instant.now(), method, path, rawQuery, query, headers,
                new String(body, StandardCharsets.UTF_8), status, took);
    }

    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }
}
