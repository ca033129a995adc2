package ru.rabota.bridge.vk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.rabota.bridge.api.ApiAuth;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiForm;
import ru.rabota.bridge.api.ApiResponse;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;

/**
 * The VK Работа session token: obtained with {@code POST /session} (form fields login and password; route
 * {@code vk-session-request}), reused until {@code bridge.vk.token-refresh-margin} before the JWT's {@code exp}
 * ({@link SessionToken}), then renewed ahead: in the background, while the calls go on with the current token until
 * its {@code exp}. A renewal that fails is tried again a tenth of the margin later, so a {@code POST /session} that
 * VK answers slowly or not at all delays no call while the token lasts. Without a token (the first call, an expired
 * or refused one) however many callers need one at once, one request is made and all of them wait for its result.
 * Refused credentials are remembered: later calls fail at once, without asking VK again, until the application
 * restarts (with other credentials).
 */
public final class VkSessionTokens implements ApiAuth {

    private static final Logger LOG = LoggerFactory.getLogger(VkSessionTokens.class);
    private static final String SCHEME = "Worki ";
    private static final String RENEWAL = "session renewal";

    private final TokenRequests sessions;
    private final String login;
    private final String password;
    private final Duration refreshMargin;
    private final Clock clock;
    /** Runs the renewals ahead of expiry. */
    private final Executor renewals;
    private final Duration renewalPause;
    private final Troubles renewalFailures;
    /** Whether a token that arrived expired by this machine's clock was told of (one WARN line). */
    private final AtomicBoolean clockAheadTold = new AtomicBoolean();

    private volatile SessionToken session;
    private volatile VkCredentialsException refusal;
    /** The request for a new token under way, shared by everyone waiting for it; guarded by this. */
    private CompletableFuture<SessionToken> request;
    /** No renewal ahead before this instant (a failed one waits a pause); guarded by this. */
    private Instant nextRenewal = Instant.MIN;

    public VkSessionTokens(TokenRequests sessions, String login, String password, Duration refreshMargin, Clock clock,
            Executor renewals) {
        this.sessions = sessions;
        this.login = login;
        this.password = password;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
        this.renewals = renewals;
        this.renewalPause = refreshMargin.dividedBy(10);
        this.renewalFailures = new Troubles(clock);
    }

    /** A valid session token; throws {@link VkCredentialsException} when the credentials were refused. */
    @Override
    public String token() {
        SessionToken current = session;
        if (current != null && current.fresh(clock)) {
            return current.token();
        }
        if (current != null && current.valid(clock) && refusal == null) {
            renewAhead();
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

    /**
     * Forgets the token and a refusal. Nothing in the bundle calls it (a refusal lasts until the restart): tests that
     * share one context between cases start each without a token.
     */
    public synchronized void reset() {
        session = null;
        refusal = null;
    }

    /** Starts the renewal in the background unless one is under way or a failed one waits its pause. */
    private void renewAhead() {
        CompletableFuture<SessionToken> renewal;
        synchronized (this) {
            if (request != null || clock.instant().isBefore(nextRenewal)) {
                return;
            }
            renewal = new CompletableFuture<>();
            request = renewal;
        }
        renewal.whenComplete(this::renewed);
        try {
            renewals.execute(() -> openSession(renewal));
        } catch (RuntimeException stopping) {
            // the context stops: the next caller asks for itself
            synchronized (this) {
                request = null;
            }
            renewal.completeExceptionally(stopping);
        }
    }

    private void renewed(SessionToken opened, Throwable failure) {
        if (failure == null) {
            return; // told by openSession
        }
        synchronized (this) {
            nextRenewal = clock.instant().plus(renewalPause);
        }
        if (renewalFailures.starts(RENEWAL)) {
            SessionToken current = session;
            LOG.warn("VK Работа session renewal failed: {}; the current token is used until it expires{}, and the"
                    + " renewal is tried again every {}; one line when it succeeds", LogText.reason(failure),
                    current != null ? " at " + current.expiry() : "", renewalPause);
        }
    }

    // single flight by hand: neither the JDK nor Camel offers one, and a burst of callers must cause one POST
    private SessionToken awaitNewSession() {
        CompletableFuture<SessionToken> shared;
        boolean mine = false;
        synchronized (this) {
            if (refusal != null) {
                throw refusal.copy();
            }
            SessionToken current = session;
            if (current != null && current.fresh(clock)) {
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

    private void openSession(CompletableFuture<SessionToken> shared) {
        SessionToken opened = null;
        RuntimeException failure = null;
        try {
            opened = postSession();
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            request = null;
            if (opened != null) {
                session = opened;
            }
            if (failure instanceof VkCredentialsException refused) {
                refusal = refused;
            }
        }
        if (failure != null) {
            shared.completeExceptionally(failure);
        } else {
            // renewed ahead or opened by a caller whose token expired meanwhile: either ends the renewals' trouble
            renewalFailures.ends(RENEWAL).ifPresent(trouble -> LOG.info("VK Работа session renewed after {} since {}",
                    trouble.timesText("failed renewal"), trouble.since()));
            shared.complete(opened);
        }
    }

    private SessionToken postSession() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login", login);
        form.put("password", password);
        ApiResponse response;
        try {
            response = sessions.send(new ApiForm(form));
        } catch (ApiException failure) {
            if (failure.httpStatus() == 401 || failure.httpStatus() == 422) {
                // no login either: the README keeps it secret, and a password typed in its place would show here
                LOG.error("VK Работа refused the login and password ({} {}): set bridge.vk.login and"
                        + " bridge.vk.password; no more sessions are requested until the bridge is restarted",
                        failure.httpStatus(), LogText.cut(failure.detail()));
                throw new VkCredentialsException(failure);
            }
            throw failure;
        }
        SessionToken opened = SessionToken.of(tokenOf(response), refreshMargin, clock);
        if (opened.pastOnArrival() != null && !clockAheadTold.getAndSet(true)) {
            LOG.warn("VK Работа session opened with a token whose exp {} has passed by this machine's clock ({}): the"
                    + " clock is ahead of VK's (check its time synchronisation); such tokens are used until VK"
                    + " refuses them", opened.pastOnArrival(), clock.instant());
        } else {
            LOG.info("VK Работа session opened, token expires {}", opened.expiry() != null ? opened.expiry()
                    : opened.pastOnArrival() != null ? "when VK refuses it (its exp has passed by this clock)"
                            : "never (no exp)");
        }
        return opened;
    }

    private static String tokenOf(ApiResponse response) {
        JsonNode token = response.body().get("token");
        if (token != null && token.isTextual() && !token.asText().isBlank()) {
            return token.asText();
        }
        throw new ApiException("vk", "POST", "/session", response.status(), "the answer carries no token", null, null);
    }
}
