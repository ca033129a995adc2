package ru.rabota.bridge.api;

/**
 * How an API authenticates calls. VK Работа: a session token sent as {@code Worki <token>}, refused with 401.
 * hh.ru (later): an OAuth token sent as {@code Bearer <token>}, refused with 403 {@code oauth: token_expired}.
 */
public interface ApiAuth {

    /** The current token, obtaining one first when needed. */
    String token();

    /** The {@code Authorization} header value that carries the token. */
    String authorization(String token);

    /** Whether the API refused the token that was sent, so a fresh token and one repeat may succeed. */
    boolean refused(ApiException failure);

    /** Forgets the token that was refused, unless another caller already replaced it. */
    void invalidate(String staleToken);

    /** The failure of a call as its caller should see it (hh.ru: a refused access for good); by default itself. */
    default ApiException classify(ApiException failure) {
        return failure;
    }
}
