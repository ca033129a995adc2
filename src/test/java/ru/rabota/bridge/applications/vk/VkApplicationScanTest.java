package ru.rabota.bridge.applications.vk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.applications.ApplicationSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

/** How far a scan lets the watermark move, page by page. */
class VkApplicationScanTest {

    private static final Instant STORED = Instant.parse("2024-01-01T09:00:00Z");

    @Test
    void oldestFirstPagesMoveTheWatermarkWithEachPage() {
        VkApplicationScan scan = VkApplicationScan.newApplications(STORED, STORED, 50, 500, Map.of());

        scan.served(List.of(at("1", "2024-01-01T12:00:00+03:00"), at("2", "2024-01-01T12:00:01+03:00")));

        assertThat(scan.watermarkForBatch(false)).contains(Instant.parse("2024-01-01T09:00:01Z"));
    }

    @Test
    void newestFirstPagesMoveItOnlyAfterTheLastPage() {
        VkApplicationScan scan = VkApplicationScan.newApplications(STORED, STORED, 50, 500, Map.of());

        scan.served(List.of(at("2", "2024-01-01T12:00:01+03:00"), at("1", "2024-01-01T12:00:00+03:00")));

        assertThat(scan.watermarkForBatch(false)).isEmpty();
        assertThat(scan.watermarkForBatch(true)).contains(Instant.parse("2024-01-01T09:00:01Z"));
    }

    @Test
    void aPageOlderThanTheStoredWatermarkNeverMovesItBack() {
        VkApplicationScan scan = VkApplicationScan.newApplications(STORED.minusSeconds(600), STORED, 50, 500, Map.of());

        scan.served(List.of(at("1", "2024-01-01T11:55:00+03:00")));

        assertThat(scan.watermarkForBatch(true)).contains(STORED);
    }

    @Test
    void aJobRescanKeepsNoWatermarkAndAsksForItsJobFromTheSecondInMoscowTime() {
        VkApplicationScan scan = VkApplicationScan.job("298", Instant.parse("2024-01-01T09:00:00.900Z"), 80, 500, Map.of());

        assertThat(scan.query()).containsExactly(Map.entry("page[number]", 1), Map.entry("page[size]", 50),
                Map.entry("job_id", "298"), Map.entry("created_from", "2024-01-01 12:00:00"));
        scan.served(List.of(at("1", "2024-01-01T12:00:00+03:00")));
        assertThat(scan.watermarkForBatch(true)).isEmpty();
        scan.advance(true);
        assertThat(scan.query()).containsEntry("page[number]", 2);
    }

    @Test
    void pagesArePublishedOnceTheyFillABatchAndAtTheEnd() {
        VkApplicationScan scan = VkApplicationScan.newApplications(null, null, 2, 3, Map.of());
        scan.served(List.of(at("1", "2024-01-01T12:00:00+03:00"), at("2", "2024-01-01T12:00:01+03:00")));
        assertThat(scan.batchDue(false)).isFalse();

        scan.served(List.of(at("4", "2024-01-01T12:00:03+03:00"), at("3", "2024-01-01T12:00:02+03:00")));

        assertThat(scan.batchDue(false)).isTrue();
        assertThat(scan.takeBatch()).extracting(ApplicationSnapshot::applicationId).containsExactly("1", "2", "3", "4");
        assertThat(scan.batchDue(false)).isFalse();
        assertThat(scan.batchDue(true)).isTrue();
        assertThat(scan.takeBatch()).isEmpty();
    }

    @Test
    void eventsGoOutByCreationThenByNumericId() {
        ApplicationSnapshot ten = at("10", "2024-01-01T12:00:00+03:00");
        ApplicationSnapshot nine = at("9", "2024-01-01T12:00:00+03:00");
        ApplicationSnapshot older = at("11", "2024-01-01T08:59:59Z");

        assertThat(Stream.of(ten, nine, older).sorted(VkApplicationScan.OLDEST_FIRST))
                .containsExactly(older, nine, ten);
    }

    private static ApplicationSnapshot at(String id, String createdAt) {
        return new ApplicationSnapshot("vkrabota", id, "298", null, "unread", createdAt, null, null);
    }
}
