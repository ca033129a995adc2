package ru.rabota.sandbox.vk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.MultipartForm;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * /background: upload (multipart, {@code data} required) and delete. Both answer 200 with one item per job
 * handled; an image that cannot be used is an item with a null id and {@code errors.base}. Jobs that do not
 * exist are skipped (every job in the simulator belongs to the API user). Without {@code job_ids} the user's own
 * background is meant.
 */
record BackgroundApi(VkState state, VkSimulatorConfig config) {

    static final int MIN_WIDTH = 640;
    static final int MIN_HEIGHT = 180;
    private static final String TOO_SMALL = "Размер обрезанного изображения меньше допустимого ("
            + MIN_WIDTH + "×" + MIN_HEIGHT + ")";

    void register(VkRoutes routes) {
        routes.authed("PUT", "/background", this::upload)
                .authed("DELETE", "/background", this::delete);
    }

    private SimResponse upload(SimRequest request, Params params) {
        MultipartForm.Part image = params.file("data")
                .orElseThrow(() -> VkError.unprocessable("Не передан файл изображения (data)"));
        String contentType = Optional.ofNullable(image.contentType()).orElse("application/octet-stream");
        Long width = params.whole("crop_w");
        Long height = params.whole("crop_h");
        // the simulator crops nothing: the offsets are only checked to be numbers
        params.whole("crop_x");
        params.whole("crop_y");
        List<String> errors = new ArrayList<>();
        if (!contentType.startsWith("image/")) {
            errors.add("Недопустимый тип файла");
        }
        if ((width != null && width < MIN_WIDTH) || (height != null && height < MIN_HEIGHT)) {
            errors.add(TOO_SMALL);
        }
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        for (Long jobId : targets(params)) {
            String type = jobId == null ? "User" : "Job";
            long owner = jobId == null ? config.userId() : jobId;
            data.add(errors.isEmpty() ? item(state.putBackground(type, owner, contentType))
                    : item(new VkBackground(null, type, owner, contentType,
                            "https://sandbox.invalid/uploads/background/rejected/bg.jpg",
                            "https://sandbox.invalid/uploads/background/rejected/cropped/bg.jpg", errors)));
        }
        return VkJson.ok(VkJson.data(data));
    }

    private SimResponse delete(SimRequest request, Params params) {
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        for (Long jobId : targets(params)) {
            (jobId == null ? state.removeUserBackground() : state.removeJobBackground(jobId))
                    .ifPresent(removed -> data.add(item(removed)));
        }
        return VkJson.ok(VkJson.data(data));
    }

    /** The existing jobs among {@code job_ids}, or a single null for the user when none are given. */
    private List<Long> targets(Params params) {
        List<String> ids = params.texts("job_ids");
        List<Long> targets = new ArrayList<>();
        if (ids.isEmpty()) {
            targets.add(null);
        }
        ids.stream().filter(id -> id.trim().matches("\\d{1,18}")).map(id -> Long.parseLong(id.trim()))
                .filter(id -> state.job(id).isPresent()).forEach(targets::add);
        return targets;
    }

    private static ObjectNode item(VkBackground background) {
        ObjectNode resource = VkJson.MAPPER.createObjectNode().put("id",
                background.id() == null ? null : background.id().toString()).put("type", "background_extended");
        ObjectNode attributes = resource.putObject("attributes").put("id", background.id())
                .put("assetable_type", background.assetableType()).put("assetable_id", background.assetableId())
                .put("content_type", background.contentType()).put("original", background.original())
                .put("cropped", background.cropped());
        ObjectNode errors = attributes.putObject("errors");
        if (!background.errors().isEmpty()) {
            background.errors().forEach(errors.putArray("base")::add);
        }
        return resource;
    }
}
