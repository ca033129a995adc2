package ru.rabota.bridge.properties;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.util.TimeUtils;
import org.quartz.CronExpression;

/**
 * The kinds of value that start-up checks ({@link PropertyChecks}), each read the way its user reads it: durations as
 * Camel converts them (timers, {@code @PropertyInject Duration}), cron expressions as quartz parses them, sizes as
 * {@link ByteSize} does, ports, time zones.
 */
public enum PropertyKind {

    /** {@code 500ms}, {@code 60s}, {@code 10m}, {@code 6h}, {@code 14d}, {@code 1h30m}, ISO-8601 {@code PT1H}. */
    DURATION("a duration such as 60s, 10m, 6h or PT1H") {
        @Override
        void parse(String value) {
            duration(value);
        }
    },
    /** How often a timed flow runs ({@code ...-interval}): a {@link #DURATION} above zero. */
    INTERVAL("a duration above 0 such as 60s, 10m, 6h or PT1H") {
        @Override
        void parse(String value) {
            if (duration(value).isZero()) {
                // Camel's scheduler refuses a period of 0 when the route starts (its timer ran it once, never again)
                throw new Refusal("0 is no interval: the flow would not start");
            }
        }
    },
    /** Quartz's: seconds, minutes, hours, day of month, month, day of week, optional year. Empty: none. */
    CRON("a cron expression (quartz: seconds minutes hours day-of-month month day-of-week, e.g. 0 0 9 ? * MON-FRI)") {
        @Override
        void parse(String value) throws ParseException {
            if (!value.isBlank()) {
                CronExpression.validateExpression(value.strip());
            }
        }
    },
    PORT("a port from 1 to 65535") {
        @Override
        void parse(String value) {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("out of range");
            }
        }
    },
    /** {@code 1048576}, {@code 256KB}, {@code 1MB} ({@link ByteSize}). */
    SIZE("a size such as 1048576, 256KB or 1MB") {
        @Override
        void parse(String value) {
            ByteSize.parse("", value);
        }
    },
    /**
     * How many of something the bundle does at once or in one go: concurrency, batch and page sizes; the bytes of a
     * Kafka request.
     */
    COUNT("a whole number of 1 or more") {
        @Override
        void parse(String value) {
            if (Integer.parseInt(value.strip()) < 1) {
                throw new IllegalArgumentException("below 1");
            }
        }
    },
    /**
     * The partitions or replicas of the topics the bundle creates: Kafka refuses 0 only when it creates them, after
     * the start (one ERROR line naming neither property, and no topic ever); an integer parse refused 1.5 with no name.
     */
    TOPIC_COUNT("-1 (the broker's default) or a whole number of 1 or more") {
        @Override
        void parse(String value) {
            int count = Integer.parseInt(value.strip());
            if (count != -1 && count < 1) {
                throw new IllegalArgumentException("neither -1 nor 1 or more");
            }
        }
    },
    /** A Kafka client's or poll's time in milliseconds, a bare number ({@code ...-ms}). */
    MILLISECONDS("a whole number of milliseconds, 0 or more") {
        @Override
        void parse(String value) {
            if (Long.parseLong(value.strip()) < 0) {
                throw new IllegalArgumentException("negative");
            }
        }
    },
    /** {@code bridge.retry.max-attempts}: read as a whole number, so that 1.5 stopped the start naming nothing. */
    ATTEMPTS("a whole number of attempts, 0 or more (0: no limit)") {
        @Override
        void parse(String value) {
            if (Integer.parseInt(value.strip()) < 0) {
                throw new IllegalArgumentException("negative");
            }
        }
    },
    /** {@code bridge.feed.mode}. */
    FEED_MODE("incremental or snapshot") {
        @Override
        void parse(String value) {
            oneOf(FEED_MODES, value);
        }
    },
    /**
     * {@code bridge.cluster.mode}, checked whether cluster mode is on or not: a misspelt mode stopped the start with a
     * stack trace once it was on, and went unnoticed until then.
     */
    CLUSTER_MODE("kafka, file or kubernetes") {
        @Override
        void parse(String value) {
            oneOf(CLUSTER_MODES, value);
        }
    },
    /** A region id such as {@code Europe/Moscow}, or an offset such as {@code +03:00}. */
    TIME_ZONE("a time zone such as Europe/Moscow or +03:00") {
        @Override
        void parse(String value) {
            ZoneId.of(value.strip());
        }
    },
    /**
     * {@code true} or {@code false}, in any case, as Camel converts it: {@code yes} is refused, not taken for false
     * (a switch such as {@code bridge.vas.contacts.enabled=yes} stayed off without a word).
     */
    BOOLEAN("true or false") {
        @Override
        void parse(String value) {
            oneOf(BOOLEANS, value);
        }
    },
    /**
     * Where an API is called or reached ({@code ...-url}). The routes call {@code http:<url>}, which camel-http takes
     * without a scheme as plain http: {@code api.iconjob.co/...} sent the login and password unencrypted.
     */
    URL("an absolute http or https URL such as https://api.hh.ru") {
        @Override
        void parse(String value) throws URISyntaxException {
            httpUrl(value);
        }
    },
    /** A {@link #URL} whose default is empty: none. */
    OPTIONAL_URL("empty or an absolute http or https URL such as https://api.hh.ru") {
        @Override
        void parse(String value) throws URISyntaxException {
            if (!value.isBlank()) {
                httpUrl(value);
            }
        }
    },
    /** Roubles, a multiplier, a number of attempts: a number, its default written as one. */
    NUMBER("a number such as 1000 or 1.5") {
        @Override
        void parse(String value) {
            new BigDecimal(value.strip());
        }
    };

    /** How a duration is written in the defaults: what makes a property a {@link #DURATION}. */
    private static final Pattern DURATION_LITERAL = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    /** How a size is written in the defaults: what makes a property a {@link #SIZE}. */
    private static final Pattern SIZE_LITERAL = Pattern.compile("\\d+(KB|MB)");
    /** The names that make a property a {@link #COUNT}. */
    private static final Pattern COUNT_NAME = Pattern.compile(
            ".*[.-](concurrency|batch-size|page-size|per-page|progress-every|max-depth|max-request-size"
                    + "|heartbeat-timeout-multiplier)");
    private static final Set<String> TOPIC_COUNTS = Set.of("bridge.topics.partitions",
            "bridge.topics.replication-factor");
    private static final Set<String> FEED_MODES = Set.of("incremental", "snapshot");
    private static final Set<String> CLUSTER_MODES = Set.of("kafka", "file", "kubernetes");
    private static final Set<String> BOOLEANS = Set.of("true", "false");
    /** How a number is written in the defaults: what makes a property a {@link #NUMBER}. */
    private static final Pattern NUMBER_LITERAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final String expected;

    PropertyKind(String expected) {
        this.expected = expected;
    }

    abstract void parse(String value) throws Exception;

    /**
     * The kind of a property, by its name ({@code ...-cron}, {@code ...port}, {@code ...-url}, {@code ...time-zone},
     * {@code ...concurrency}, {@code ...batch-size}, {@code ...max-attempts}, {@code ...-ms}, {@code bridge.feed.mode},
     * {@code bridge.cluster.mode},
     * {@code bridge.topics.partitions}, {@code bridge.topics.replication-factor}) or, for a
     * duration, a boolean, a number or a size, by how its default is written ({@code 60s}, {@code true}, {@code 1000},
     * {@code 256KB}); none for any other property.
     */
    public static Optional<PropertyKind> of(String key, String defaultValue) {
        if (key.endsWith("-cron")) {
            return Optional.of(CRON);
        }
        if (key.endsWith(".port") || key.endsWith("-port")) {
            return Optional.of(PORT);
        }
        if (key.endsWith("-url")) {
            return Optional.of(defaultValue.isBlank() ? OPTIONAL_URL : URL);
        }
        if (key.endsWith("time-zone")) {
            return Optional.of(TIME_ZONE);
        }
        if (key.equals("bridge.feed.mode")) {
            return Optional.of(FEED_MODE);
        }
        if (key.equals("bridge.cluster.mode")) {
            return Optional.of(CLUSTER_MODE);
        }
        if (TOPIC_COUNTS.contains(key)) {
            return Optional.of(TOPIC_COUNT);
        }
        if (COUNT_NAME.matcher(key).matches()) {
            return Optional.of(COUNT);
        }
        if (key.endsWith(".max-attempts")) {
            return Optional.of(ATTEMPTS);
        }
        if (key.endsWith("-ms")) {
            return Optional.of(MILLISECONDS);
        }
        String written = defaultValue.strip();
        if (DURATION_LITERAL.matcher(written).matches()) {
            return Optional.of(key.endsWith("-interval") ? INTERVAL : DURATION);
        }
        if (BOOLEANS.contains(written)) {
            return Optional.of(BOOLEAN);
        }
        if (NUMBER_LITERAL.matcher(written).matches()) {
            return Optional.of(NUMBER);
        }
        return SIZE_LITERAL.matcher(written).matches() ? Optional.of(SIZE) : Optional.empty();
    }

    /** @throws InvalidPropertyException naming the property and its value when the value is not of this kind */
    public void check(String property, String value) {
        try {
            parse(value);
        } catch (Exception e) {
            throw new InvalidPropertyException(property, value, expected + detail(e));
        }
    }

    private static void httpUrl(String value) throws URISyntaxException {
        URI url = new URI(value.strip());
        // the authority, not the host: java.net.URI has no host for a name with an underscore (my_host:8080)
        if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
                || url.getAuthority() == null) {
            throw new IllegalArgumentException("no http or https URL with a host");
        }
    }

    /** A value that must be one of these words, in any case. */
    private static void oneOf(Set<String> words, String value) {
        if (!words.contains(value.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("none of " + words);
        }
    }

    /** Quartz says where a cron expression goes wrong, and a {@link Refusal} why; other parsers' messages add nothing. */
    private String detail(Exception e) {
        return (this == CRON || e instanceof Refusal) && e.getMessage() != null ? ": " + e.getMessage().strip() : "";
    }

    /**
     * A duration as Camel's converter reads it, which takes a negative or empty one for zero and a bare number for
     * milliseconds: here a negative or empty one is refused, and a bare number too (the properties beside it that
     * take milliseconds say so in their names, {@code ...-ms}: {@code poll-interval=300} meant 300 ms).
     */
    public static Duration duration(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.startsWith("-")) {
            throw new IllegalArgumentException("empty or negative");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            throw new Refusal("a bare number would be read as milliseconds; give its unit");
        }
        return text.startsWith("P") || text.startsWith("p") ? Duration.parse(text) : TimeUtils.toDuration(text);
    }

    /** A value of the right form that says what the property cannot take, and why. */
    static final class Refusal extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refusal(String why) {
            super(why);
        }
    }
}
