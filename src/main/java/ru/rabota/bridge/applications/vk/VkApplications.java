package ru.rabota.bridge.applications.vk;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.applications.ApplicationState;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.jsonapi.JsonApiPage;
import ru.rabota.bridge.jsonapi.VkPaging;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.vk.VkCredentialsException;

/**
 * The steps of {@code routes/applications-poll.camel.yaml}, bound as {@code vkApplications}: which scans to make
 * ({@link #newApplications()}, {@link #rescans()}) and what to do with each page read ({@link #page}). Pages are
 * published in batches, so a poll of any size holds one batch being read and one being published.
 */
public final class VkApplications {

    /** Exchange property holding the {@link VkApplicationScan} being read. */
    public static final String SCAN = "bridgeApplicationScan";
    /** Key in {@code watermarkState}: {@code {"created_at": "<newest created_at polled, ISO-8601 UTC>"}}. */
    public static final String WATERMARK_KEY = VkApplicationRecords.SOURCE + ":applications";

    /**
     * @param pageSize      {@code page[size]}, at most 50
     * @param batchSize     applications per Kafka transaction (whole pages: a batch ends with the page that fills it)
     * @param overlap       how far before the watermark each poll starts reading again
     * @param since         where the first poll starts when there is no watermark; null: every application
     * @param finalStatuses statuses after which an application is no longer re-scanned
     */
    public record Settings(int pageSize, int batchSize, Duration overlap, Instant since, Set<String> finalStatuses) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(VkApplications.class);
    /** Where a dead letter of an unreadable application came from. */
    private static final String LETTER_ORIGIN = VkApplicationRecords.SOURCE + ":GET /applications";

    private final ApplicationPublisher publisher;
    private final Settings settings;
    private final KafkaStateStore applicationState;
    private final JobState jobState;
    private final KafkaStateStore watermarkState;
    private final DeadLetters deadLetters;
    /** The unreadable applications lettered so far, by {@link #letterKey} (few: one per application and reason). */
    private final Set<String> lettered = ConcurrentHashMap.newKeySet();
    private final Troubles refusedRescans = new Troubles();

    /** @param jobState {@code jobRecords} */
    public VkApplications(ApplicationPublisher publisher, KafkaStateStore applicationState, JobState jobState,
            KafkaStateStore watermarkState, DeadLetters deadLetters, Settings settings) {
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.applicationState = applicationState;
        this.jobState = jobState;
        this.watermarkState = watermarkState;
        this.settings = settings;
    }

    /** The poll of new applications: from the watermark minus the overlap, or from {@code since} the first time. */
    public VkApplicationScan newApplications() {
        Instant watermark = watermark(watermarkState).orElse(null);
        Instant from = watermark != null ? watermark.minus(settings.overlap()) : settings.since();
        return VkApplicationScan.newApplications(from, watermark, settings.pageSize(), settings.batchSize(),
                jobState.externalIdsByJobId());
    }

    /**
     * The re-scan for status changes: for each job with an application whose last emitted status is not final,
     * that job's applications created since its oldest such one. Neither filter depends on a status, so pages
     * do not shift when statuses change during the scan, and a move to a final status is seen too.
     */
    public List<VkApplicationScan> rescans() {
        Map<String, Instant> oldestOpen = new TreeMap<>();
        String prefix = VkApplicationRecords.SOURCE + ":";
        applicationState.forEach((key, value) -> {
            ApplicationState state = key.startsWith(prefix) ? ApplicationState.parse(value) : null;
            if (state != null && state.jobId() != null && !settings.finalStatuses().contains(state.status())) {
                Instant created = VkApplicationScan.instant(key, state.createdAt());
                oldestOpen.merge(state.jobId(), created, (a, b) -> a.isBefore(b) ? a : b);
            }
        });
        LOG.debug("VK Работа applications re-scan: {} jobs with open applications", oldestOpen.size());
        Map<String, String> externalJobIds = jobState.externalIdsByJobId();
        return oldestOpen.entrySet().stream()
                .map(job -> VkApplicationScan.job(job.getKey(), job.getValue(), settings.pageSize(),
                        settings.batchSize(), externalJobIds))
                .toList();
    }

    /**
     * One page of {@code GET /applications} (the body). Once a batch is full, or at the last page, the applications
     * read since the last batch go out oldest first, with the watermark the scan allows, in one transaction (a line
     * on the progress when more pages follow); then the scan moves to the next page or ends. A batch is published
     * while the pages after it are read; the scan ends once its last batch is committed.
     */
    public void page(Exchange exchange) throws InvalidPayloadException {
        VkApplicationScan scan = exchange.getProperty(SCAN, VkApplicationScan.class);
        JsonApiPage page = JsonApi.page(exchange.getMessage().getMandatoryBody(JsonNode.class));
        scan.movedOn(page);
        List<ApplicationSnapshot> served = new ArrayList<>();
        for (ObjectNode record : page.records()) {
            try {
                served.add(VkApplicationRecords.snapshot(record, scan.externalJobIds(), scan.askedAt()));
            } catch (IllegalArgumentException unreadable) {
                deadLetter(record, unreadable);
            }
        }
        scan.served(served);
        boolean next = VkPaging.hasNext(page, scan.number(), scan.pageSize());
        boolean batch = scan.batchDue(!next);
        if (batch) {
            Map<String, String> watermark = scan.watermarkForBatch(!next)
                    .map(at -> Map.of(WATERMARK_KEY, watermarkJson(at)))
                    .orElse(Map.of());
            if (scan.awaitPublished() && scan.emitted() > 0) {
                // a scan of many pages (the first poll reads the whole history) shows its progress per batch
                LOG.info("VK Работа applications, {} so far", scan.summary());
            }
            scan.publishing(publisher.publishPolledWhileReading(scan.takeBatch(), watermark));
        }
        scan.advance(next);
        if (next) {
            return;
        }
        scan.awaitPublished();
        // a re-scan reads job after job: one line for all of them (rescanned), not one a job
        if (scan.emitted() > 0 && !scan.ofOneJob()) {
            LOG.info("VK Работа applications, {}", scan.summary());
        } else {
            LOG.debug("VK Работа applications, {}", scan.summary());
        }
    }

