package ru.rabota.bridge.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;

/**
 * The bundle's own meters, as CONTRACT.md section 8 names them, in the Micrometer registry that Camel serves on
 * {@code /observe/metrics}: the one camel-micrometer-prometheus binds ({@code camel.metrics.enabled}), or the one of a
 * runtime that embeds the routes. Bound as {@code bridgeMeters}. Names are Micrometer's dotted ones; Prometheus adds
 * {@code _total} to a counter and {@code _seconds} to a timer ({@code bridge.jobs} is {@code bridge_jobs_total}).
 * Every label value comes from the bundle's code, never from input (a board a command named, a URL with an id).
 * Without a registry (metrics off) the meters count in memory, for the activity line ({@link ActivitySummary}) only.
 */
public final class BridgeMeters {

    /** Buckets of {@code bridge_api_requests_seconds}, up to the HTTP response timeout's default (60 s). */
    private static final Duration[] API_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    private record ApiRequest(String api, String operation, int status) {
    }

    /** Null without metrics. */
    private final MeterRegistry found;
    private final MeterRegistry registry;
    private final MeterRegistry counting;
    /**
     * The meters asked for before, by name and label values: looked up once, not per event or request (a meter's
     * id, its sorted tags and the registry's map each time).
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<ApiRequest, Timer> apiRequests = new ConcurrentHashMap<>();

    private BridgeMeters(MeterRegistry found) {
        this.found = found;
        // a composite without registries hands out meters that record nothing; the counters count in memory all
        // the same, for the activity line (ActivitySummary)
        this.registry = found != null ? found : new CompositeMeterRegistry();
        this.counting = found != null ? found : new SimpleMeterRegistry();
    }

    /** The context's registry, found as camel-micrometer finds it (bean {@code metricsRegistry}, else the only one). */
    public static BridgeMeters of(CamelContext context) {
        return new BridgeMeters(MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME));
    }

    /** Meters that no registry serves (metrics off, unit tests). */
    public static BridgeMeters none() {
        return new BridgeMeters(null);
    }

    /** The registry, when there is one: other meters bind to it (Kafka clients). */
    public Optional<MeterRegistry> registry() {
        return Optional.ofNullable(found);
    }

    /** {@code bridge_jobs_total{board,event}}: job events published. */
    public Counter jobs(String board, String event) {
        return counters.computeIfAbsent(List.of("bridge.jobs", board, event), id -> Counter.builder("bridge.jobs")
                .description("Job events published").tags("board", board, "event", event).register(counting));
    }

    /** {@code bridge_applications_total{source,event}}: application events published. */
    public Counter applications(String source, String event) {
        return counters.computeIfAbsent(List.of("bridge.applications", source, event), id -> Counter
                .builder("bridge.applications").description("Application events published")
                .tags("source", source, "event", event).register(counting));
    }

    /** {@code bridge_command_results_total{topic,outcome}}: command results published, by results topic. */
    public Counter commandResults(String topic, String outcome) {
        return counters.computeIfAbsent(List.of("bridge.command.results", topic, outcome), id -> Counter
                .builder("bridge.command.results").description("Command results published")
                .tags("topic", topic, "outcome", outcome).register(counting));
    }

    /** What each counter asked for so far has counted, by name and label values. */
    public Map<List<String>, Double> counts() {
        Map<List<String>, Double> counts = new HashMap<>();
        counters.forEach((id, counter) -> counts.put(id, counter.count()));
        return counts;
    }

    /** {@code bridge_dead_letters_total{topic}}: dead letters written, by the topic (or origin) of the record. */
    public Counter deadLetters(String topic) {
        return counters.computeIfAbsent(List.of("bridge.dead.letters", topic), id -> Counter
                .builder("bridge.dead.letters").description("Dead letters written").tags("topic", topic)
                .register(counting));
    }

    /**
     * {@code bridge_api_requests_seconds{api,operation,status}}: one HTTP request to an API, from its send to its
     * answer.
     *
     * @param status the HTTP status, 0 when no answer came
     */
    public void apiRequest(String api, String operation, int status, long nanos) {
        apiRequests.computeIfAbsent(new ApiRequest(api, operation, status), id -> Timer.builder("bridge.api.requests")
                .description("API calls, by answer (status 0: no answer)")
                .tags("api", api, "operation", operation, "status", Integer.toString(status))
                .serviceLevelObjectives(API_BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code bridge_api_up{api}}: 1 while the API answers, 0 during an outage. */
    public void apiUp(String api, BooleanSupplier up) {
        Gauge.builder("bridge.api.up", () -> up.getAsBoolean() ? 1 : 0)
                .description("1 while the API answers, 0 during an outage").tag("api", api).register(registry);
    }

    /**
     * {@code bridge_api_access{api}}: 1 while the API takes the bridge's credentials and access, 0 while it refuses
     * them (readiness checks {@code vk-session} and {@code hh}): then {@code bridge_api_up} stays 1, as the API answers.
     */
    public void apiAccess(String api, BooleanSupplier granted) {
        Gauge.builder("bridge.api.access", () -> granted.getAsBoolean() ? 1 : 0)
                .description("1 while the API takes the bridge's credentials, 0 while it refuses them").tag("api", api)
                .register(registry);
    }

    /** {@code bridge_leader}: 1 on the instance that polls. */
    public void leader(BooleanSupplier leads) {
        Gauge.builder("bridge.leader", () -> leads.getAsBoolean() ? 1 : 0)
                .description("1 on the instance that polls").register(registry);
    }

    /** {@code bridge_spend_today_rub}: roubles spent by paid commands today (Moscow day). */
    public void spendToday(DoubleSupplier roubles) {
        Gauge.builder("bridge.spend.today.rub", roubles::getAsDouble)
                .description("Roubles spent by paid commands today (Moscow day)").register(registry);
    }

    /**
     * {@code bridge_state_keys{topic}}: the keys a state topic's store holds in this instance's memory (every instance
     * holds every state topic whole): what the heap grows with, and what the application state's retention forgets.
     * The count must not wait: a scrape that waits holds the management server's health checks behind it.
     */
    public void stateKeys(String topic, DoubleSupplier keys) {
        Gauge.builder("bridge.state.keys", keys::getAsDouble)
                .description("Keys a state topic's store holds in this instance's memory").tag("topic", topic)
                .register(registry);
    }
}
