package ru.rabota.bridge.applications.vk;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import ru.rabota.bridge.applications.ApplicationRetention;
import ru.rabota.bridge.applications.ApplicationState;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * What the retention may forget of VK Работа's applications (bean {@code vkApplicationsRetention}): one in a final
 * status, which no re-scan reads for its own sake, created before where the poll starts reading (the watermark less
 * the overlap, less a minute: {@code created_from} is cut to the second). A re-scan of its job from an older open
 * application still shows it; the job's mark tells that one from a new one.
 */
record VkRetentionRule(KafkaStateStore watermarkState, Duration overlap, Set<String> finalStatuses)
        implements ApplicationRetention.Rule {

    private static final Duration CUT_TO_THE_SECOND = Duration.ofMinutes(1);

    @Override
    public String source() {
        return VkApplicationRecords.SOURCE;
    }

    @Override
    public boolean mayForget(ApplicationState state, Instant createdAt) {
        return finalStatuses.contains(state.status()) && VkApplications.watermark(watermarkState)
                .filter(watermark -> createdAt.isBefore(watermark.minus(overlap).minus(CUT_TO_THE_SECOND)))
                .isPresent();
    }
}
