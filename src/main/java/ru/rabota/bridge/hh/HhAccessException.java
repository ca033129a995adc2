package ru.rabota.bridge.hh;

import ru.rabota.bridge.api.ApiException;

/**
 * hh.ru refuses this bundle's access in a way that only a configuration change mends: the access token expired and
 * cannot be refreshed, a refresh was refused, the token is invalid, or the User-Agent is refused. Never retryable;
 * the hh.ru poll stops on it ({@link HhPollGuard}). The message says which property to set; it never carries a token.
 */
public final class HhAccessException extends ApiException {

    /**
     * @param method     the refused call's method ({@code POST} for the refresh)
     * @param path       the refused call's path, {@code -} when no call was made
     * @param httpStatus what hh.ru answered, 0 when it was not asked
     * @param reason     the sentence people read: what hh.ru said and which property to set
     */
    public HhAccessException(String method, String path, int httpStatus, String reason) {
        super("hh", method, path, httpStatus, reason, null, null);
    }

    private HhAccessException(HhAccessException refusal) {
        super(refusal);
    }

    @Override
    public String getMessage() {
        return detail();
    }

    @Override
    public HhAccessException copy() {
        return new HhAccessException(this);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
