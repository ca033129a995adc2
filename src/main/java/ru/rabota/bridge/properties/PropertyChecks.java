package ru.rabota.bridge.properties;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before Camel Main configures anything (no bean, no sandbox, no route yet), every property whose kind the
 * bundle's own defaults tell ({@link PropertyKind#of}): durations, ports, cron expressions, time zones, wherever the
 * value comes from (a properties file, a system property, the environment). Camel would find some of them only when
 * a route or a server starts, seconds later and deep in a stack trace, and take a port such as {@code abc} for a
 * random one. Hand-written: Camel Main has no check of values by kind.
 */
public final class PropertyChecks extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PropertyChecks.class);
    private static final String RESPONSE_TIMEOUT = "camel.component.http.response-timeout";
    private static final String CONNECTIONS = "camel.component.http.connections-per-route";
    private static final String CLIENT_ID = "bridge.hh.client-id";
    private static final String CLIENT_SECRET = "bridge.hh.client-secret";
    /** camel-kafka's SASL login, in the two spellings Camel Main takes. */
    private static final List<String> SASL_JAAS_CONFIG = List.of("camel.component.kafka.sasl-jaas-config",
            "camel.component.kafka.saslJaasConfig");

    /** The bundle's defaults, with the profile's before them: they name the properties and their kinds. */
    private static final String DEFAULTS = "application.properties";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Map<String, String> defaults = defaults(properties.resolveProperty("camel.main.profile"));
        List<InvalidPropertyException> invalid = check(properties, defaults);
        if (!invalid.isEmpty()) {
            InvalidPropertyException first = invalid.get(0);
            invalid.subList(1, invalid.size()).forEach(first::addSuppressed);
            throw first;
        }
        UnknownProperties.report(properties, defaults.keySet(), PropertyValues.systemProperties(), System.getenv())
                .forEach(LOG::warn);
    }

    /**
     * Each property of {@code defaults} of a known kind whose value, as resolved, is not of that kind; when all are,
     * the values that properties may not take together ({@link #together}).
     */
    static List<InvalidPropertyException> check(PropertiesComponent properties, Map<String, String> defaults) {
        List<InvalidPropertyException> invalid = new ArrayList<>();
        defaults.forEach((key, defaultValue) -> PropertyKind.of(key, defaultValue).ifPresent(kind -> {
            try {
                kind.check(key, PropertyValues.required(properties, key));
            } catch (InvalidPropertyException e) {
                invalid.add(e);
            }
        }));
        return invalid.isEmpty() ? together(properties) : invalid;
    }

    /**
     * Values of the right kind that still break what the bundle promises: a retry without delay (a tight loop) or
     * with a cap below its first delay, hh.ru among the default boards while it is off, a handover wait no longer than
     * an HTTP request may wait for its answer, fewer connections to an API than calls to it in flight, an hh.ru client id
     * without its secret or the other way round (one was left out of a refresh without a word), a feed's minimum age
     * the inbox's read lock never waits for, a price or budget below zero (the spending guard would admit more), a topic
     * prefix Kafka cannot name topics with ({@link TopicPrefix}).
     */
    private static List<InvalidPropertyException> together(PropertiesComponent properties) {
        List<InvalidPropertyException> invalid = new ArrayList<>();
        Duration initial = duration(properties, "bridge.retry.initial-delay");
        Duration max = duration(properties, "bridge.retry.max-delay");
        if (initial.isZero()) {
            invalid.add(refused(properties, "bridge.retry.initial-delay", "above 0: every retry would come at once"));
        } else if (max.compareTo(initial) < 0) {
            invalid.add(refused(properties, "bridge.retry.max-delay", "at least bridge.retry.initial-delay ("
                    + PropertyValues.required(properties, "bridge.retry.initial-delay") + "), the delay it caps"));
        }
        if (number(properties, "bridge.retry.multiplier").compareTo(BigDecimal.ONE) < 0) {
            invalid.add(refused(properties, "bridge.retry.multiplier", "1 or more: each delay as long as or longer"
                    + " than the one before"));
        }
        if (!Boolean.parseBoolean(PropertyValues.required(properties, "bridge.hh.enabled"))
                && Arrays.stream(PropertyValues.required(properties, "bridge.jobs.boards").split(","))
                        .anyMatch(board -> board.strip().equals("hh"))) {
            invalid.add(refused(properties, "bridge.jobs.boards", "a list without hh while bridge.hh.enabled=false:"
                    + " every job's hh.ru part would be rejected; set bridge.hh.enabled=true with the hh.ru settings,"
                    + " or leave hh out"));
        }
        // camel-http's own setting, in milliseconds
        String responseTimeout = properties.resolveProperty(RESPONSE_TIMEOUT).map(String::strip).orElse("");
        if (responseTimeout.matches("\\d+") && duration(properties, "bridge.commands.handover-wait")
                .compareTo(Duration.ofMillis(Long.parseLong(responseTimeout))) <= 0) {
            invalid.add(refused(properties, "bridge.commands.handover-wait", "longer than " + RESPONSE_TIMEOUT + " ("
                    + responseTimeout + " ms): a command whose request still waits for its answer would be carried"
                    + " out again at once by the instance its partition is handed over to"));
        }
        // camel-http's own setting, 20 when not set
        int connections = properties.resolveProperty(CONNECTIONS).map(String::strip).filter(v -> v.matches("\\d+"))
                .map(Integer::parseInt).orElse(20);
        int callsInFlight = number(properties, "bridge.jobs.concurrency").intValue()
                + number(properties, "bridge.commands.concurrency").intValue();
        if (connections < callsInFlight) {
            invalid.add(refused(properties, CONNECTIONS, "at least bridge.jobs.concurrency plus"
                    + " bridge.commands.concurrency (" + callsInFlight + "): the pool, not the API, would cap the calls"
                    + " in flight, and a call that waits connection-request-timeout for a connection fails as if the"
                    + " API did not answer"));
        }
        // the feed inbox's read lock waits at most 10 min for a file to reach that age (routes/jobs.camel.yaml)
        if (duration(properties, "bridge.feed.min-age").compareTo(Duration.ofMinutes(10)) >= 0) {
            invalid.add(refused(properties, "bridge.feed.min-age", "below 10m: no feed would ever be taken"));
        }
        // the refresh's client authentication is the two together; the secret is never named with its value
        boolean clientId = !PropertyValues.required(properties, CLIENT_ID).isBlank();
        if (clientId != !PropertyValues.required(properties, CLIENT_SECRET).isBlank()) {
            invalid.add(refused(properties, CLIENT_ID, clientId ? "set without bridge.hh.client-secret: hh.ru takes"
                    + " the two together with a refresh; set both or neither" : "set while bridge.hh.client-secret is:"
                    + " hh.ru takes the two together with a refresh; set both or neither"));
        }
        if (number(properties, "bridge.vas.default-price").signum() <= 0) {
            invalid.add(refused(properties, "bridge.vas.default-price", "a price above 0 roubles"));
        }
        if (number(properties, "bridge.vas.daily-budget").signum() < 0) {
            invalid.add(refused(properties, "bridge.vas.daily-budget", "a budget of 0 roubles or more"));
        }
        SASL_JAAS_CONFIG.forEach(key -> unreadableJaas(properties, key).ifPresent(invalid::add));
        sharedPort(properties).ifPresent(invalid::add);
        TopicPrefix.check(properties).ifPresent(invalid::add);
        return invalid;
    }

    /**
     * The management server (health, metrics) on the port of the business one (the webhooks'): the second could not
     * bind it, and the process ran on without health endpoints, its pod never ready, with one ERROR line at start.
     */
    private static Optional<InvalidPropertyException> sharedPort(PropertiesComponent properties) {
        String port = PropertyValues.required(properties, "camel.server.port").strip();
        boolean both = Boolean.parseBoolean(PropertyValues.required(properties, "camel.server.enabled").strip())
                && Boolean.parseBoolean(PropertyValues.required(properties, "camel.management.enabled").strip());
        return both && !port.equals("0")
                && port.equals(PropertyValues.required(properties, "camel.management.port").strip())
                ? Optional.of(refused(properties, "camel.management.port", "another port than camel.server.port ("
                        + port + ", the webhooks'): the management server (health, metrics) could not bind it"))
                : Optional.empty();
    }

    /**
     * A JAAS configuration Kafka's parser refuses: its message names a piece of the value (the word after a space of
     * an unquoted password), which each Kafka client then logged with a stack trace, again at every attempt.
     */
    private static Optional<InvalidPropertyException> unreadableJaas(PropertiesComponent properties, String key) {
        Optional<String> value = properties.resolveProperty(key).filter(text -> !text.isBlank());
        try {
            value.ifPresent(text -> JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG,
                    new Password(text))));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(InvalidPropertyException.secret(key, "a JAAS configuration Kafka can read: <login"
                    + " module> required, then each option as name=\"value\" (its value in double quotes), and a"
                    + " semicolon at the end"));
        }
    }

    private static InvalidPropertyException refused(PropertiesComponent properties, String key, String expected) {
        return new InvalidPropertyException(key, PropertyValues.required(properties, key), expected);
    }

    private static Duration duration(PropertiesComponent properties, String key) {
        return PropertyKind.duration(PropertyValues.required(properties, key));
    }

    private static BigDecimal number(PropertiesComponent properties, String key) {
        return new BigDecimal(PropertyValues.required(properties, key).strip());
    }

    /** The defaults inside the bundle (the profile's first), sorted by key. */
    static Map<String, String> defaults(Optional<String> profile) {
        Map<String, String> defaults = new TreeMap<>();
        profile.ifPresent(name -> read("application-" + name + ".properties", defaults));
        read(DEFAULTS, defaults);
        return defaults;
    }

    private static void read(String resource, Map<String, String> into) {
        try (InputStream in = PropertyChecks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties file = new Properties();
                file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                file.stringPropertyNames().forEach(key -> into.putIfAbsent(key, file.getProperty(key)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
