package ru.rabota.bridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import ru.rabota.bridge.it.RunningJar;

/**
 * Start-up of the fat jar against a broker already running: milliseconds from the process's start to
 * {@code /observe/health/ready} answering 200. The first start creates the topic prefix's topics and is printed
 * apart; the {@code bench.starts} after it reuse them, as every later start of a deployment does. Also prints when
 * the jar logged that every route started, which comes after readiness. Each start ends with a graceful stop, so
 * that the next one finds no stale members in the consumer groups.
 */
final class StartupBenchmark {

    private static final Goal START = Goal.atMost(3000, "ms", "");
    private static final String THREADS_LINE =
            "  of that CPU, the JIT compiler threads / the main thread / the rest, class-preload among it (ms): ";

    private StartupBenchmark() {
    }

    static void run() throws Exception {
        int starts = Benchmarks.setting("bench.starts");
        try (JarBench bench = new JarBench(StartupBenchmark.class)) {
            Start first = start(bench);
            System.out.printf(Locale.ROOT, "first start, creating the topics: ready in %,d ms, every route started "
                    + "in %,d ms%n", first.ready(), first.routes());
            List<Start> later = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                later.add(start(bench));
            }
            System.out.println("starts with the topics there, ready / every route started / CPU until ready (ms): "
                    + later.stream().map(start -> start.ready() + " / " + start.routes() + " / " + start.cpu())
                    .collect(Collectors.joining(", ")));
            System.out.println(THREADS_LINE + later.stream().map(Start::threads).collect(Collectors.joining(", ")));
            long[] ready = later.stream().mapToLong(Start::ready).sorted().toArray();
            START.print("start to ready, median of " + starts, ready[starts / 2]);
            START.print("start to ready, fastest of " + starts, ready[0]);
            long[] routes = later.stream().mapToLong(Start::routes).sorted().toArray();
            System.out.printf(Locale.ROOT, "start to every route started (readiness answers before): median %,d ms, "
                    + "fastest %,d ms%n", routes[starts / 2], routes[0]);

            // the image's way (deploy/Dockerfile): the classes a start loads, parsed and verified once into an
            // AppCDS archive that a first start writes when it stops
            Path archive = Files.createTempDirectory("rabota-bridge-cds").resolve("rabota-bridge.jsa");
            start(bench, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            List<Start> archived = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                archived.add(start(bench, List.of("-XX:SharedArchiveFile=" + archive)));
            }
            System.out.println("with the archive, ready / every route started / CPU until ready (ms): " + archived
                    .stream().map(start -> start.ready() + " / " + start.routes() + " / " + start.cpu())
                    .collect(Collectors.joining(", ")));
            System.out.println(THREADS_LINE + archived.stream().map(Start::threads)
                    .collect(Collectors.joining(", ")));
            long[] readyArchived = archived.stream().mapToLong(Start::ready).sorted().toArray();
            START.print("with a class archive (-XX:SharedArchiveFile, as the image starts), median of " + starts,
                    readyArchived[starts / 2]);
            START.print("with a class archive, fastest of " + starts, readyArchived[0]);
        }
    }

    /**
     * Milliseconds from the process's start to readiness, and to the log line saying every route started; the
     * process's CPU until readiness, and that of its JIT compiler threads and its main thread, in milliseconds.
     */
    private record Start(long ready, long routes, long cpu, long jit, long main) {

        /** The rest: the thread that links classes ahead ({@code ClassPreload}, which may have ended), GC, Kafka... */
        String threads() {
            return jit + " / " + main + " / " + (cpu - jit - main);
        }
    }

    private static Start start(JarBench bench) throws Exception {
        return start(bench, List.of());
    }

    private static Start start(JarBench bench, List<String> jvmOptions) throws Exception {
        LocalTime wallClock = LocalTime.now();
        long started = System.nanoTime();
        try (RunningJar jar = bench.start(jvmOptions, Map.of())) {
            JarBench.awaitReady(jar);
            long ready = (System.nanoTime() - started) / 1_000_000;
            long cpu = jar.cpu().toMillis();
            // a snapshot at readiness: on 2 cores the JVM runs one C1 and one C2 thread and ends neither
            Path tasks = Path.of("/proc", String.valueOf(jar.pid()), "task");
            long jit = new CompilerThreads(tasks).nanos() / 1_000_000;
            // the launcher runs main() on a thread it names after itself
            long main = CompilerThreads.nanos(tasks, "java") / 1_000_000;
            return new Start(ready, Duration.between(wallClock, JarBench.routesStartedAt(jar)).toMillis(), cpu, jit,
                    main);
        }
    }
}
