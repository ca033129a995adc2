package ru.rabota.bridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import ru.rabota.bridge.it.RunningJar;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * An API rate limit the bundle is not told of: the VK Работа simulator answers {@code bench.rate} requests a second
 * and 429 with {@code Retry-After: 1} above that, without latency, while the fat jar, on its default settings,
 * publishes {@code bench.rate-jobs} new jobs from Kafka. Prints the successful calls per second while it publishes
 * (the simulator's record, from the first job call to the last) against the limit, and the share of 429 answers.
 * Warm, as the jobs benchmark's goals: the jar first publishes {@code bench.cold} jobs without a limit (the JIT's
 * work of a process start, which on a small machine keeps a cold jar below a high limit for seconds); the pace
 * learns nothing from them, it starts from the first 429 after a few idle seconds.
 */
final class RateLimitBenchmark {

    private static final double SHARE_OF_LIMIT = 0.95;
    private static final Goal THROTTLED = Goal.below(1, "%", "");

    private RateLimitBenchmark() {
    }

    static void run() throws Exception {
        int rate = Benchmarks.setting("bench.rate");
        int jobs = Benchmarks.setting("bench.rate-jobs");
        int warmUp = Benchmarks.setting("bench.cold");
        System.out.printf(Locale.ROOT, "rate limit: %,d upserts from Kafka, the API answers %d requests/s and 429 "
                + "above, no latency; the bundle's default settings, warmed up by %,d upserts without a limit%n",
                jobs, rate, warmUp);
        try (JarBench bench = new JarBench(RateLimitBenchmark.class)) {
            try (RunningJar jar = bench.startReady(List.of(), Map.of());
                    JobEvents events = new JobEvents(bench.topic(Topic.JOBS_EVENTS))) {
                bench.sendUpserts("W-", warmUp);
                events.await("W-", warmUp, Duration.ofSeconds(60 + warmUp / 10));
                bench.vk.faults().rateLimit(rate);
                // idle long enough that what the pace counts is the limited API's: the limit is the API's own, not
                // one that comes while calls go faster than it
                Thread.sleep(3_000);
                bench.vk.clearRequests();
                bench.sendUpserts("R-", jobs);
                JobEvents.Arrivals arrivals = events.await("R-", jobs, Duration.ofSeconds(60 + jobs / 10));
                // every call from the first job call to the last: the limit counts the timed polls' calls too
                List<RecordedRequest> all = bench.vk.requests();
                List<RecordedRequest> jobCalls = all.stream().filter(call -> call.path().startsWith("/jobs")).toList();
                Instant first = jobCalls.get(0).at();
                Instant last = jobCalls.get(jobCalls.size() - 1).at();
                List<RecordedRequest> calls = all.stream()
                        .filter(call -> !call.at().isBefore(first) && !call.at().isAfter(last)).toList();
                double seconds = Duration.between(first, last).toMillis() / 1000.0;
                long succeeded = calls.stream().filter(call -> call.status() / 100 == 2).count();
                long throttled = calls.stream().filter(call -> call.status() == 429).count();
                System.out.printf(Locale.ROOT, "job events %s, %s jobs/s; %,d calls in %.1f s: %,d succeeded, "
                        + "%,d answered 429%n", arrivals.outcomes(), Goal.number(arrivals.perSecond(1, jobs)),
                        calls.size(), seconds, succeeded, throttled);
                Goal.atLeast(SHARE_OF_LIMIT * rate, "calls/s", SHARE_OF_LIMIT + " x the limit of " + rate + "/s")
                        .print("successful calls", succeeded / seconds);
                THROTTLED.print("answers 429", 100.0 * throttled / calls.size());
                System.out.println("answers 429 by second of the run: " + calls.stream()
                        .filter(call -> call.status() == 429)
                        .collect(Collectors.groupingBy(call -> Duration.between(first, call.at()).toSeconds(),
                                TreeMap::new, Collectors.counting())));
            }
        }
    }
}
