package ru.rabota.bridge.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Whether one upstream API answers, bound as {@code <source>ApiHealth} (health check {@code vk-api}, {@code hh-api};
 * gauge {@code bridge_api_up{api}}). An outage starts with the first transient failure (no answer, 408, 429, 5xx) and
 * ends with the next answer that is not one: one WARN line when it starts and one INFO line when it ends, however
 * many calls retry meanwhile. During an outage the check is DOWN and says since when, why, and how many calls wait
 * to be retried. It counts for neither liveness (a restart mends no outage) nor readiness (an instance waiting out
 * one board's outage still serves the other board and hh.ru's webhooks): it shows in {@code /observe/health}. An
 * instance that no longer calls the API (it lost the leadership, or the command went to another instance) knows
 * nothing of it any more: with no call waiting and none failed for {@code quiet}, the outage is forgotten, or its
 * {@code bridge_api_up} 0 would stay for ever while the instances that call the API get answers.
 */
public final class ApiHealth extends AbstractHealthCheck implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHealth.class);

    private final String source;
    private final String name;
    private final Clock clock;
    private final Duration quiet;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Instant downSince;
    private volatile Instant lastFailure;
    private volatile String lastError;
    private CamelContext context;

    /**
     * @param source "vk" or "hh", as {@link ApiException#source()}
     * @param name   the API as people call it, for log lines
     * @param quiet  how long an outage lasts without a call waiting or failing (twice the longest retry delay: a
     *               call that waits fails again within one)
     */
    public ApiHealth(String source, String name, Clock clock, Duration quiet) {
        super("bridge", source + "-api");
        this.source = source;
        this.name = name;
        this.clock = clock;
        this.quiet = quiet;
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

    /** The check of an API, to be bound as {@link #beanName}; its state is also gauge {@code bridge_api_up{api}}. */
    public static ApiHealth of(BridgeMeters meters, String source, String name, Duration maxRetryDelay) {
        ApiHealth health = new ApiHealth(source, name, Clock.systemUTC(), maxRetryDelay.multipliedBy(2));
        meters.apiUp(source, health::up);
        return health;
    }

    public boolean up() {
        Instant since = downSince;
        if (since == null) {
            return true;
        }
        Instant failed = lastFailure;
        if (waiting.get() > 0 || failed == null || failed.plus(quiet).isAfter(clock.instant())) {
            return false;
        }
        synchronized (this) {
            if (downSince != since) {
                return downSince == null;
            }
            downSince = null;
        }
        LOG.info("{}: no call of this instance waits for it and none failed for {}: no longer counted down (since {})",
                name, quiet, since);
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

    /** An answer that is not transient: an outage, if there was one, is over. */
    public void answered() {
        Instant since = downSince;
        if (since != null) {
            synchronized (this) {
                if (downSince == null) {
                    return;
                }
                downSince = null;
            }
            LOG.info("{} answers again, after an outage of {} (since {})", name,
                    Duration.between(since, clock.instant()).withNanos(0), since);
        }
    }

    /** A transient failure: starts an outage unless one is under way. */
    public void failed(ApiException failure) {
        lastError = LogText.cut(failure.getMessage());
        lastFailure = clock.instant();
        if (downSince == null) {
            synchronized (this) {
                if (downSince != null) {
                    return;
                }
                downSince = clock.instant();
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
        Instant since = up() ? null : downSince;
        builder.detail("waiting_calls", waiting.get());
        if (since == null) {
            builder.up();
        } else {
            builder.detail("down_since", since.toString()).detail("last_error", lastError)
                    .message(name + " failing since " + since + ": " + lastError).down();
        }
    }
}
