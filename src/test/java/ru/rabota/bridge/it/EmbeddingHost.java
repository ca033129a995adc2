package ru.rabota.bridge.it;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The host application of {@code src/test/embedding-host} (README "Into your own Camel runtime"), compiled here and
 * started as a process of its own on the class path a Maven build that depends on the thin jar gets: the thin jar, the
 * bundle's runtime dependencies without the optional ones (the sandbox's broker), and the host's classes and
 * resources. Neither {@code target/classes} nor the sandbox is on it.
 */
final class EmbeddingHost {

    private static final Path SOURCE = Path.of("src", "test", "embedding-host");
    private static final String MAIN = "example.host.HostApplication";

    private EmbeddingHost() {
    }

    static RunningJar start(Map<String, String> systemProperties, Map<String, String> environment)
            throws IOException {
        List<Path> bundle = new ArrayList<>();
        bundle.add(Path.of(System.getProperty("bridge.thin-jar", "target/rabota-bridge-0.1.0-SNAPSHOT.jar")));
        bundle.addAll(runtimeDependencies());
        Path classes = compile(bundle);
        List<Path> classPath = new ArrayList<>(List.of(classes, SOURCE.resolve("resources")));
        classPath.addAll(bundle);
        classPath.addAll(hostLogging(bundle));
        return RunningJar.startMain(classPath, MAIN, systemProperties, environment);
    }

    /**
     * The host's own logging backend (the bundle's log4j is optional: it does not reach a host): log4j from this test
     * JVM's class path, configured by the host's {@code log4j2.properties}.
     */
    private static List<Path> hostLogging(List<Path> bundle) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(entry -> entry.getFileName().toString().startsWith("log4j-") && !bundle.contains(entry))
                .toList();
    }

    /**
     * The bundle's runtime dependencies as Maven resolves them for a project that depends on it: the runtime tree
     * that maven-dependency-plugin wrote at build time (pom.xml) without its optional subtrees, each artifact taken
     * from this test JVM's class path, where Maven put it.
     */
    static List<Path> runtimeDependencies() throws IOException {
        JsonNode tree = new ObjectMapper().readTree(Path.of(System.getProperty("bridge.runtime-dependencies",
                "target/runtime-dependencies.json")).toFile());
        List<Path> testClassPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        List<Path> found = new ArrayList<>();
        addNonOptional(tree.path("children"), testClassPath, found);
        return found;
    }

    private static void addNonOptional(JsonNode nodes, List<Path> testClassPath, List<Path> found) {
        for (JsonNode node : nodes) {
            if (node.path("optional").asBoolean()) {
                continue; // not passed on to a project that depends on the bundle, nor what only it brings
            }
            String artifact = node.path("artifactId").asText();
            String version = node.path("version").asText();
            String classifier = node.path("classifier").asText();
            // where a Maven repository keeps it: group/as/folders/artifact/version/artifact-version[-classifier].jar
            Path file = Path.of(node.path("groupId").asText().replace('.', '/'), artifact, version,
                    artifact + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
            found.add(testClassPath.stream().filter(entry -> entry.endsWith(file)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " is not on the test class path")));
            addNonOptional(node.path("children"), testClassPath, found);
        }
    }

    /** The host's classes, compiled against the bundle's class path alone. */
    private static Path compile(List<Path> classPath) throws IOException {
        Path classes = Files.createTempDirectory("embedding-host-classes");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCE.resolve("java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            boolean compiled = javac.getTask(errors, files, null, List.of("--release", "17", "-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!compiled) {
                throw new IllegalStateException("the host does not compile: " + errors);
            }
        }
        return classes;
    }
}
