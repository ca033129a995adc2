package ru.rabota.sandbox.vk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Life on the job board for the sandbox: new candidates apply to active jobs, employers' colleagues move
 * applications along (read, invited, ...). One seeded {@link Random} drives it, so the same seed and the same
 * calls give the same applications. Also the bulk seeding used by tests and benchmarks.
 */
final class VkActivity {

    private static final Logger LOG = LoggerFactory.getLogger(VkActivity.class);

    /** Where an application may go next; statuses without an entry are final. */
    private static final Map<String, List<String>> NEXT = Map.of(
            "unread", List.of("read"),
            "read", List.of("selected", "invited", "declined", "improper"),
            "selected", List.of("invited", "rejected"),
            "invited", List.of("reserved", "missed", "rejected"));
    /** Seeded statuses: mostly unread, some already handled. */
    private static final List<String> SEED_STATUSES = List.of("unread", "unread", "unread", "read", "invited",
            "declined");

    private final VkState state;
    private final Random random;
    private final CandidateGenerator generator;
    private ScheduledExecutorService scheduler;

    VkActivity(VkState state, long seed, VkReferenceData reference) {
        this.state = state;
        this.random = new Random(seed);
        this.generator = new CandidateGenerator(random, reference);
    }

    synchronized void start(Duration every) {
        stop();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vk-rabota-activity");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::safeTick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** One round: 1-3 new applications to random active jobs, then 0-2 status changes. */
    synchronized List<VkApplication> tick() {
        List<Long> jobs = state.activeJobIds();
        List<VkApplication> created = new ArrayList<>();
        if (jobs.isEmpty()) {
            return created;
        }
        int arriving = 1 + random.nextInt(3);
        for (int i = 0; i < arriving; i++) {
            long job = jobs.get(random.nextInt(jobs.size()));
            VkCandidate candidate = state.addCandidate(generator.next(state.now()));
            created.add(state.addApplication(job, candidate.id(), "unread", state.now()));
        }
        int moves = random.nextInt(3);
        for (int i = 0; i < moves; i++) {
            VkApplication application = state.applicationAt(random.nextInt(state.applicationCount()));
            List<String> next = NEXT.get(application.status());
            if (next != null) {
                state.setApplicationStatus(application.id(), next.get(random.nextInt(next.size())));
            }
        }
        return created;
    }

    /**
     * {@code count} applications, each from a new candidate, spread over the active jobs (one job is created
     * when there is none), created one second apart and ending now.
     */
    synchronized List<VkApplication> seedApplications(int count) {
        List<Long> jobs = state.activeJobIds();
        if (jobs.isEmpty()) {
            jobs = List.of(state.addJob("Тестовая вакансия", "SEED-1").id());
        }
        Instant first = state.now().minusSeconds(count);
        List<VkApplication> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = first.plusSeconds(i);
            VkCandidate candidate = state.addCandidate(generator.next(at));
            created.add(state.addApplication(jobs.get(i % jobs.size()), candidate.id(),
                    SEED_STATUSES.get(random.nextInt(SEED_STATUSES.size())), at));
        }
        return created;
    }

    synchronized List<VkCandidate> seedCandidates(int count) {
        List<VkCandidate> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(state.addCandidate(generator.next(state.now())));
        }
        return added;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a failed round must not cancel the schedule
            LOG.warn("VK Работа sandbox activity failed: {}", e.toString());
        }
    }
}
