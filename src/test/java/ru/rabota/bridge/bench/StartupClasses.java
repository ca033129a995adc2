package ru.rabota.bridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ru.rabota.bridge.it.RunningJar;

/**
 * Writes {@code src/main/resources/startup-classes.txt}, the classes the fat jar's class-preload thread links while a
 * start builds the routes: what a start of {@code target/rabota-bridge.jar} loads until every route started, against
 * the test broker and the simulator, as {@code -XX:DumpLoadedClassList} lists them (lambda forms and proxies left
 * out: the JVM makes those), after the preload class itself. Run after a change of dependencies: {@code mvn -q -o package -DskipTests}, then
 * {@code mvn -q -o -Pbench exec:exec -Dbench=startup-classes}, then package again. Not a benchmark: it measures
 * nothing.
 */
final class StartupClasses {

    static final Path LIST = Path.of("src/main/resources/startup-classes.txt");
    private static final String PRELOAD = "ru/rabota/bridge/ClassPreload";

    private StartupClasses() {
    }

    static void write() throws Exception {
        Path dumped = Files.createTempFile("rabota-bridge-classes", ".lst");
        // closing the jar stops it; the JVM writes the list as it loads the classes
        try (JarBench bench = new JarBench(StartupClasses.class);
                RunningJar jar = bench.startReady(List.of("-XX:DumpLoadedClassList=" + dumped), Map.of())) {
            System.out.printf(Locale.ROOT, "the jar started (pid %d); stopping it%n", jar.pid());
        }
        List<String> names = new ArrayList<>(List.of("# the classes a start of the fat jar loads, in that order, "
                + "linked ahead by ru.rabota.bridge.ClassPreload; written by mvn -q -o -Pbench exec:exec "
                + "-Dbench=startup-classes"));
        List<String> loaded = Files.readAllLines(dumped).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("@"))
                .map(line -> line.split(" ", 2)[0])
                .toList();
        // those before the preload class were loaded before its thread starts: nothing to link ahead
        names.addAll(loaded.subList(loaded.indexOf(PRELOAD) + 1, loaded.size()));
        Files.write(LIST, names);
        Files.delete(dumped);
        System.out.printf(Locale.ROOT, "%,d classes written to %s%n", names.size() - 1, LIST);
    }
}
