package ru.rabota.bridge.backgrounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.jsonapi.JsonApi;

/**
 * One result per target of a background upload or delete, for {@code rabota.backgrounds.results}: a command result
 * with {@code external_id}, {@code job_id} and {@code origin}, the VK item as {@code response}. VK answers 200 even
 * when an image failed: an item with a null id or non-empty {@code errors} is a failure, and a job VK left out of
 * its answer (not the user's, no such job, or nothing to delete) is one too.
 */
public final class BackgroundResults {

    public static final String UPLOAD_EVENT = "background.upload_result";
    public static final String DELETE_EVENT = "background.delete_result";

    private BackgroundResults() {
    }

    /** The results of VK's answer for these targets (the ones with a job id, or the user). */
    public static List<ObjectNode> of(String event, String requestId, String origin, List<BackgroundTarget> targets,
            JsonNode answer) {
        List<ObjectNode> items = JsonApi.page(answer).records();
        boolean inOrder = itemsInOrder(targets, items);
        List<ObjectNode> results = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            BackgroundTarget target = targets.get(i);
            Optional<ObjectNode> item = inOrder ? Optional.of(items.get(i))
                    : items.stream().filter(candidate -> handles(candidate, target)).findFirst();
            String failure = item.map(BackgroundResults::errors).orElse(Optional.of(target.user()
                    ? "VK's answer has no item for the user's background"
                    : "VK did not handle job " + target.jobId() + ": it has no background, does not exist or is not yours"))
                    .orElse(null);
            ObjectNode result = result(event, requestId, origin, target, failure == null ? Outcome.OK : Outcome.FAILED,
                    failure);
            item.ifPresent(found -> result.set("response", found));
            results.add(result);
        }
        return results;
    }

    /**
     * A result without VK's answer: refused before calling, or the call failed. The user's own background is marked
     * {@code "user": true} (and keyed {@code user}).
     */
    public static ObjectNode result(String event, String requestId, String origin, BackgroundTarget target,
            Outcome outcome, String detail) {
        ObjectNode result = CommandResult.of(event, requestId, outcome, detail).put("external_id", target.externalId())
                .put("job_id", target.jobId()).put("origin", origin);
        return target.user() ? result.put("user", true) : result;
    }

    /** A command refused before it named what to delete: neither a job nor the user (keyed by the record's key). */
    public static ObjectNode unnamed(String event, String requestId, String origin, String detail) {
        return CommandResult.of(event, requestId, Outcome.REJECTED, detail).putNull("external_id").putNull("job_id")
                .put("origin", origin);
    }

    /** A result's Kafka key: the external_id, else the job id, else {@code user}. */
    public static String key(ObjectNode result) {
        return new BackgroundTarget(result.path("external_id").asText(null), result.path("job_id").asText(null)).key();
    }

    /**
     * Whether the answer is to be read item by item in the order of the jobs asked: the document's own example of a
     * delete of two jobs answers two items of {@code assetable_type} {@code User}, the user's id as
     * {@code assetable_id}. So read when the answer names no job at all and has one item per job asked.
     */
    private static boolean itemsInOrder(List<BackgroundTarget> targets, List<ObjectNode> items) {
        return !targets.isEmpty() && targets.stream().noneMatch(BackgroundTarget::user)
                && items.size() == targets.size()
                && items.stream().noneMatch(item -> "Job".equals(item.path("assetable_type").asText()));
    }

    private static boolean handles(ObjectNode item, BackgroundTarget target) {
        return target.user() ? "User".equals(item.path("assetable_type").asText())
                : "Job".equals(item.path("assetable_type").asText())
                        && target.jobId().equals(item.path("assetable_id").asText());
    }

    /** The item's errors in one line, or empty when it succeeded. */
    private static Optional<String> errors(ObjectNode item) {
        JsonNode errors = item.path("errors");
        boolean failed = item.path("id").isNull() || errors.isObject() && !errors.isEmpty();
        if (!failed) {
            return Optional.empty();
        }
        String listed = errors.properties().stream().map(Map.Entry::getValue)
                .flatMap(messages -> messages.isArray() ? messages.valueStream() : Stream.of(messages))
                .map(JsonNode::asText).collect(Collectors.joining("; "));
        return Optional.of(listed.isEmpty() ? "VK saved no image" : listed);
    }
}
