package ru.rabota.bridge.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one upstream API answers, bound as {@code <source>ApiHealth} (health check {@code vk-api}, {@code hh-api};
 * gauge {@code bridge_api_up{api}}). An outage starts with the first transient failure (no answer, 408, 429, 5xx) and
 * ends with the next answer that is not one: one WARN line when it starts and one INFO line when it ends, however
 * many calls retry meanwhile. During an outage the check is DOWN and says since when, why, and how many calls wait
 * to be retried. It counts for neither liveness (a restart mends no outage) nor readiness (an instance waiting out
 * one board's outage still serves the other board and hh.ru's webhooks): it shows in {@code /observe/health}.
 */
public final class ApiHealth extends AbstractHealthCheck implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHealth.class);

    private final String source;
    private final String name;
    private final Clock clock;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Instant downSince;
    private volatile String lastError;
    private CamelContext context;

    /**
     * @param source "vk" or "hh", as {@link ApiException#source()}
     * @param name   the API as people call it, for log lines
     */
    public ApiHealth(String source, String name, Clock clock) {
        super("bridge", source + "-api");
        this.source = source;
        this.name = name;
        this.clock = clock;
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
     * The check of an API, to be bound as {@link #beanName}; once the context started, it registers
     * {@code bridge_api_up{api}} with the application's Micrometer registry (camel-micrometer-prometheus binds one
     * when metrics are on).
     */
    public static ApiHealth of(CamelContext context, String source, String name) throws Exception {
        ApiHealth health = new ApiHealth(source, name, Clock.systemUTC());
        context.addStartupListener((started, alreadyStarted) -> {
            MeterRegistry registry = started.getRegistry().findSingleByType(MeterRegistry.class);
            // the listener may be told twice (starting, started)
            if (registry != null && registry.find("bridge_api_up").tag("api", source).gauge() == null) {
                Gauge.builder("bridge_api_up", health, h -> h.up() ? 1 : 0)
                        .description("1 while the API answers, 0 during an outage").tag("api", source)
                        .register(registry);
            }
        });
        return health;
    }

    public boolean up() {
        return downSince == null;
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
        Instant since = downSince;
        builder.detail("waiting_calls", waiting.get());
        if (since == null) {
            builder.up();
        } else {
            builder.detail("down_since", since.toString()).detail("last_error", lastError)
                    .message(name + " failing since " + since + ": " + lastError).down();
        }
    }
}
