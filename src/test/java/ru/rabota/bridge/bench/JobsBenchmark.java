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
    /** The job calls' meters in the jar's Prometheus scrape. */
    private static final String JOB_CALL = "operation=\"POST /jobs\",status=\"200\"";

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

    /** The jar's {@code bridge_api_requests_seconds} of its successful job calls so far: seconds and calls. */
    private record CallTime(double seconds, double calls) {

        static CallTime of(RunningJar jar) {
            double seconds = 0;
            double calls = 0;
            for (String line : jar.get("/observe/metrics").lines().filter(line -> line.contains(JOB_CALL)).toList()) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("bridge_api_requests_seconds_sum")) {
                    seconds += value;
                } else if (line.startsWith("bridge_api_requests_seconds_count")) {
                    calls += value;
                }
            }
            return new CallTime(seconds, calls);
        }

        /** Milliseconds per call since {@code before}. */
        double millisPerCallSince(CallTime before) {
            return (seconds - before.seconds) * 1000 / (calls - before.calls);
        }
    }

    /**
     * How long the warm job calls took: on the simulator's side (its handler, the latency it was given included), and
     * on the jar's (a call slot held from the request's start to its answer read; read from its meters when the
     * warm phase's first event was read, and at the end). {@code concurrency} calls in flight allow at most
     * {@code concurrency} jobs per call time: on two busy cores a 20 ms sleep of the simulator's ends later, when
     * its thread gets a core again, and so do the jar's threads.
     */
    private static void printCalls(JarBench bench, long from, long to, int jobs, int concurrency, double jarMillis) {
        double simulator = bench.vk.requests().stream()
                .filter(request -> request.is("POST", "/jobs") && request.status() == 200
                        && request.at().toEpochMilli() >= from && request.at().toEpochMilli() <= to)
                .mapToDouble(request -> request.took().toNanos() / 1e6).average().orElse(Double.NaN);
        double rate = jobs * 1000.0 / Math.max(1, to - from);
        System.out.printf(Locale.ROOT, "  the job calls warm: the simulator answered in %s ms on average, the jar "
                + "held a call slot %s ms per call; %d in flight allow at most %s and %s jobs/s at these times: the "
                + "jar made %s and %s of them%n", Goal.number(simulator), Goal.number(jarMillis), concurrency,
                Goal.number(concurrency * 1000 / simulator), Goal.number(concurrency * 1000 / jarMillis),
                Goal.number(rate * simulator / concurrency / 1000), Goal.number(rate * jarMillis / concurrency / 1000));
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
                CallTime[] callsCold = new CallTime[1];
                JobEvents.Arrivals arrivals = events.await("J-", jobs, Duration.ofSeconds(60 + jobs / 10), cold,
                        () -> callsCold[0] = CallTime.of(jar));
                CallTime calls = CallTime.of(jar);
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
                printCalls(bench, warm, end, jobs - cold, concurrency, calls.millisPerCallSince(callsCold[0]));
            }
        }
    }
}
