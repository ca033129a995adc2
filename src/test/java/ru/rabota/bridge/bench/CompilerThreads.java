package ru.rabota.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The CPU of one JVM's JIT compiler threads, from Linux's {@code /proc/<pid>/task}. The threads are listed again
 * once a second (the JVM starts and ends compiler threads as the work comes), and only their {@code stat} files are
 * read between: reading every thread's, every 50 ms, cost the benchmark's JVM a tenth of a core. Also reads, once, the
 * CPU of another thread by its name ({@link #nanos(Path, String)}: a start's main thread), from the same files.
 */
public final class CompilerThreads {

    /** Linux's clock ticks per second for a task's {@code utime} and {@code stime} ({@code getconf CLK_TCK}). */
    static final long NANOS_PER_TICK = 10_000_000L;
    private static final long LIST_EVERY_MILLIS = 1000;

    private final Path tasks;
    /** Per compiler thread, its CPU ticks when last seen: a thread the JVM ends keeps what it used. */
    private final Map<Path, Long> ticks = new HashMap<>();
    private List<Path> stats = List.of();
    private long listedAt;

    public CompilerThreads(Path tasks) {
        this.tasks = tasks;
    }

    /** The CPU the JVM's compiler threads used so far, those it ended included. */
    public long nanos() {
        long now = System.currentTimeMillis();
        if (now - listedAt >= LIST_EVERY_MILLIS) {
            stats = list();
            listedAt = now;
        }
        for (Path stat : stats) {
            try {
                ticks.put(stat, ticks(stat));
            } catch (IOException ended) {
                // it keeps the ticks it was last seen with
            }
        }
        return ticks.values().stream().mapToLong(Long::longValue).sum() * NANOS_PER_TICK;
    }

    /** The CPU of the threads of {@code tasks} named {@code name} (Linux's {@code comm}) now, ended ones not. */
    static long nanos(Path tasks, String name) {
        long sum = 0;
        for (Path thread : threads(tasks, name::equals)) {
            try {
                sum += ticks(thread);
            } catch (IOException ended) {
                // ended since it was listed
            }
        }
        return sum * NANOS_PER_TICK;
    }

    /** A thread's CPU ticks so far, user and system. */
    private static long ticks(Path stat) throws IOException {
        String line = Files.readString(stat);
        // after the name: state, then utime and stime are the 12th and 13th fields
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private List<Path> list() {
        return threads(tasks, name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
    }

    /** The {@code stat} files of the threads whose name matches. */
    private static List<Path> threads(Path tasks, Predicate<String> named) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String name;
                try {
                    name = Files.readString(thread.resolve("comm")).strip();
                } catch (IOException ended) {
                    continue;
                }
                if (named.test(name)) {
                    found.add(thread.resolve("stat"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
