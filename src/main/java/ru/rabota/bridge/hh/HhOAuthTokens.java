package ru.rabota.bridge.hh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiAuth;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiForm;
import ru.rabota.bridge.api.ApiResponse;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * hh.ru's OAuth pair: the access token goes out as {@code Bearer}; hh.ru refuses an expired one with 403
 * {@code oauth: token_expired}. Then, and only then (hh.ru accepts a refresh token once, and only after expiry), the
 * refresh token buys a new pair at {@code bridge.hh.token-url} (route {@code hh-token-request}), which is written to
 * the {@code watermarkState} store (key {@value #STATE_KEY}) before it is used, so a restart and every other instance
 * continue with it. A pair configured anew (other access or refresh token in the properties) wins over the stored one.
 * <p>
 * When nothing can mend the access (no refresh possible, refresh refused, token or User-Agent refused) the refusal
 * is logged once as ERROR, remembered (health DOWN) and every later call fails at once with
 * {@link HhAccessException}, until the bundle restarts with new settings. Tokens are never logged.
 */
public final class HhOAuthTokens implements ApiAuth {

    static final String STATE_KEY = "hh:oauth-tokens";

    private static final Logger LOG = LoggerFactory.getLogger(HhOAuthTokens.class);
    private static final String SCHEME = "Bearer ";
    /**
     * How long a refresh refused otherwise than as spent already waits for the pair of another instance that refreshed
     * at the same time (hh.ru may word that refusal otherwise than its documentation does).
     */
    private static final Duration REFRESHED_ELSEWHERE_WAIT = Duration.ofSeconds(5);

    /** An access token and the refresh token issued with it. */
    record Pair(String accessToken, String refreshToken) {
    }

    /**
     * What the refresh needs besides the pair: its route, and as which client.
     *
     * @param tokenPath      the path of {@code bridge.hh.token-url}, which refusals name
     * @param refreshesLast  how long another instance's refresh may take to be stored once hh.ru took its refresh
     *                       token: that request reached hh.ru already, so its answer comes within the HTTP response
     *                       timeout and its write to the state topic within {@code bridge.state.timeout}; a refresh
     *                       hh.ru refuses as spent already ({@code token has already been refreshed}) waits this long
     *                       for that instance's pair
     */
    public record Client(TokenRequests refreshes, String tokenPath, String clientId, String clientSecret,
            Duration refreshesLast) {
    }

    private final Supplier<KafkaStateStore> store;
    private final Client client;
    private final Pair configured;
    private final String fingerprint;

    /** The access token hh.ru called expired; guarded by this. */
    private String expiredAccessToken;
    /** A refreshed pair the store did not take yet, used meanwhile; guarded by this. */
    private Pair unsaved;
    private volatile HhAccessException refusal;
    /** Whether a refresh hh.ru called too early was told of since the last refresh (one WARN line); guarded by this. */
    private boolean tooEarlyTold;

    /**
     * @param store the {@code watermarkState} store, looked up on first use
     */
    public HhOAuthTokens(Supplier<KafkaStateStore> store, Client client, String accessToken, String refreshToken) {
        this.store = store;
        this.client = client;
        this.configured = new Pair(accessToken, refreshToken);
        this.fingerprint = fingerprint(configured);
    }

    /**
     * Refuses every call from the start, without a line (the caller logged why): without {@code bridge.hh.user-agent}
     * hh.ru answers each with 400 {@code bad_user_agent}, and a command would make that call to learn it.
     */
    public HhOAuthTokens refusingFromStart(String why) {
        refusal = new HhAccessException("GET", "-", 0, why);
        return this;
    }

    /** The current access token; refreshes it first when hh.ru called it expired. */
    @Override
    public synchronized String token() {
        if (refusal != null) {
            throw refusal.copy();
        }
        Pair pair = current();
        if (pair.accessToken().isBlank()) {
            throw refuse(new HhAccessException("GET", "-", 0,
                    "bridge.hh.access-token is not set: hh.ru answers every request with 403"));
        }
        return pair.accessToken().equals(expiredAccessToken) ? refresh().accessToken() : pair.accessToken();
    }

    @Override
    public String authorization(String token) {
        return SCHEME + token;
    }

    /** hh.ru answers an expired token with 403 (not 401) and {@code {"errors":[{"type":"oauth","value":"token_expired"}]}}. */
    @Override
    public boolean refused(ApiException failure) {
        return failure.httpStatus() == 403 && "oauth: token_expired".equals(failure.detail());
    }

    @Override
    public synchronized void invalidate(String staleToken) {
        expiredAccessToken = staleToken;
    }

    /**
     * The failure as the caller should see it: an {@link HhAccessException} (remembered, logged once) when hh.ru
     * refused the token (403 {@code oauth: ...}), the employer's paid API access (403 {@code api_access_payment})
     * or the User-Agent (400 {@code bad_user_agent}), else itself.
     */
    @Override
    public ApiException classify(ApiException failure) {
        if (failure instanceof HhAccessException) {
            return failure;
        }
        String detail = failure.detail() == null ? "" : failure.detail();
        if (failure.httpStatus() == 403 && detail.startsWith("oauth")) {
            return refuse(failure, "hh.ru refused the access token (" + detail
                    + "): set a valid bridge.hh.access-token");
        }
        if (failure.httpStatus() == 403 && detail.startsWith("api_access_payment")) {
            return refuse(failure, "hh.ru refused the call for want of paid API access (" + detail + "): the"
                    + " employer's negotiations methods need it; buy API access for the employer on hh.ru, then"
                    + " restart the bundle");
        }
        if (failure.httpStatus() == 400 && detail.startsWith("bad_user_agent")) {
            return refuse(failure, "hh.ru refused the User-Agent (" + detail + "): set bridge.hh.user-agent to name"
                    + " the application and a contact, e.g. AcmeBridge/1.0 (it@acme.ru)");
        }
        return failure;
    }

    /** Why hh.ru access is refused for good, while it is. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal).map(HhAccessException::getMessage);
    }

    private Pair current() {
        if (unsaved != null && save(unsaved)) {
            unsaved = null;
            LOG.info("The refreshed hh.ru token pair is stored in {} now", store.get().topic());
        }
        return unsaved != null ? unsaved : stored().orElse(configured);
    }

    /** The stored pair, when it descends from the configured one. */
    private Optional<Pair> stored() {
        return store.get().get(STATE_KEY).flatMap(value -> {
            try {
                JsonNode json = BridgeJson.MAPPER.readTree(value);
                return fingerprint.equals(json.path("configured").asText())
                        ? Optional.of(new Pair(json.path("access_token").asText(), json.path("refresh_token").asText()))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private Pair refresh() {
        // a takeover or another instance may have refreshed already: its pair is the one to use
        store.get().readToEnd();
        Pair latest = current();
        if (!latest.accessToken().equals(expiredAccessToken)) {
            return latest;
        }
        if (isBlank(latest.refreshToken())) {
            throw refuse(new HhAccessException("GET", "-", 403, "hh.ru says the access token expired, and it cannot"
                    + " be refreshed: set bridge.hh.refresh-token, or a new bridge.hh.access-token"));
        }
        // hh.ru's refresh grant needs the refresh token alone; a client id and secret go along where configured
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", latest.refreshToken());
        if (!isBlank(client.clientId()) && !isBlank(client.clientSecret())) {
            form.put("client_id", client.clientId());
            form.put("client_secret", client.clientSecret());
        }
        ApiResponse response;
        try {
            response = client.refreshes().send(new ApiForm(form));
        } catch (ApiException failure) {
            if (failure.retryable()) {
                // the refresh token may still be unused: the caller's retry policy tries again
                throw failure;
            }
            String detail = failure.detail() == null ? "" : failure.detail();
            if (detail.startsWith("invalid_grant") && detail.contains("not expired")) {
                throw tooEarly(failure);
            }
            Optional<Pair> other = refreshedElsewhere(latest, detail.contains("already been refreshed")
                    ? client.refreshesLast() : REFRESHED_ELSEWHERE_WAIT);
            if (other.isPresent()) {
                expiredAccessToken = null;
                return other.get();
            }
            throw refuse(failure, "hh.ru refused to refresh the access token (" + failure.detail() + "): a refresh"
                    + " token works once, so another client may have used it, or hh.ru took it in an earlier attempt"
                    + " whose answer was lost; authorize the application again and set"
                    + " bridge.hh.access-token and bridge.hh.refresh-token");
        }
        Pair fresh = pairOf(response);
        expiredAccessToken = null;
        tooEarlyTold = false;
        if (save(fresh)) {
            unsaved = null;
            LOG.info("hh.ru access token refreshed; the new pair is kept in {}", store.get().topic());
        } else {
            unsaved = fresh;
        }
        return fresh;
    }

    /**
     * hh.ru's token endpoint says the access token has not expired, which its API had just called expired: their clocks
     * differ near the expiry. Not a refusal: the refresh token is unspent, and the call (not sent) and its refresh are
     * tried again by the call's retry policy. One WARN line until a refresh succeeds.
     */
    private HhRefreshTooEarlyException tooEarly(ApiException failure) {
        if (!tooEarlyTold) {
            tooEarlyTold = true;
            LOG.warn("hh.ru called the access token expired, and its token endpoint refused the refresh as too early"
                    + " ({}): hh.ru's servers disagree on the time near the token's expiry; the refresh token is"
                    + " unspent, and the call and its refresh are tried again with the call's retries",
                    failure.detail());
        }
        return new HhRefreshTooEarlyException(failure);
    }

    /**
     * The pair another instance stored after it refreshed with the same refresh token a moment before this one, which
     * hh.ru then refused ({@code invalid_grant}: a refresh token works once); looked for until that instance had time
     * to store it ({@code wait}). Empty when none comes: the refusal stands.
     */
    private Optional<Pair> refreshedElsewhere(Pair spent, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                store.get().readToEnd();
            } catch (StateUnavailableException e) {
                return Optional.empty();
            }
            Optional<Pair> stored = stored().filter(pair -> !pair.refreshToken().equals(spent.refreshToken()));
            if (stored.isPresent() || System.nanoTime() - deadline > 0) {
                stored.ifPresent(pair -> LOG.info("hh.ru access token refreshed by another instance at the same time;"
                        + " its pair is used"));
                return stored;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private Pair pairOf(ApiResponse response) {
        String access = response.body().path("access_token").asText("");
        String refresh = response.body().path("refresh_token").asText("");
        if (!access.isBlank() && !refresh.isBlank()) {
            return new Pair(access, refresh);
        }
        throw refuse(new HhAccessException("POST", client.tokenPath(), response.status(), "hh.ru answered the"
                + " refresh without a token pair: authorize the application again and set bridge.hh.access-token"
                + " and bridge.hh.refresh-token"));
    }

    private boolean save(Pair pair) {
        try {
            store.get().put(STATE_KEY, BridgeJson.MAPPER.createObjectNode()
                    .put("access_token", pair.accessToken())
                    .put("refresh_token", pair.refreshToken())
                    .put("configured", fingerprint).toString());
            return true;
        } catch (StateUnavailableException e) {
            // one line until it is stored (an INFO line then), not one per call
            if (unsaved == null) {
                LOG.error("The refreshed hh.ru token pair could not be stored ({}); it is used from memory and"
                        + " stored at a next call (one line then)", e.getMessage());
            } else {
                LOG.debug("The refreshed hh.ru token pair could not be stored yet: {}", e.getMessage());
            }
            return false;
        }
    }

    private HhAccessException refuse(ApiException failure, String reason) {
        return refuse(new HhAccessException(failure.method(), failure.path(), failure.httpStatus(), reason));
    }

    /** Remembers the first refusal and logs it once; returns a copy for this caller. */
    private synchronized HhAccessException refuse(HhAccessException refused) {
        if (refusal == null) {
            refusal = refused;
            LOG.error("{}; every hh.ru call (polls, webhooks, commands) stops until the bundle restarts with"
                    + " corrected settings; VK Работа flows go on",
                    refused.getMessage());
        }
        return refusal.copy();
    }

    /** Tells whether the stored pair descends from the configured one, without keeping the tokens twice. */
    private static String fingerprint(Pair pair) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (pair.accessToken() + "\n" + pair.refreshToken()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
