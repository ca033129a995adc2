package ru.rabota.bridge.api;

import java.util.Locale;

/**
 * A call that was ready and is not sent after all: its command went to another instance, or may have, before the
 * request left ({@link ApiHeaders#HANDED_OVER}). Nothing reached the API, so nothing is retried and a paid call's
 * reservation is given back ({@link #unsent()}).
 */
public final class CallNotSentException extends ApiException {

    CallNotSentException(String source, String method, String path, String why) {
        super(source, method, path, 0, why, null, null);
    }

    @Override
    public String getMessage() {
        return source().toUpperCase(Locale.ROOT) + " " + method() + " " + path() + " not sent: " + detail();
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public boolean unsent() {
        return true;
    }

    @Override
    public ApiException copy() {
        return new CallNotSentException(source(), method(), path(), detail());
    }
}
