package ru.rabota.bridge.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Whether one upstream API answers, bound as {@code <source>ApiHealth} (health check {@code vk-api}, {@code hh-api};
 * gauge {@code bridge_api_up{api}}). The API is down from a transient failure (no answer, 408, 429, 5xx) to the next
 * answer that is not one; the check is DOWN meanwhile and says since when, why, and how many calls wait to be
 * retried. It counts for neither liveness (a restart mends no outage) nor readiness (an instance waiting out one
 * board's outage still serves the other board and hh.ru's webhooks): it shows in {@code /observe/health}.
 *
 * <p>The log tells of an outage once: one WARN line when the first failure comes, one INFO line once the API has
 * answered for {@code settle} without a transient failure. Failures on and off (a 429 now and then during a large
 * feed, a 503 in fifty) are one outage in the log, however short each is, not a WARN and an INFO per failure.
 *
 * <p>An instance that no longer calls the API (it lost the leadership, or the command went to another instance)
 * knows nothing of it any more: with no call waiting and none failed for {@code quiet}, the outage is forgotten, or
 * its {@code bridge_api_up} 0 would stay for ever while the instances that call the API get answers. Not hh.ru's while
 * its poll route runs here: the poll's calls give up after a poll interval and the next run comes a poll interval
 * later, calling the API again; forgotten in each pause, the outage was a WARN and an INFO line per poll, and
 * {@code bridge_api_up} 1 in each pause.
 */
public final class ApiHealth extends AbstractHealthCheck implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHealth.class);
    private static final Duration LONGEST_SETTLE = Duration.ofSeconds(10);

    private final String source;
    private final String name;
    private final Clock clock;
    private final Duration quiet;
    private final Duration settle;
    /** Whether this instance polls the API: its outage lasts through the pauses between polls. */
    private final BooleanSupplier polled;
    private final AtomicInteger waiting = new AtomicInteger();
    /** From the first failure of an outage until its INFO line; null while the API answers steadily. */
    private volatile Instant troubleSince;
    /** While the API fails: since when; null while it answers. */
    private volatile Instant downSince;
    /** The answer that ended the last failure of an outage that is not logged as over yet. */
    private volatile Instant answeredSince;
    private volatile Instant lastFailure;
    private volatile String lastError;
    private final AtomicInteger failures = new AtomicInteger();
    private CamelContext context;

    /**
     * @param source "vk" or "hh", as {@link ApiException#source()}
     * @param name   the API as people call it, for log lines
     * @param quiet  how long an outage lasts without a call waiting or failing (twice the longest retry delay: a
     *               call that waits fails again within one)
     * @param settle how long the API answers without a transient failure before its outage is logged as over
     * @param polled whether this instance polls the API (its poll route runs here): never quiet meanwhile
     */
    public ApiHealth(String source, String name, Clock clock, Duration quiet, Duration settle, BooleanSupplier polled) {
        super("bridge", source + "-api");
        this.source = source;
        this.name = name;
        this.clock = clock;
        this.quiet = quiet;
        this.settle = settle;
        this.polled = polled;
    }

    /** The bean name of a source's check. */
    public static String beanName(String source) {
        return source + "ApiHealth";
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /**
     * The check of an API, to be bound as {@link #beanName}; its state is also gauge {@code bridge_api_up{api}}. An
     * outage is logged as over once the API answered for the longest retry delay (every call that waited was sent
     * again meanwhile), at most 10 s. VK Работа's: its polls' calls wait out an outage, so one waits throughout.
     */
    public static ApiHealth of(BridgeMeters meters, String source, String name, Duration maxRetryDelay) {
        return of(meters, source, name, maxRetryDelay, () -> false);
    }

    /**
     * {@link #of(BridgeMeters, String, String, Duration)} of an API whose poll's calls give up (hh.ru's, after a
     * poll interval): its outage lasts while the poll route runs here.
     */
    public static ApiHealth of(BridgeMeters meters, String source, String name, Duration maxRetryDelay,
            CamelContext context, String pollRoute) {
        return of(meters, source, name, maxRetryDelay,
                () -> context.getRouteController().getRouteStatus(pollRoute) == ServiceStatus.Started);
    }

    private static ApiHealth of(BridgeMeters meters, String source, String name, Duration maxRetryDelay,
            BooleanSupplier polled) {
        Duration settle = maxRetryDelay.compareTo(LONGEST_SETTLE) < 0 ? maxRetryDelay : LONGEST_SETTLE;
        ApiHealth health = new ApiHealth(source, name, Clock.systemUTC(), maxRetryDelay.multipliedBy(2), settle,
                polled);
        meters.apiUp(source, health::up);
        return health;
    }

    public boolean up() {
        Instant since = downSince;
        if (since == null) {
            settled();
            return true;
        }
        Instant failed = lastFailure;
        if (waiting.get() > 0 || failed == null || failed.plus(quiet).isAfter(clock.instant())
                || polled.getAsBoolean()) {
            return false;
        }
        Instant trouble;
        synchronized (this) {
            if (downSince != since) {
                return downSince == null;
            }
            trouble = troubleSince;
            forget();
        }
        LOG.info("{}: no call of this instance waits for it and none failed for {}: no longer counted down (since {})",
                name, quiet, trouble);
        return true;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    /** An answer that is not transient: a failure, if there was one, is over; its outage once this lasts. */
    public void answered() {
        if (troubleSince == null) {
            return;
        }
        if (downSince != null) {
            synchronized (this) {
                if (downSince == null) {
                    return;
                }
                downSince = null;
                answeredSince = clock.instant();
            }
            // no call may come to tell that the answers lasted
            CompletableFuture.runAsync(this::settled,
                    CompletableFuture.delayedExecutor(settle.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
            return;
        }
        settled();
    }

    /** A transient failure: starts an outage unless one is under way. */
    public void failed(ApiException failure) {
        lastError = LogText.cut(failure.getMessage());
        lastFailure = clock.instant();
        failures.incrementAndGet();
        if (downSince == null) {
            synchronized (this) {
                if (downSince != null) {
                    return;
                }
                downSince = clock.instant();
                answeredSince = null;
                if (troubleSince != null) {
                    return;
                }
                troubleSince = downSince;
            }
            LOG.warn("{} is failing ({}): calls wait and are retried (bridge.retry.*); one line when it answers again",
                    name, lastError);
        }
    }

    /** A call began waiting for a retry. */
    public void callWaits() {
        waiting.incrementAndGet();
    }

    /** A call that waited succeeded or gave up. */
    public void callDone() {
        waiting.decrementAndGet();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant since = up() ? null : troubleSince;
        builder.detail("waiting_calls", waiting.get());
        if (since == null) {
            builder.up();
        } else {
            builder.detail("down_since", since.toString()).detail("last_error", lastError)
                    .message(name + " failing since " + since + ": " + lastError).down();
        }
    }

    /** The INFO line of an outage whose last failure ended {@code settle} ago. */
    private void settled() {
        Instant answered = answeredSince;
        if (answered == null || answered.plus(settle).isAfter(clock.instant())) {
            return;
        }
        Instant trouble;
        int failed;
        synchronized (this) {
            if (answeredSince != answered || downSince != null) {
                return;
            }
            trouble = troubleSince;
            failed = failures.get();
            forget();
        }
        LOG.info("{} answers again, after an outage of {} (since {}, {} failed {}); no failure for {} since", name,
                Duration.between(trouble, answered).withNanos(0), trouble, failed, failed == 1 ? "call" : "calls",
                settle);
    }

    private void forget() {
        downSince = null;
        answeredSince = null;
        troubleSince = null;
        failures.set(0);
    }
}
