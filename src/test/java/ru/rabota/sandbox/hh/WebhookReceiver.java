package ru.rabota.sandbox.hh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A subscriber's endpoint: answers queued statuses (then 204), optionally after a pause, and keeps every body. */
final class WebhookReceiver implements AutoCloseable {

    private record Answer(int status, long delayMillis) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hh/webhook/secret";
    }

    WebhookReceiver thenAnswer(int status, long delayMillis) {
        answers.add(new Answer(status, delayMillis));
        return this;
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    private void answer(HttpExchange exchange) throws IOException {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer answer = answers.poll();
        try {
            if (answer != null && answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            exchange.sendResponseHeaders(answer == null ? 204 : answer.status(), -1);
        } catch (InterruptedException | IOException e) {
            // the simulator gave up waiting
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
