package ru.rabota.bridge.vk;

import ru.rabota.bridge.api.ApiException;

/**
 * VK Работа refused the configured login and password ({@code POST /session} answered 401 "Invalid Auth params"
 * or 422 "Invalid Login"). Never retryable: only new credentials help.
 */
public final class VkCredentialsException extends ApiException {

    VkCredentialsException(ApiException refusal) {
        super(refusal);
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (credentials refused: check bridge.vk.login and bridge.vk.password)";
    }

    @Override
    public VkCredentialsException copy() {
        return new VkCredentialsException(this);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    /** The credentials were refused, not the request: it may pass once they are mended. */
    @Override
    public boolean refusesRequest() {
        return false;
    }
}
