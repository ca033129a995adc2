package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.http.RecordedRequest;

/**
 * Job commands against a VK Работа that allows 40 requests a second and answers 429 above that, a limit the bundle is
 * not told: it paces its calls after the first refusals instead of having most of them refused and retried.
 */
class ApiRateLimitTest extends JobsTestSupport {

    private static final int JOBS = 200;
    private static final int PER_SECOND = 40;

    @Override
    protected Map<String, String> properties() {
        // every 429 retried after its Retry-After, for as long as it takes (the defaults)
        return Map.of("bridge.retry.max-attempts", "0", "bridge.retry.max-delay", "2s",
                "bridge.jobs.concurrency", "8");
    }

    @Test
    void anUnknownRateLimitIsMetNotExceeded() {
        sim.faults().rateLimit(PER_SECOND);
        IntStream.rangeClosed(1, JOBS).forEach(i -> send("RL-" + i, upsert("RL-" + i, "r-" + i, "Курьер")));

        await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.consume(app.topic(Topic.JOBS_EVENTS),
                Integer.MAX_VALUE, Duration.ofMillis(300)).stream().filter(record -> record.key().startsWith("RL-"))
                .count() >= JOBS);

        List<RecordedRequest> posts = apiRequests().stream().filter(request -> request.is("POST", "/jobs")).toList();
        long refused = posts.stream().filter(request -> request.status() == 429).count();
        assertThat(posts.stream().filter(request -> request.status() / 100 == 2)).as("one job per command").hasSize(JOBS);
        // a bound on the refusals, not a proof of the pace: the in-flight limit alone, shrinking on 429s, stays under
        // it too (ApiPaceTest proves the pace; the rate-limit benchmark prints the share)
        assertThat(refused).as("POST /jobs refused with 429, of %d", posts.size()).isLessThanOrEqualTo(JOBS / 4);
        IntStream.rangeClosed(1, JOBS).forEach(i -> assertThat(sim.state().jobsByExternalId("RL-" + i)).hasSize(1));
    }
}