    /**
     * After a re-scan (the body: its scans, one a job): one line for all its jobs when it emitted anything. A line a
     * job was hundreds of lines a re-scan for an employer with hundreds of jobs open.
     */
    public void rescanned(List<VkApplicationScan> scans) {
        int created = scans.stream().mapToInt(VkApplicationScan::created).sum();
        int changed = scans.stream().mapToInt(VkApplicationScan::changed).sum();
        int unchanged = scans.stream().mapToInt(VkApplicationScan::unchanged).sum();
        if (created + changed > 0) {
            LOG.info("VK Работа applications re-scan of {} job(s): {} new, {} status changes, {} unchanged",
                    scans.size(), created, changed, unchanged);
        }
        // a refused job left without open applications (a status command closed them) is read no more: its WARN ends
        refusedRescans.endsExcept(scans.stream().map(VkApplicationScan::description).toList())
                .forEach((job, trouble) -> LOG.info("VK Работа applications re-scan of {} no longer needed (no open"
                        + " application), after {} since {}", job, trouble.timesText("refused re-scan"),
                        trouble.since()));
    }

    /**
     * Whether VK refused a job's re-scan for what it asks (a 4xx no retry mends: a job VK no longer shows, say): that
     * job is skipped and the other jobs are re-scanned. Refused credentials and outages still end the re-scan.
     */
    public boolean rescanRefused(Exchange exchange) {
        ApiException failure = ApiException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        return failure != null && failure.refusesRequest() && !(failure instanceof VkCredentialsException);
    }

    /** Skips the refused job's re-scan: one WARN while VK refuses it, one INFO once it is read again. */
    public void rescanSkipped(Exchange exchange) {
        String job = exchange.getProperty(SCAN, VkApplicationScan.class).description();
        String reason = LogText.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        refusedRescans.came(job, LOG, "VK Работа applications re-scan of {} refused: {}; the other jobs are"
                + " re-scanned, one line when this one is", "VK Работа applications re-scan of {} refused again: {}",
                job, reason);
    }

    /** After a job's re-scan: the line that ends its refusals, if VK refused it before. */
    public void rescanRead(Exchange exchange) {
        String job = exchange.getProperty(SCAN, VkApplicationScan.class).description();
        refusedRescans.ends(job).ifPresent(trouble -> LOG.info("VK Работа applications re-scan of {} read again,"
                + " after {} since {}", job, trouble.timesText("refused re-scan"), trouble.since()));
    }

    /**
     * An application the poll cannot key or order becomes a dead letter naming the field and its value, and the
     * poll goes on without it. Polls and re-scans read it again (the overlap, its job's re-scan): it is lettered
     * once per process and reason, remembered here (once sent: a send that failed is tried again).
     */
    private void deadLetter(ObjectNode record, IllegalArgumentException unreadable) {
        String id = record.path("id").asText(null);
        String key = id == null ? null : VkApplicationRecords.SOURCE + ":" + id;
        String letterKey = letterKey(id, record, unreadable);
        if (!lettered.contains(letterKey)) {
            deadLetters.send(LETTER_ORIGIN, key, record.toString(), unreadable, 0, "applications-scan", null);
            lettered.add(letterKey);
        }
    }

    /**
     * The application and why it is unreadable (the field and its value), not its whole content: the candidate in it
     * changes whenever the candidate opens the app, and each version was lettered again. Without an id: the record.
     */
    private static String letterKey(String id, ObjectNode record, IllegalArgumentException unreadable) {
        return (id == null ? record.toString() : id) + " " + unreadable.getMessage();
    }

    private static String watermarkJson(Instant at) {
        return BridgeJson.MAPPER.createObjectNode().put("created_at", at.toString()).toString();
    }

    /** The stored watermark, if a poll stored one. */
    static Optional<Instant> watermark(KafkaStateStore watermarkState) {
        return watermarkState.get(WATERMARK_KEY).map(VkApplications::watermarkOf);
    }

    private static Instant watermarkOf(String json) {
        try {
            return Instant.parse(BridgeJson.MAPPER.readTree(json).path("created_at").asText());
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalStateException("unreadable watermark " + WATERMARK_KEY + ": " + json, e);
        }
    }
}
