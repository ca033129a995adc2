package ru.rabota.bridge.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ru.rabota.bridge.it.RunningJar;
import ru.rabota.bridge.kafka.Topic;

/**
 * Jobs from Kafka through the fat jar: {@code bench.jobs} upserts of new jobs put on the command topic at once, the
 * VK Работа simulator answering every call after {@code bench.latency} ms, {@code bridge.jobs.concurrency} set to
 * {@code bench.concurrency}. The rates come from the timestamps of the jar's job events, cold (the first
 * {@code bench.cold}, while the JIT compiles) and warm (the rest); the CPU per job is the jar process's own in each
 * phase.
 */
final class JobsBenchmark {

    private static final double SHARE_OF_IDEAL = 0.9;
    private static final Goal CPU_PER_JOB = Goal.atMost(1, "ms", "");

    private JobsBenchmark() {
    }

    /**
     * What a warm job costs the whole machine, whose cores the jar shares with the broker and the simulator: no jar
     * goes faster than these cores carry at these costs, nor one that met the CPU goal.
     */
    private static void printMachine(CpuTimeline cpu, long from, long to, int jobs, double jarGoalMillis) {
        int cores = Runtime.getRuntime().availableProcessors();
        double machine = cpu.machineMillisBetween(from, to) / jobs;
        double jar = cpu.millisBetween(from, to) / jobs;
        System.out.printf(Locale.ROOT, "  the machine's CPU per job warm: %s ms, of which the broker's and the "
                + "simulator's %s ms (their JIT compiler's %s ms): %d cores carry at most %s jobs/s at these costs, "
                + "%s jobs/s with the jar at %s ms%n", Goal.number(machine),
                Goal.number(cpu.benchMillisBetween(from, to) / jobs),
                Goal.number(cpu.benchCompilerMillisBetween(from, to) / jobs), cores,
                Goal.number(cores * 1000 / machine), Goal.number(cores * 1000 / (machine - jar + jarGoalMillis)),
                Goal.number(jarGoalMillis));
    }

    static void run() throws Exception {
        int jobs = Benchmarks.setting("bench.jobs");
        int cold = Benchmarks.setting("bench.cold");
        int latency = Benchmarks.setting("bench.latency");
        int concurrency = Benchmarks.setting("bench.concurrency");
        int fixtureWarmUp = Benchmarks.setting("bench.fixture-warm-up");
        System.out.printf(Locale.ROOT, "jobs: %,d upserts from Kafka, bridge.jobs.concurrency=%d, simulator latency "
                + "%d ms; cold: jobs 1..%,d, warm: jobs %,d..%,d%n", jobs, concurrency, latency, cold, cold + 1, jobs);
        try (JarBench bench = new JarBench(JobsBenchmark.class)) {
            bench.vk.faults().latency(latency);
            Map<String, String> settings = Map.of("bridge.jobs.concurrency", String.valueOf(concurrency));
            if (fixtureWarmUp > 0) {
                System.out.printf(Locale.ROOT, "the broker and the simulator warmed up first: %,d jobs of another "
                        + "jar, on topics of its own%n", fixtureWarmUp);
                bench.warmFixtures(fixtureWarmUp, settings);
            }
            try (RunningJar jar = bench.startReady(List.of(), settings);
                    JobEvents events = new JobEvents(bench.topic(Topic.JOBS_EVENTS));
                    CpuTimeline cpu = new CpuTimeline(jar)) {
                bench.sendUpserts("J-", jobs);
                JobEvents.Arrivals arrivals = events.await("J-", jobs, Duration.ofSeconds(60 + jobs / 10));
                System.out.println("job events: " + arrivals.outcomes());

                Goal rate = Goal.atLeast(SHARE_OF_IDEAL * concurrency * 1000.0 / latency, "jobs/s",
                        String.format(Locale.ROOT, "%.1f x %d / %d ms", SHARE_OF_IDEAL, concurrency, latency));
                // the goals are the warm figures'
                long start = arrivals.at(1);
                long warm = arrivals.at(cold);
                long end = arrivals.at(jobs);
                System.out.printf("jobs cold: %s jobs/s, CPU per job cold: %s ms (the JIT compiler's: %s ms)%n",
                        Goal.number(arrivals.perSecond(1, cold)),
                        Goal.number(cpu.millisBetween(start, warm) / (cold - 1)),
                        Goal.number(cpu.compilerMillisBetween(start, warm) / (cold - 1)));
                rate.print("jobs warm", arrivals.perSecond(cold, jobs));
                CPU_PER_JOB.print("CPU per job warm", cpu.millisBetween(warm, end) / (jobs - cold));
                System.out.printf("  of which the JIT compiler's threads: %s ms per job (compiling what the jobs "
                        + "run, once per process start)%n",
                        Goal.number(cpu.compilerMillisBetween(warm, end) / (jobs - cold)));
                printMachine(cpu, warm, end, jobs - cold, CPU_PER_JOB.target());
            }
        }
    }
}
