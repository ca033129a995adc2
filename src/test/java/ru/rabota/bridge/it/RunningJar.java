package ru.rabota.bridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

import ru.rabota.bridge.testing.FreePort;

/**
 * The fat jar started the way a user starts it, {@code java -Dcamel.main.profile=sandbox -jar rabota-bridge.jar},
 * in an empty working folder (so it runs on the routes and config inside the jar), on free ports.
 */
final class RunningJar implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Path workDir;
    private final int kafkaPort;
    private final int managementPort;

    private RunningJar(Process process, Path log, Path workDir, int kafkaPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.workDir = workDir;
        this.kafkaPort = kafkaPort;
        this.managementPort = managementPort;
    }

    static RunningJar startSandbox(Map<String, String> systemProperties, Map<String, String> environment)
            throws IOException {
        Path workDir = Files.createTempDirectory("rabota-bridge-it");
        Path log = workDir.resolve("bridge.log");
        int kafkaPort = FreePort.next();
        int managementPort = FreePort.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dcamel.main.profile=sandbox", "-Dcamel.management.port=" + managementPort,
                "-Dbridge.sandbox.kafka-port=" + kafkaPort, "-Dbridge.sandbox.vk-port=" + FreePort.next(),
                "-Dbridge.sandbox.hh-port=" + FreePort.next(), "-Dcamel.server.port=" + FreePort.next()));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of(System.getProperty("bridge.jar", "target/rabota-bridge.jar"))
                .toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new RunningJar(builder.start(), log, workDir, kafkaPort, managementPort);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    Path workDir() {
        return workDir;
    }

    /** Waits until the management server answers health UP. */
    RunningJar awaitUp(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/observe/health").contains("\"status\":\"UP\""));
        return this;
    }

    String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it as a service manager would (SIGTERM); true when it exited within the timeout. */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        return exited;
    }

    // --- a plain instance (no sandbox profile) against a broker and simulators the test JVM hosts, and signals ---

    /**
     * The fat jar as in production: no profile, the given settings (brokers, API roots...), free management and
     * server ports, its own empty working folder (no folder shared with other instances).
     */
    static RunningJar startPlain(Map<String, String> systemProperties) throws IOException {
        Path workDir = Files.createTempDirectory("rabota-bridge-it");
        Path log = workDir.resolve("bridge.log");
        int managementPort = FreePort.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dcamel.management.port=" + managementPort, "-Dcamel.server.port=" + FreePort.next()));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of(System.getProperty("bridge.jar", "target/rabota-bridge.jar"))
                .toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RunningJar(process, log, workDir, -1, managementPort);
    }

    /** kill -9: no shutdown hook, no goodbye to Kafka. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** kill -STOP: frozen as by a long GC pause or a suspended VM, sockets open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** kill -CONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }
}
