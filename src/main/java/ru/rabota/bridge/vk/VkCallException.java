package ru.rabota.bridge.vk;

import ru.rabota.bridge.api.ApiException;

/**
 * A named VK operation called from Java ({@link VkOperations}) failed for good: retries ended or the failure was
 * not retryable. The cause is the {@link ApiException} (or whatever else stopped the call).
 */
public final class VkCallException extends RuntimeException {

    private final int attempts;

    VkCallException(String operation, Throwable cause, int attempts) {
        super(operation + ": " + cause.getMessage(), cause);
        this.attempts = attempts;
    }

    /** Requests made for the call, retries included (the exchange property {@code bridgeApiAttempts}). */
    public int attempts() {
        return attempts;
    }

    /** The API's answer when there was one, else null (a defect, or a failure before any request). */
    public ApiException apiFailure() {
        return getCause() instanceof ApiException failure ? failure : null;
    }
}
