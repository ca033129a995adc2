package ru.rabota.sandbox.vk;

import ru.rabota.sandbox.http.SimResponse;

/** An error answer in the API's shape, {@code {"errors":[{"detail":"..."}]}}, thrown from a handler. */
final class VkError extends RuntimeException {

    private final int status;

    VkError(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    static VkError unprocessable(String detail) {
        return new VkError(422, detail);
    }

    /** A model validation failure: the document's "Возникли ошибки: ..." wrapping. */
    static VkError invalid(String problem) {
        return new VkError(422, "Возникли ошибки: " + problem);
    }

    static VkError notFound(String detail) {
        return new VkError(404, detail);
    }

    SimResponse response() {
        return VkJson.error(status, getMessage());
    }
}
