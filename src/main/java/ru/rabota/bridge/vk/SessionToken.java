package ru.rabota.bridge.vk;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.json.BridgeJson;

/**
 * A VK Работа session token and when to renew it: {@code bridge.vk.token-refresh-margin} before the JWT's {@code exp},
 * but never more than half the token's remaining life, so that a margin longer than VK's token lifetime does not turn
 * every call into a new session. A token without a readable {@code exp} is kept until VK answers 401; so is one whose
 * {@code exp} is past already when it arrives: this machine's clock is ahead of VK's by more than the token's life,
 * and judged by it every token would be renewed at every call.
 *
 * @param expiry        the JWT's {@code exp}, or null
 * @param pastOnArrival the {@code exp} that had passed by this machine's clock when the token arrived, or null
 */
record SessionToken(String token, Instant expiry, Instant refreshAt, Instant pastOnArrival) {

    static SessionToken of(String token, Duration margin, Clock clock) {
        Instant expiry = expiryOf(token);
        if (expiry == null || !expiry.isAfter(clock.instant())) {
            return new SessionToken(token, null, Instant.MAX, expiry);
        }
        Duration halfLife = Duration.between(clock.instant(), expiry).dividedBy(2);
        return new SessionToken(token, expiry, expiry.minus(margin.compareTo(halfLife) < 0 ? margin : halfLife), null);
    }

    /** Whether the token is still to be used rather than renewed. */
    boolean fresh(Clock clock) {
        return clock.instant().isBefore(refreshAt);
    }

    /** Whether VK still takes the token: before its exp (a token without exp until VK answers 401). */
    boolean valid(Clock clock) {
        return expiry == null || clock.instant().isBefore(expiry);
    }

    /**
     * The JWT payload's exp; no signature check, the token is only passed back to VK. Null when unreadable, and when no
     * instant holds it (an exp in nanoseconds): such a token is kept until VK answers 401, as one without exp.
     */
    private static Instant expiryOf(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode exp = BridgeJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp");
            return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IOException | IllegalArgumentException | DateTimeException e) {
            return null;
        }
    }
}
