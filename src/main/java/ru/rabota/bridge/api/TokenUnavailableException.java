package ru.rabota.bridge.api;

/**
 * The failure of the token request a call waited for: the call itself was not sent, so it cannot have been acted on
 * ({@link #unsent()}) whatever the token request met (a 503 of {@code POST /session}), and a paid call is repeated
 * once a token comes instead of being answered as possibly charged. The message stays the token request's.
 */
public final class TokenUnavailableException extends ApiException {

    TokenUnavailableException(ApiException failure) {
        super(failure);
    }

    @Override
    public boolean unsent() {
        return true;
    }

    @Override
    public ApiException copy() {
        return new TokenUnavailableException(this);
    }
}
