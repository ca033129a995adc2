package ru.rabota.bridge.it;

import java.io.File;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.FreePort;

/**
 * The fat jar started the way a user starts it, in an empty working folder (so it runs on the routes and config
 * inside the jar), on free ports: in the sandbox profile ({@code java -Dcamel.main.profile=sandbox -jar
 * rabota-bridge.jar}), or without a profile against a broker and APIs the test gives; or, the same way, a host
 * application that embeds the thin jar ({@link EmbeddingHost}). Public for the benchmarks of the jar
 * ({@code ru.rabota.bridge.bench}).
 */
public final class RunningJar implements AutoCloseable {

    /** One client for every look at the management server: a start-up benchmark looks every few milliseconds. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final Path workDir;
    private final String bootstrapServers;
    private final int managementPort;

    private RunningJar(Process process, Path log, Path workDir, String bootstrapServers, int managementPort) {
        this.process = process;
        this.log = log;
        this.workDir = workDir;
        this.bootstrapServers = bootstrapServers;
        this.managementPort = managementPort;
    }

    /** The sandbox profile: its own broker, simulators and sample data. */
    static RunningJar startSandbox(Map<String, String> systemProperties, Map<String, String> environment)
            throws IOException {
        int kafkaPort = FreePort.next();
        Map<String, String> sandbox = new LinkedHashMap<>(Map.of("camel.main.profile", "sandbox",
                "bridge.sandbox.kafka-port", String.valueOf(kafkaPort),
                "bridge.sandbox.vk-port", String.valueOf(FreePort.next()),
                "bridge.sandbox.hh-port", String.valueOf(FreePort.next())));
        sandbox.putAll(systemProperties);
        return start(List.of(), sandbox, environment, "127.0.0.1:" + kafkaPort, fatJar());
    }

    /**
     * The settings of a jar a test kills, to start again: the test broker, topics under {@code prefix}, VK Работа at
     * {@code vkBaseUrl}, quick retries, and consumers whose group notices within seconds that they are gone (a killed
     * consumer leaves its group only when its session times out, 45 s by default). A map to add to.
     */
    static Map<String, String> toKill(String prefix, String vkBaseUrl) {
        return new LinkedHashMap<>(Map.of("camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                "bridge.topics.prefix", prefix,
                "bridge.vk.base-url", vkBaseUrl,
                "bridge.vk.login", "sandbox",
                "bridge.vk.password", "sandbox",
                "bridge.retry.initial-delay", "50ms",
                "camel.component.kafka.poll-timeout-ms", "500",
                "camel.component.kafka.session-timeout-ms", "6000",
                "camel.component.kafka.heartbeat-interval-ms", "2000"));
    }

    /**
     * No profile: {@code config/application.properties} of the jar with these system properties over it, which
     * name the broker ({@code camel.component.kafka.brokers}) and the APIs.
     */
    static RunningJar start(Map<String, String> systemProperties) throws IOException {
        return start(systemProperties, Map.of());
    }

    /** No profile, with these environment variables too (e.g. {@code JAVA_TOOL_OPTIONS} for JVM flags). */
    static RunningJar start(Map<String, String> systemProperties, Map<String, String> environment) throws IOException {
        return start(List.of(), systemProperties, environment, systemProperties.get("camel.component.kafka.brokers"),
                fatJar());
    }

    /** No profile, with these JVM options after the default {@code -Xmx512m} (a later {@code -Xmx} wins). */
    public static RunningJar start(List<String> jvmOptions, Map<String, String> systemProperties)
            throws IOException {
        return start(jvmOptions, systemProperties, Map.of(), systemProperties.get("camel.component.kafka.brokers"),
                fatJar());
    }

