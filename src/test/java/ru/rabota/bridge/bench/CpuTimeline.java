package ru.rabota.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ru.rabota.bridge.it.RunningJar;

/**
 * The jar's CPU time, sampled every 50 ms, so that a phase's CPU can be read between two events' timestamps rather
 * than when the benchmark happened to see them (the events come in transactions, up to a second late).
 */
final class CpuTimeline implements AutoCloseable {

    private record Sample(long epochMillis, long cpuNanos) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    CpuTimeline(RunningJar jar) {
        sampler.scheduleAtFixedRate(() -> add(new Sample(System.currentTimeMillis(), jar.cpu().toNanos())), 0, 50,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void add(Sample sample) {
        samples.add(sample);
    }

    /** Milliseconds of the jar's CPU between two instants (epoch millis) since the timeline began. */
    double millisBetween(long from, long to) {
        while (latest() < to) {
            JarBench.sleep(10);
        }
        return (cpuAt(to) - cpuAt(from)) / 1e6;
    }

    private synchronized long latest() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).epochMillis();
    }

    /** The CPU time at an instant, interpolated between the samples around it. */
    private synchronized double cpuAt(long epochMillis) {
        for (int i = 1; i < samples.size(); i++) {
            Sample before = samples.get(i - 1);
            Sample after = samples.get(i);
            if (after.epochMillis() >= epochMillis) {
                double share = (epochMillis - before.epochMillis())
                        / (double) Math.max(1, after.epochMillis() - before.epochMillis());
                return before.cpuNanos() + Math.max(0, share) * (after.cpuNanos() - before.cpuNanos());
            }
        }
        throw new IllegalStateException("the jar's CPU was not sampled at " + epochMillis);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
