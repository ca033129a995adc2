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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import ru.rabota.bridge.it.RunningJar;

/**
 * The jar's CPU time, sampled every 50 ms, so that a phase's CPU can be read between two events' timestamps rather
 * than when the benchmark happened to see them (the events come in transactions, up to a second late). Beside the
 * process's, the part of its JIT compiler threads (Linux's {@code /proc/<pid>/task}): what the JVM spends compiling
 * while a phase runs, which a longer run does not pay again.
 */
final class CpuTimeline implements AutoCloseable {

    /** Linux's clock ticks per second for a task's {@code utime} and {@code stime} ({@code getconf CLK_TCK}). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private record Sample(long epochMillis, long cpuNanos, long jitNanos) {
    }

    private final List<Sample> samples = new ArrayList<>();
    /** Per compiler thread, its CPU ticks when last seen: a thread the JVM ends keeps what it used. */
    private final Map<String, Long> compilerTicks = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    CpuTimeline(RunningJar jar) {
        Path tasks = Path.of("/proc", String.valueOf(jar.pid()), "task");
        sampler.scheduleAtFixedRate(() -> add(new Sample(System.currentTimeMillis(), jar.cpu().toNanos(),
                compilerNanos(tasks))), 0, 50, TimeUnit.MILLISECONDS);
    }

    private synchronized void add(Sample sample) {
        samples.add(sample);
    }

    /** Milliseconds of the jar's CPU between two instants (epoch millis) since the timeline began. */
    double millisBetween(long from, long to) {
        return between(from, to, Sample::cpuNanos);
    }

    /** Milliseconds of the jar's JIT compiler threads' CPU between two instants. */
    double compilerMillisBetween(long from, long to) {
        return between(from, to, Sample::jitNanos);
    }

    private double between(long from, long to, ToLongFunction<Sample> nanos) {
        while (latest() < to) {
            JarBench.sleep(10);
        }
        return (at(to, nanos) - at(from, nanos)) / 1e6;
    }

    private long compilerNanos(Path tasks) {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    // after the name: state, then utime and stime are the 12th and 13th fields
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    compilerTicks.put(thread.getFileName().toString(),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compilerTicks.values().stream().mapToLong(Long::longValue).sum() * NANOS_PER_TICK;
    }

    private synchronized long latest() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).epochMillis();
    }

    /** A figure at an instant, interpolated between the samples around it. */
    private synchronized double at(long epochMillis, ToLongFunction<Sample> nanos) {
        for (int i = 1; i < samples.size(); i++) {
            Sample before = samples.get(i - 1);
            Sample after = samples.get(i);
            if (after.epochMillis() >= epochMillis) {
                double share = (epochMillis - before.epochMillis())
                        / (double) Math.max(1, after.epochMillis() - before.epochMillis());
                return nanos.applyAsLong(before) + Math.max(0, share) * (nanos.applyAsLong(after)
                        - nanos.applyAsLong(before));
            }
        }
        throw new IllegalStateException("the jar's CPU was not sampled at " + epochMillis);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
