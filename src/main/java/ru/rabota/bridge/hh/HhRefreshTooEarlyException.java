package ru.rabota.bridge.hh;

import ru.rabota.bridge.api.ApiException;

/**
 * hh.ru's token endpoint refused a refresh as too early (400 {@code invalid_grant: token not expired}) right after its
 * API had called the access token expired: hh.ru's servers disagree on the time near the token's expiry. Nothing is
 * spent (the refresh token still works once) and nothing of the call was sent, so the call is tried again
 * ({@link #retryable()}, {@link #unsent()}), and so is the refresh, until hh.ru's servers agree.
 */
public final class HhRefreshTooEarlyException extends ApiException {

    HhRefreshTooEarlyException(ApiException refusal) {
        super(refusal);
    }

    @Override
    public HhRefreshTooEarlyException copy() {
        return new HhRefreshTooEarlyException(this);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public boolean unsent() {
        return true;
    }
}
