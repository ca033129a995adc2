package ru.rabota.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import ru.rabota.bridge.it.RunningJar;

/**
 * The jar's CPU time, sampled every 50 ms, so that a phase's CPU can be read between two events' timestamps rather
 * than when the benchmark happened to see them (the events come in transactions, up to a second late). Beside the
 * process's, the part of its JIT compiler threads (Linux's {@code /proc/<pid>/task}): what the JVM spends compiling
 * while a phase runs, which a longer run does not pay again. And what shares the cores with it: the benchmark's own
 * JVM (the broker and the simulator) and the whole machine's busy time ({@code /proc/stat}), which bound the rate
 * any jar could reach on these cores.
 */
final class CpuTimeline implements AutoCloseable {

    private record Sample(long epochMillis, long cpuNanos, long jitNanos, long benchNanos, long benchJitNanos,
            long machineNanos) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    CpuTimeline(RunningJar jar) {
        CompilerThreads compiler = new CompilerThreads(Path.of("/proc", String.valueOf(jar.pid()), "task"));
        ProcessHandle bench = ProcessHandle.current();
        CompilerThreads benchCompiler = new CompilerThreads(Path.of("/proc/self/task"));
        sampler.scheduleAtFixedRate(() -> add(new Sample(System.currentTimeMillis(), jar.cpu().toNanos(),
                compiler.nanos(), bench.info().totalCpuDuration().orElseThrow().toNanos(), benchCompiler.nanos(),
                machineBusyNanos())),
                0, 50, TimeUnit.MILLISECONDS);
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

    /** Milliseconds of the benchmark JVM's CPU (broker, simulator, this timeline) between two instants. */
    double benchMillisBetween(long from, long to) {
        return between(from, to, Sample::benchNanos);
    }

    /** Milliseconds of CPU the whole machine spent (every core, every process) between two instants. */
    double machineMillisBetween(long from, long to) {
        return between(from, to, Sample::machineNanos);
    }

    /** The first line of {@code /proc/stat}: ticks of all cores in user, nice, system, irq, softirq and steal. */
    private static long machineBusyNanos() {
        try {
            String[] ticks = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(ticks[field]);
            }
            return busy * CompilerThreads.NANOS_PER_TICK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds of the benchmark JVM's JIT compiler threads' CPU between two instants. */
    double benchCompilerMillisBetween(long from, long to) {
        return between(from, to, Sample::benchJitNanos);
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