    /** A main class on a class path (a host application, {@link EmbeddingHost}), else as {@link #start(Map, Map)}. */
    static RunningJar startMain(List<Path> classPath, String mainClass, Map<String, String> systemProperties,
            Map<String, String> environment) throws IOException {
        String path = classPath.stream().map(entry -> entry.toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return start(List.of(), systemProperties, environment, systemProperties.get("camel.component.kafka.brokers"),
                List.of("-cp", path, mainClass));
    }

    private static List<String> fatJar() {
        return List.of("-jar", Path.of(System.getProperty("bridge.jar", "target/rabota-bridge.jar"))
                .toAbsolutePath().toString());
    }

    /** Starts java with these options and properties, then {@code launch}: {@code -jar <jar>}, or -cp and a main. */
    private static RunningJar start(List<String> jvmOptions, Map<String, String> systemProperties,
            Map<String, String> environment, String bootstrapServers, List<String> launch) throws IOException {
        Path workDir = Files.createTempDirectory("rabota-bridge-it");
        Path log = workDir.resolve("bridge.log");
        int managementPort = FreePort.next();
        List<String> options = new ArrayList<>(List.of(
                "-Dcamel.management.port=" + managementPort, "-Dcamel.server.port=" + FreePort.next()));
        options.addAll(jvmOptions);
        ProcessBuilder builder = new ProcessBuilder(java(options, systemProperties, launch))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new RunningJar(builder.start(), log, workDir, bootstrapServers, managementPort);
    }

    /**
     * {@code java -Xmx512m <the suite's options> <jvmOptions> -D<systemProperties> -jar rabota-bridge.jar}: the command
     * line that runs the fat jar, to which a command of the jar ({@code tail ...}) may be added.
     */
    static List<String> javaJar(List<String> jvmOptions, Map<String, String> systemProperties) {
        return java(jvmOptions, systemProperties, fatJar());
    }

    /** {@code java -Xmx512m <the suite's options> <jvmOptions> -D<systemProperties> <launch>}. */
    private static List<String> java(List<String> jvmOptions, Map<String, String> systemProperties,
            List<String> launch) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        // the suite's options for the jars it starts (pom.xml: C1 only, as for its own JVMs); none for benchmarks
        String suiteOptions = System.getProperty("bridge.test.jar-jvm-options", "");
        if (!suiteOptions.isBlank()) {
            command.addAll(List.of(suiteOptions.trim().split("\\s+")));
        }
        // the suite's class archive of the fat jar, once written (pom.xml: test-class-archive); quiet if unusable
        String archive = System.getProperty("bridge.test.jar-archive", "");
        if (launch.equals(fatJar()) && !archive.isBlank() && Files.isRegularFile(Path.of(archive))) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        command.addAll(jvmOptions);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(launch);
        return command;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    public Path workDir() {
        return workDir;
    }

    /** Whether the process is still running (the same one that was started: a jar is never restarted here). */
    boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The process's CPU time so far, user and system, all its threads. */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElseThrow();
    }

    /** Whether {@code /observe/health/ready} answers 200. */
    public boolean isReady() {
        return send("/observe/health/ready").status() == 200;
    }

    /** Waits until the management server answers health UP. */
    RunningJar awaitUp(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            // a jar that ended (a port taken, a bad setting) will not come up: say so at once, with its log's end
            if (!process.isAlive()) {
                throw new IllegalStateException("the jar ended with " + process.exitValue() + " before it was up: "
                        + log().substring(Math.max(0, log().length() - 2_000)));
            }
            return get("/observe/health").contains("\"status\":\"UP\"");
        });
        return this;
    }

    /** The port of the management server (health, metrics). */
    int managementPort() {
        return managementPort;
    }

    /** The body of a management server's answer ({@code /observe/metrics}, say); empty when none came. */
    public String get(String path) {
        return send(path).body();
    }

    /** An answer of the management server; status 0 and no body when none came. */
    private record Answer(int status, String body) {

        static final Answer NONE = new Answer(0, "");
    }

    private Answer send(String path) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            return Answer.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NONE;
        }
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for it to end by itself (a start that fails, a command that ends); its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the jar still runs after " + timeout + ": " + log());
        }
        return process.exitValue();
    }

    /** Stops it as a service manager would (SIGTERM); true when it exited within the timeout. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        return exited;
    }

    /** Kills it as {@code kill -9} does: no shutdown hook, no clean stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
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
