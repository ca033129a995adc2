package ru.rabota.bridge.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ru.rabota.bridge.it.RunningJar;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * A snapshot feed in which nothing changed: the fat jar, with {@code -Xmx<bench.feed-heap>} and
 * {@code bridge.feed.mode=snapshot}, publishes {@code bench.feed-ids} jobs from a first feed, then reads a feed of
 * {@code bench.feed-rows} rows over the same ids with the same content, each row {@code unchanged},
 * {@code bench.feed-runs} times: the first with the jar cold, the last (the goal's) warm, as a long-running instance
 * reads each day's snapshot (a third of the first run's CPU was the JIT compiler's). Prints for each the rows
 * per second from the drop into the inbox until the file is in {@code done/}, the API calls the simulator received
 * meanwhile, the jar's CPU per row (and its JIT compiler's part: the rate is the machine's, shared with the broker,
 * CPU per row the jar's own), and the jar's heap after each garbage collection of the big feed (from its GC log:
 * exact, and no attaching tool taking CPU beside it).
 */
final class FeedBenchmark {

    private static final Goal ROWS = Goal.atLeast(50_000, "rows/s", "");
    private static final Goal JOB_CALLS = Goal.atMost(0, "calls", "");
    /** The heap after a collection in a {@code -Xlog:gc} line: {@code 150M->30M(256M)}. */
    private static final Pattern AFTER_GC = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");
    private static final int HEAP_POINTS = 10;

    private FeedBenchmark() {
    }

    static void run() throws Exception {
        int rows = Benchmarks.setting("bench.feed-rows");
        int ids = Benchmarks.setting("bench.feed-ids");
        String heap = Benchmarks.text("bench.feed-heap");
        int runs = Benchmarks.setting("bench.feed-runs");
        System.out.printf(Locale.ROOT, "feed: a snapshot of %,d rows over %,d jobs published by a first feed, "
                + "nothing changed; the jar with -Xmx%s%n", rows, ids, heap);
        try (JarBench bench = new JarBench(FeedBenchmark.class);
                RunningJar jar = bench.startReady(List.of("-Xmx" + heap, "-Xlog:gc:file=gc.log"),
                        Map.of("bridge.feed.mode", "snapshot"));
                CpuTimeline cpu = new CpuTimeline(jar)) {
            drop(jar, "first.csv", ids, ids);
            System.out.println(awaitDone(jar, "first.csv", Duration.ofSeconds(60 + ids / 10)));

            for (int run = 1; run <= runs; run++) {
                // the goal is the last run's: the jar warm, as a long-running instance reads each day's snapshot
                String name = "big-" + run + ".csv";
                System.out.printf(Locale.ROOT, "%s, the jar %s:%n", name, run == 1 ? "cold (its first big feed)"
                        : "warm (after " + (run - 1) + " big feed" + (run > 2 ? "s" : "") + ")");
                big(bench, jar, cpu, name, rows, ids);
            }
        }
    }

    /** Drops one big feed, waits until it is done and prints its figures. */
    private static void big(JarBench bench, RunningJar jar, CpuTimeline cpu, String name, int rows, int ids)
            throws IOException {
        bench.vk.clearRequests();
        Path gcLog = jar.workDir().resolve("gc.log");
        long gcLinesBefore = Files.readAllLines(gcLog).size();
        long started = drop(jar, name, rows, ids);
        // the CPU timeline's clock, at the drop (writing the file took a while before it)
        long startedAt = System.currentTimeMillis() - (System.nanoTime() - started) / 1_000_000;
        String summary = awaitDone(jar, name, Duration.ofSeconds(120 + rows / 1000));
        double seconds = (System.nanoTime() - started) / 1e9;
        long endedAt = System.currentTimeMillis();
        List<RecordedRequest> calls = bench.vk.requests();

        System.out.println(summary);
        ROWS.print("rows, drop to done", rows / seconds);
        System.out.printf(Locale.ROOT, "the jar's CPU per row: %.1f µs (the JIT compiler's: %.1f µs); %.2f cores%n",
                cpu.millisBetween(startedAt, endedAt) * 1000 / rows,
                cpu.compilerMillisBetween(startedAt, endedAt) * 1000 / rows,
                cpu.millisBetween(startedAt, endedAt) / (endedAt - startedAt));
        JOB_CALLS.print("job API calls during the big feed",
                calls.stream().filter(call -> call.path().startsWith("/jobs")).count());
        System.out.println("other API calls meanwhile (timed polls): " + calls.stream()
                .filter(call -> !call.path().startsWith("/jobs"))
                .collect(Collectors.groupingBy(call -> call.method() + " " + call.path(), TreeMap::new,
                        Collectors.counting())));
        printHeap(Files.readAllLines(gcLog).stream().skip(gcLinesBefore).toList());
    }

    /**
     * Writes a feed into the jar's folder, {@code rows} rows over {@code ids} external ids, and moves it into the
     * inbox ({@code feeds/inbox} there) as a finished export is, written a minute before: the jar's wait for a file
     * last written {@code bridge.feed.min-age} ago (5 s) is not the reading measured; returns when it was moved
     * ({@link System#nanoTime()}).
     */
    private static long drop(RunningJar jar, String name, int rows, int ids) throws IOException {
        Path file = jar.workDir().resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("external_id;title;description;lat;long;address;profession_id\n");
            for (int i = 0; i < rows; i++) {
                out.write("F-" + (i % ids + 1) + ";Курьер;" + JarBench.DESCRIPTION + ";55,75;37,61;"
                        + JarBench.ADDRESS + ";3\n");
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        long moved = System.nanoTime();
        Files.move(file, jar.workDir().resolve("feeds/inbox").resolve(name),
                StandardCopyOption.ATOMIC_MOVE);
        return moved;
    }

    /** Waits until the feed is in {@code done/}; returns the jar's summary line of it, which follows the move. */
    private static String awaitDone(RunningJar jar, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.notExists(jar.workDir().resolve("feeds/done").resolve(name))) {
            checkDeadline(name, deadline, timeout);
            JarBench.sleep(20);
        }
        String start = "feed " + name + ": ";
        while (true) {
            Optional<String> summary = jar.log().lines()
                    .filter(line -> line.contains(start) && line.contains(" rows, ")).findFirst();
            if (summary.isPresent()) {
                return "jar: " + summary.get().substring(summary.get().indexOf(start));
            }
            checkDeadline(name, deadline, timeout);
            JarBench.sleep(20);
        }
    }

    private static void checkDeadline(String name, long deadline, Duration timeout) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(name + " was not done within " + timeout);
        }
    }

    private static void printHeap(List<String> gcLines) {
        List<Integer> after = gcLines.stream().map(AFTER_GC::matcher).filter(Matcher::find)
                .map(matcher -> Integer.valueOf(matcher.group(1))).toList();
        if (after.isEmpty()) {
            System.out.println("heap: no garbage collection during the big feed");
            return;
        }
        int step = Math.max(1, after.size() / HEAP_POINTS);
        System.out.printf(Locale.ROOT, "heap after GC during the big feed, %,d collections: min %d MB, max %d MB, "
                + "last %d MB; in order, one in %d: %s MB%n", after.size(),
                after.stream().min(Integer::compare).orElseThrow(), after.stream().max(Integer::compare).orElseThrow(),
                after.get(after.size() - 1), step, IntStream.range(0, after.size()).filter(i -> i % step == 0)
                        .mapToObj(i -> String.valueOf(after.get(i))).collect(Collectors.joining(" ")));
    }
}
