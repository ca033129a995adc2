package ru.rabota.bridge.backgrounds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.api.Multipart;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.feed.FeedFolders;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * The steps of route {@code backgrounds-inbox} (bean {@code backgroundUploads}): an image dropped into the inbox is
 * uploaded with {@code PUT /background}, for the jobs its sidecar {@code <image>.json} names
 * ({@code {"external_ids":["HR-1"],"job_ids":["39085"],"crop_w":640,"crop_h":480,"crop_x":0,"crop_y":0}}), or as the
 * API user's own background when there is no sidecar. Each job gets a result on {@code rabota.backgrounds.results};
 * then {@code <image>.report.json}, the sidecar and the image (last) go to the done folder when every job succeeded,
 * else to the error folder. A sidecar that names jobs of which none is known calls nothing: without job ids VK would
 * replace the user's background.
 */
public final class BackgroundUploads {

    /** Property: the {@link Upload} under way. */
    public static final String UPLOAD = "bridgeBackgroundUpload";

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundUploads.class);
    private static final Map<String, String> TYPES = Map.of("jpg", "image/jpeg", "jpeg", "image/jpeg",
            "png", "image/png", "gif", "image/gif", "webp", "image/webp");
    private static final List<String> CROP = List.of("crop_h", "crop_w", "crop_x", "crop_y");
    private static final String KAFKA = "kafka";

    /** One image and what became of it. */
    public static final class Upload {
        private final Path image;
        private final Path sidecar;
        private final String origin;
        private final List<BackgroundTarget> called = new ArrayList<>();
        private final List<ObjectNode> results = new ArrayList<>();
        /** Which image file it is: another one put at its path later is uploaded anew. */
        private final Object identity;
        private String unreadable;
        /** VK answered the upload (or refused it): its results are known. */
        private boolean answered;
        /** How many results Kafka took: a Kafka outage leaves the rest for a later poll, the upload not repeated. */
        private int published;
        /** The upload failed as the application stopped: the stop's doing, the image waits for the next start. */
        private boolean stopped;

        Upload(Path image, Path sidecar) {
            this.image = image;
            this.sidecar = sidecar;
            this.origin = "file:" + image.getFileName();
            this.identity = FeedFolders.identity(image);
        }

        /** Whether VK is to be called: not for an image uploaded already, whose results wait for Kafka. */
        public boolean call() {
            return !called.isEmpty() && !answered;
        }

        /** Whether its image is still in the inbox, the same file: not removed, nor replaced by another. */
        boolean inInbox() {
            return identity != null && identity.equals(FeedFolders.identity(image));
        }

        boolean succeeded() {
            return unreadable == null && results.stream().allMatch(r -> "ok".equals(CommandResult.outcome(r)));
        }
    }

    private final JobState jobIds;
    private final KafkaOutput output;
    private final BridgeMeters meters;
    private final FeedFolders folders;
    /**
     * Images uploaded whose results Kafka has not taken yet (it was down), by path; forgotten once gone from the inbox
     * ({@link #forgetGone}).
     */
    private final Map<Path, Upload> unpublished = new ConcurrentHashMap<>();
    /** One condition: Kafka does not take the results. */
    private final Troubles kafka = new Troubles();
    /** Images whose results went out but that could not be moved out of the inbox, by origin. */
    private final Troubles moves = new Troubles();

    /**
     * @param folders done ({@code bridge.backgrounds.done}) and error ({@code bridge.backgrounds.error}), by default
     *                beside the inbox; a name taken there gets a timestamp
     */
    public BackgroundUploads(JobState jobIds, KafkaOutput output, BridgeMeters meters, FeedFolders folders) {
        this.jobIds = jobIds;
        this.output = output;
        this.meters = meters;
        this.folders = folders;
    }

    /** The image in the body: reads its sidecar and prepares the multipart body, when there is anything to call. */
    public void prepare(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Path image = Path.of(message.getHeader(Exchange.FILE_PATH, String.class));
        forgetGone();
        Upload waiting = unpublished.remove(image);
        if (waiting != null) {
            exchange.setProperty(UPLOAD, waiting);
            return;
        }
        Path sidecar = image.resolveSibling(image.getFileName() + ".json");
        Upload upload = new Upload(image, Files.exists(sidecar) ? sidecar : null);
        exchange.setProperty(UPLOAD, upload);
        CommandJson json;
        try {
            json = upload.sidecar == null ? null : CommandJson.parse(Files.readString(upload.sidecar));
        } catch (MalformedCommandException | IOException e) {
            upload.unreadable = upload.sidecar.getFileName() + ": " + e.getMessage();
            return;
        }
        List<BackgroundTarget> targets = json == null ? List.of(BackgroundTarget.USER) : targets(json, upload);
        if (upload.unreadable != null) {
            return;
        }
        Multipart form = new Multipart().file("data", Files.readAllBytes(image), type(image),
                image.getFileName().toString());
        for (BackgroundTarget target : targets) {
            if (target.callable()) {
                upload.called.add(target);
            } else if (target.jobIdViolation() != null) {
                upload.results.add(result(upload, target, Outcome.REJECTED, target.jobIdViolation()));
            } else {
                upload.results.add(result(upload, target, Outcome.REJECTED,
                        "external_id \"" + target.externalId() + "\" is no job the bundle published"));
            }
        }
        upload.called.stream().filter(target -> !target.user()).forEach(target -> form.field("job_ids[]", target.jobId()));
        for (String crop : CROP) {
            Optional.ofNullable(json == null ? null : json.whole(crop)).ifPresent(value -> form.field(crop, value.toString()));
        }
        message.removeHeader(ApiHeaders.QUERY);
        message.setBody(form);
    }

    /** Body: VK's answer. */
    public void uploaded(Exchange exchange) {
        Upload upload = exchange.getProperty(UPLOAD, Upload.class);
        upload.answered = true;
        upload.results.addAll(BackgroundResults.of(BackgroundResults.UPLOAD_EVENT, null, upload.origin, upload.called,
                exchange.getMessage().getBody(JsonNode.class)));
    }

    /**
     * In a doCatch: the upload failed for every job it named (the file goes to the error folder), unless the
     * application stops meanwhile, which ends the retries: then the image stays in the inbox for the next start.
     */
    public void failed(Exchange exchange) {
        Upload upload = exchange.getProperty(UPLOAD, Upload.class);
        if (exchange.getContext().isStopping()) {
            upload.stopped = true;
            return;
        }
        ApiException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        Outcome outcome = failure.retryable() ? Outcome.FAILED : Outcome.REJECTED;
        upload.answered = true;
        upload.called.forEach(target -> upload.results.add(result(upload, target, outcome, failure.getMessage())));
    }

    /**
     * Publishes each job's result, then moves the image, its sidecar and the report to the done or the error
     * folder. When Kafka does not take a result, the image stays in the inbox and its remaining results go out at a
     * later poll, without another upload (one WARN while Kafka is down, one INFO when they went out).
     */
    public void finish(Exchange exchange) throws IOException {
        Upload upload = exchange.getProperty(UPLOAD, Upload.class);
        if (upload.stopped) {
            LOG.info("Background {}: not uploaded, the application stops; it stays in the inbox for the next start",
                    upload.origin);
            return;
        }
        try {
            for (; upload.published < upload.results.size(); upload.published++) {
                ObjectNode result = upload.results.get(upload.published);
                output.send(CommandResult.record(Topic.BACKGROUNDS_RESULTS, BackgroundResults.key(result), result,
                        null, meters));
            }
        } catch (IllegalStateException e) {
            unpublished.put(upload.image, upload);
            if (kafka.starts(KAFKA)) {
                LOG.warn("Background {}: its results wait for Kafka ({}); the image stays in the inbox and is not"
                        + " uploaded again; one line when results go out", upload.origin, LogText.cut(e.getMessage()));
            }
            return;
        }
        kafka.ends(KAFKA).ifPresent(trouble -> LOG.info("Background results go out again ({} since {})",
                trouble.timesText("poll"), trouble.since()));
        try {
            move(upload);
        } catch (IOException e) {
            // its results are out: kept as an image waiting, so that the next poll moves it, neither uploading it
            // again nor publishing its results again (before: both at every poll, with an ERROR line each)
            unpublished.put(upload.image, upload);
            if (moves.starts(upload.origin)) {
                LOG.warn("Background {}: its results went out, but it cannot be moved out of the inbox ({}); it stays"
                        + " there, is not uploaded again, and moves once it can (one line then)", upload.origin,
                        LogText.cut(e.toString()));
            }
            return;
        }
        moves.ends(upload.origin).ifPresent(trouble -> LOG.info("Background {}: moved out of the inbox after {} since"
                + " {}", upload.origin, trouble.timesText("failed move"), trouble.since()));
    }

    /**
     * Forgets, silently, the images whose results wait for Kafka that are gone from the inbox or replaced there by
     * another (before, such an image stayed in {@link #unpublished} for good): their results are not published (the
     * image is no longer there to say they are due), and an image put at that path is a new one, uploaded anew. When
     * no image waits any more, Kafka's trouble is forgotten too (nothing could tell it ended): the next image whose
     * results wait for Kafka gets its WARN line. At each image the route reads.
     */
    private void forgetGone() {
        if (unpublished.values().removeIf(this::gone) && unpublished.isEmpty()) {
            // ends() logs nothing: finish() does, when results go out
            kafka.ends(KAFKA);
        }
    }

    /** Whether the image left the inbox (or was replaced there); a failed move it had is forgotten with it. */
    private boolean gone(Upload upload) {
        if (upload.inInbox()) {
            return false;
        }
        moves.ends(upload.origin);
        return true;
    }

    /**
     * Writes the report and moves the sidecar and the image to the done or the error folder, the image last: as in
     * the inbox, an image that is there says that its other files are too.
     */
    private void move(Upload upload) throws IOException {
        boolean succeeded = upload.succeeded();
        String name = upload.image.getFileName().toString();
        Path target = succeeded ? folders.doneTarget(name) : folders.errorTarget(name);
        ObjectNode report = BridgeJson.MAPPER.createObjectNode().put("file", upload.image.getFileName().toString())
                .put("outcome", succeeded ? "ok" : "failed").put("detail", upload.unreadable);
        report.putArray("results").addAll(upload.results);
        Files.writeString(target.resolveSibling(target.getFileName() + ".report.json"), report.toPrettyString());
        if (upload.sidecar != null && Files.exists(upload.sidecar)) {
            Files.move(upload.sidecar, target.resolveSibling(target.getFileName() + ".json"));
        }
        Files.move(upload.image, target);
        if (succeeded) {
            LOG.info("Background {} uploaded for {} target(s), moved to {}", upload.origin, upload.results.size(), target);
        } else {
            LOG.warn("Background {} failed ({}), moved to {} with its report", upload.origin,
                    LogText.cut(upload.unreadable != null ? upload.unreadable : failures(upload)), target);
        }
    }

    private List<BackgroundTarget> targets(CommandJson json, Upload upload) {
        List<BackgroundTarget> targets = new ArrayList<>();
        try {
            json.texts("external_ids").forEach(id -> targets.add(new BackgroundTarget(id, jobIds.get(id).map(JobRecord::jobId).orElse(null))));
            json.texts("job_ids").forEach(id -> targets.add(new BackgroundTarget(null, id)));
            CROP.forEach(json::whole);
        } catch (MalformedCommandException e) {
            upload.unreadable = upload.sidecar.getFileName() + ": " + e.getMessage();
        }
        if (upload.unreadable == null && targets.isEmpty()) {
            upload.unreadable = upload.sidecar.getFileName() + ": names no job (external_ids, job_ids); without a "
                    + "sidecar the image becomes the user's background";
        }
        return targets;
    }

    private static ObjectNode result(Upload upload, BackgroundTarget target, Outcome outcome, String detail) {
        return BackgroundResults.result(BackgroundResults.UPLOAD_EVENT, null, upload.origin, target, outcome, detail);
    }

    private static String failures(Upload upload) {
        return upload.results.stream().filter(r -> !"ok".equals(CommandResult.outcome(r)))
                .map(r -> r.path("detail").asText()).distinct().reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static String type(Path image) {
        String name = image.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
