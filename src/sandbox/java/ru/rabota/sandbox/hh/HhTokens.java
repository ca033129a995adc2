package ru.rabota.sandbox.hh;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * hh.ru's OAuth rules: one current access/refresh pair; a refresh token works once and only after its access
 * token expired; every access token ever issued stays known, so an old one answers "expired", not "unknown".
 */
final class HhTokens {

    enum Check { VALID, EXPIRED, BAD }

    /** A new pair as {@code POST /token} returns it. */
    record Pair(String accessToken, String refreshToken, long expiresInSeconds) {
    }

    /** A refused refresh, with the OAuth {@code error} and hh.ru's {@code error_description}. */
    static final class Refused extends Exception {
        final String error;

        Refused(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }
    }

    private static final char[] TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final Random random;
    private final Duration lifetime;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Instant> accessExpiry = new HashMap<>();
    private final Map<String, String> accessOfRefresh = new HashMap<>();
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private String accessToken;
    private String refreshToken;

    HhTokens(HhSimulatorConfig config) {
        this.random = new Random(config.seed());
        this.lifetime = config.accessTokenLifetime();
        this.clientId = config.clientId();
        this.clientSecret = config.clientSecret();
        issue(config.accessToken(), config.refreshToken());
    }

    synchronized Check check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Check.BAD;
        }
        Instant expiry = accessExpiry.get(authorization.substring(7).trim());
        if (expiry == null) {
            return Check.BAD;
        }
        return Instant.now().isBefore(expiry) ? Check.VALID : Check.EXPIRED;
    }

    /** The checks in the order hh.ru's error table suggests: grant type, client, token presence, token state. */
    synchronized Pair refresh(String grantType, String clientIdGiven, String clientSecretGiven, String token)
            throws Refused {
        if (!"refresh_token".equals(grantType)) {
            throw new Refused("unsupported_grant_type", "unsupported grant_type");
        }
        // hh.ru needs no client for a refresh; one that is sent must be right
        boolean clientSent = clientIdGiven != null || clientSecretGiven != null;
        if (clientId != null && clientSent
                && !(clientId.equals(clientIdGiven) && Objects.equals(clientSecret, clientSecretGiven))) {
            throw new Refused("invalid_client", "client_id or client_secret not found");
        }
        if (token == null || token.isBlank()) {
            throw new Refused("invalid_request", "token is empty");
        }
        if (usedRefreshTokens.contains(token)) {
            throw new Refused("invalid_grant", "token has already been refreshed");
        }
        String access = accessOfRefresh.get(token);
        if (access == null) {
            throw new Refused("invalid_request", "token not found");
        }
        if (Instant.now().isBefore(accessExpiry.get(access))) {
            throw new Refused("invalid_grant", "token not expired");
        }
        accessOfRefresh.remove(token);
        usedRefreshTokens.add(token);
        issue(newToken(), newToken());
        return new Pair(accessToken, refreshToken, lifetime.toSeconds());
    }

    /** Lets tests reach the expired state without waiting. */
    synchronized void expireAccessToken() {
        accessExpiry.put(accessToken, Instant.now().minusSeconds(1));
    }

    synchronized String accessToken() {
        return accessToken;
    }

    synchronized String refreshToken() {
        return refreshToken;
    }

    private void issue(String access, String refresh) {
        accessToken = access;
        refreshToken = refresh;
        accessExpiry.put(access, Instant.now().plus(lifetime));
        accessOfRefresh.put(refresh, access);
    }

    // hh.ru tokens look like 64 upper-case letters and digits; seeded so a run can be repeated
    private String newToken() {
        StringBuilder token = new StringBuilder("USER");
        random.ints(60, 0, TOKEN_CHARS.length).forEach(i -> token.append(TOKEN_CHARS[i]));
        return token.toString();
    }
}
