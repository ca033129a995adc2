package ru.rabota.sandbox.vk;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VkActivityTest extends VkSimulatorTestSupport {

    @Test
    void theSameSeedGivesTheSameCandidates() throws Exception {
        sim.state().addJob("Курьер", "HR-1");
        List<VkApplication> mine = sim.runActivityOnce();
        try (VkSimulator twin = new VkSimulator(new VkSimulatorConfig()).start()) {
            twin.state().addJob("Курьер", "HR-1");
            List<VkApplication> theirs = twin.runActivityOnce();

            assertThat(theirs).hasSameSizeAs(mine);
            for (int i = 0; i < mine.size(); i++) {
                VkCandidate a = sim.state().candidate(mine.get(i).candidateId()).orElseThrow();
                VkCandidate b = twin.state().candidate(theirs.get(i).candidateId()).orElseThrow();
                assertThat(b.firstName() + b.lastName() + b.phone()).isEqualTo(a.firstName() + a.lastName() + a.phone());
            }
        }
    }

    @Test
    void activityNeedsAnActiveJobAndThenBringsApplications() throws Exception {
        assertThat(sim.runActivityOnce()).isEmpty();

        long job = sim.state().addJob("Курьер", "HR-1").id();
        List<VkApplication> created = sim.runActivityOnce();

        assertThat(created).isNotEmpty().allSatisfy(a -> {
            assertThat(a.jobId()).isEqualTo(job);
            assertThat(a.status()).isEqualTo("unread");
        });
        assertThat(get("/applications").body().path("data")).hasSize(sim.state().applicationCount());
    }

    @Test
    void scheduledActivityMovesStatusesOverTime() throws Exception {
        sim.state().addJob("Курьер", "HR-1");
        sim.startActivity(Duration.ofMillis(20));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.state().applicationCount() > 30
                    && statuses().size() > 2);
        } finally {
            sim.stopActivity();
        }
        assertThat(statuses()).contains("unread", "read");
    }

    private Set<String> statuses() {
        Set<String> seen = new HashSet<>();
        for (long id = 1; id <= sim.state().applicationCount(); id++) {
            sim.state().application(id).ifPresent(a -> seen.add(a.status()));
        }
        return seen;
    }

    @Test
    void aLargeSeedPagesThroughCompletelyWithoutGapsOrRepeats() throws Exception {
        sim.state().addJob("Курьер", "HR-1");
        sim.state().addJob("Продавец", "HR-2");
        sim.seedApplications(5_000);

        Set<Long> seen = new HashSet<>();
        int pages = 0;
        for (int page = 1; ; page++) {
            Answer answer = get("/applications?page%5Bnumber%5D=" + page + "&page%5Bsize%5D=50");
            if (answer.body().path("data").isEmpty()) {
                break;
            }
            answer.body().path("data").forEach(a -> assertThat(seen.add(a.path("id").asLong())).isTrue());
            pages++;
        }
        assertThat(pages).isEqualTo(100);
        assertThat(seen).hasSize(5_000);
        Answer lastUnread = get("/applications?status%5B%5D=unread&job_id=2&page%5Bsize%5D=50&page%5Bnumber%5D=5");
        assertThat(lastUnread.body().path("data")).hasSize(50).allSatisfy(a -> {
            assertThat(a.at("/attributes/status").asText()).isEqualTo("unread");
            assertThat(a.at("/attributes/job_id").asLong()).isEqualTo(2);
        });
    }
}
