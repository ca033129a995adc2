package ru.rabota.bridge.vk;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.rabota.bridge.api.ApiAuth;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHttp;
import ru.rabota.bridge.api.ApiRequest;
import ru.rabota.bridge.api.ApiResponse;
import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.json.BridgeJson;

/**
 * The VK Работа session token: obtained with {@code POST /session} (form fields login and password), reused until
 * {@code bridge.vk.token-refresh-margin} before the JWT's {@code exp}, then obtained again. However many callers
 * need a token at once, one request is made and all of them wait for its result. Refused credentials are
 * remembered: later calls fail at once, without asking VK again, until {@link #reset()}.
 */
public final class VkSessionTokens implements ApiAuth {

    private static final Logger LOG = LoggerFactory.getLogger(VkSessionTokens.class);
    private static final String SCHEME = "Worki ";

    private final ApiHttp http;
    private final String login;
    private final String password;
    private final Duration refreshMargin;
    private final Clock clock;

    private volatile Session session;
    private volatile VkCredentialsException refusal;
    /** The request for a new token under way, shared by everyone waiting for it; guarded by this. */
    private CompletableFuture<Session> request;

    private record Session(String token, Instant refreshAt) {
    }

    public VkSessionTokens(ApiHttp http, String login, String password, Duration refreshMargin, Clock clock) {
        this.http = http;
        this.login = login;
        this.password = password;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    /** A valid session token; throws {@link VkCredentialsException} when the credentials were refused. */
    @Override
    public String token() {
        Session current = session;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.token();
        }
        return awaitNewSession().token();
    }

    @Override
    public String authorization(String token) {
        return SCHEME + token;
    }

    /** VK answers 401 "Invalid JWT Token" for a missing, expired or revoked token. */
    @Override
    public boolean refused(ApiException failure) {
        return failure.httpStatus() == 401;
    }

    @Override
    public synchronized void invalidate(String staleToken) {
        if (session != null && session.token().equals(staleToken)) {
            session = null;
        }
    }

    /** Why VK refused the credentials, while it is remembered. */
    public Optional<VkCredentialsException> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Forgets the token and a refusal, e.g. after the credentials were corrected. */
    public synchronized void reset() {
        session = null;
        refusal = null;
    }

    // single flight by hand: neither the JDK nor Camel offers one, and a burst of callers must cause one POST
    private Session awaitNewSession() {
        CompletableFuture<Session> shared;
        boolean mine = false;
        synchronized (this) {
            if (refusal != null) {
                throw refusal.copy();
            }
            Session current = session;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return current;
            }
            if (request == null) {
                request = new CompletableFuture<>();
                mine = true;
            }
            shared = request;
        }
        if (mine) {
            openSession(shared);
        }
        try {
            return shared.join();
        } catch (CompletionException e) {
            // a copy per caller: the same instance must not travel through several exchanges at once
            throw e.getCause() instanceof ApiException failure ? failure.copy() : e;
        }
    }

    private void openSession(CompletableFuture<Session> shared) {
        Session opened = null;
        RuntimeException failure = null;
        try {
            opened = postSession();
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            request = null;
            session = opened;
            if (failure instanceof VkCredentialsException refused) {
                refusal = refused;
            }
        }
        if (failure != null) {
            shared.completeExceptionally(failure);
        } else {
            shared.complete(opened);
        }
    }

    private Session postSession() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login", login);
        form.put("password", password);
        ApiResponse response;
        try {
            response = http.send(ApiRequest.form("POST", "/session", form), null);
        } catch (ApiException failure) {
            if (failure.httpStatus() == 401 || failure.httpStatus() == 422) {
                LOG.error("VK Работа refused the login '{}' ({} {}): set bridge.vk.login and bridge.vk.password;"
                        + " no more sessions are requested until the bridge is restarted", login,
                        failure.httpStatus(), LogText.cut(failure.detail()));
                throw new VkCredentialsException(failure);
            }
            throw failure;
        }
        String token = tokenOf(response);
        Instant expiry = expiryOf(token);
        LOG.info("VK Работа session opened for login '{}', token expires {}", login, expiry != null ? expiry : "never (no exp)");
        return new Session(token, refreshAt(expiry));
    }

    private String tokenOf(ApiResponse response) {
        try {
            JsonNode token = response.body() == null ? null : BridgeJson.MAPPER.readTree(response.body()).get("token");
            if (token != null && token.isTextual() && !token.asText().isBlank()) {
                return token.asText();
            }
        } catch (IOException e) {
            // reported below like a missing token
        }
        throw new ApiException(http.source(), "POST", "/session", response.status(), "the answer carries no token", null, null);
    }

    /** The JWT payload's exp; no signature check, the token is only passed back to VK. Null when unreadable. */
    private Instant expiryOf(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode exp = BridgeJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp");
            return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The margin before exp, but never more than half the token's remaining life, so that a margin longer than
     * VK's token lifetime does not turn every call into a new session. Without exp: until VK answers 401.
     */
    private Instant refreshAt(Instant expiry) {
        if (expiry == null) {
            return Instant.MAX;
        }
        Duration halfLife = Duration.between(clock.instant(), expiry).dividedBy(2);
        return expiry.minus(refreshMargin.compareTo(halfLife) < 0 ? refreshMargin : halfLife);
    }
}
