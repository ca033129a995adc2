package ru.rabota.bridge.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Which properties start-up checks and what it says of a malformed one: the bundle's own defaults (the sandbox's
 * too) pass, and each kind of mistake is named with its property and value. The jar stopping on them:
 * {@code ru.rabota.bridge.it.BadPropertiesIT}.
 */
class PropertyChecksTest {

    @Test
    void theKindOfAPropertyComesFromItsNameOrHowItsDefaultIsWritten() {
        assertThat(PropertyKind.of("bridge.company.poll-cron", "")).contains(PropertyKind.CRON);
        assertThat(PropertyKind.of("camel.management.port", "9876")).contains(PropertyKind.PORT);
        assertThat(PropertyKind.of("bridge.sandbox.kafka-port", "19092")).contains(PropertyKind.PORT);
        assertThat(PropertyKind.of("bridge.schedule.time-zone", "Europe/Moscow")).contains(PropertyKind.TIME_ZONE);
        assertThat(PropertyKind.of("bridge.applications.poll-interval", "60s")).contains(PropertyKind.INTERVAL);
        assertThat(PropertyKind.of("bridge.retry.initial-delay", "500ms")).contains(PropertyKind.DURATION);
        assertThat(PropertyKind.of("bridge.dlq.max-payload", "256KB")).contains(PropertyKind.SIZE);
        assertThat(PropertyKind.of("bridge.jobs.poll-timeout-ms", "500")).contains(PropertyKind.MILLISECONDS);
        assertThat(PropertyKind.of("bridge.jobs.concurrency", "8")).contains(PropertyKind.COUNT);
        assertThat(PropertyKind.of("bridge.applications.batch-size", "500")).contains(PropertyKind.COUNT);
        assertThat(PropertyKind.of("camel.component.kafka.max-request-size", "1048576")).contains(PropertyKind.COUNT);
        assertThat(PropertyKind.of("bridge.feed.mode", "incremental")).contains(PropertyKind.FEED_MODE);
        assertThat(PropertyKind.of("bridge.vas.daily-budget", "1000")).contains(PropertyKind.NUMBER);
        assertThat(PropertyKind.of("bridge.retry.multiplier", "1.5")).contains(PropertyKind.NUMBER);
        assertThat(PropertyKind.of("bridge.vas.contacts.enabled", "false")).contains(PropertyKind.BOOLEAN);
        assertThat(PropertyKind.of("bridge.hh.vacancy-ids", "active")).isEmpty();
        // -1: the broker's default, as the README has it (it was a count of 1 or more, and -1 stopped the start)
        assertThat(PropertyKind.of("bridge.topics.partitions", "3")).contains(PropertyKind.TOPIC_COUNT);
        assertThat(PropertyKind.of("bridge.topics.replication-factor", "-1")).contains(PropertyKind.TOPIC_COUNT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sandbox"})
    void theBundlesOwnDefaultsPass(String profile) throws Exception {
        Map<String, String> defaults = PropertyChecks.defaults(Optional.of(profile).filter(name -> !name.isEmpty()));

        assertThat(defaults).containsKeys("bridge.applications.poll-interval", "bridge.company.poll-cron",
                "camel.management.port", "bridge.schedule.time-zone");
        try (CamelContext context = context(defaults, Map.of())) {
            assertThat(PropertyChecks.check(context.getPropertiesComponent(), defaults)).isEmpty();
        }
    }

    @Test
    void eachMalformedValueIsNamedWithItsPropertyWhereverItIsSet() throws Exception {
        assertThat(problems(Map.of(
                "bridge.applications.poll-interval", "5 minutes",
                "bridge.retry.max-delay", "-30s",
                "bridge.company.poll-cron", "0 9 * * *",
                "bridge.hh.poll-cron", "0 0/5 9-19 ? * MON-FRI",
                "camel.management.port", "abc",
                "camel.server.port", "99999",
                "bridge.schedule.time-zone", "Moscow",
                "bridge.dlq.max-payload", "lots"))).containsExactlyInAnyOrder(
                "bridge.applications.poll-interval = '5 minutes' is not a duration above 0 such as 60s, 10m, 6h"
                        + " or PT1H",
                "bridge.retry.max-delay = '-30s' is not a duration such as 60s, 10m, 6h or PT1H",
                "bridge.company.poll-cron = '0 9 * * *' is not a cron expression (quartz: seconds minutes"
                        + " hours day-of-month month day-of-week, e.g. 0 0 9 ? * MON-FRI): Unexpected end"
                        + " of expression.",
                "camel.management.port = 'abc' is not a port from 1 to 65535",
                "camel.server.port = '99999' is not a port from 1 to 65535",
                "bridge.schedule.time-zone = 'Moscow' is not a time zone such as Europe/Moscow or +03:00",
                "bridge.dlq.max-payload = 'lots' is not a size such as 1048576, 256KB or 1MB");
    }

    @Test
    void countsMillisecondsAndTheFeedModeAreCheckedToo() throws Exception {
        assertThat(problems(Map.of(
                "bridge.jobs.concurrency", "0",
                "bridge.applications.page-size", "fifty",
                "bridge.jobs.poll-timeout-ms", "-1",
                "bridge.feed.mode", "full"))).containsExactlyInAnyOrder(
                "bridge.jobs.concurrency = '0' is not a whole number of 1 or more",
                "bridge.applications.page-size = 'fifty' is not a whole number of 1 or more",
                "bridge.jobs.poll-timeout-ms = '-1' is not a whole number of milliseconds, 0 or more",
                "bridge.feed.mode = 'full' is not incremental or snapshot");
    }

    @Test
    void topicPartitionsAndReplicationAreMinusOneOrAWholeNumberOfOneOrMore() throws Exception {
        // before, 0 started and left every topic uncreated for good (one ERROR line naming neither property), and 1.5
        // stopped the start with "For input string: 1.5" and a stack trace
        assertThat(problems(Map.of(
                "bridge.topics.partitions", "0",
                "bridge.topics.replication-factor", "1.5"))).containsExactlyInAnyOrder(
                "bridge.topics.partitions = '0' is not -1 (the broker's default) or a whole number of 1 or more",
                "bridge.topics.replication-factor = '1.5' is not -1 (the broker's default) or a whole number of 1 or"
                        + " more");
        assertThat(problems(Map.of("bridge.topics.partitions", "-1", "bridge.topics.replication-factor", "3")))
                .isEmpty();
    }

    @Test
    void attemptsAndTheHeartbeatMultiplierAreWholeNumbers() throws Exception {
        // before, 1.5 attempts stopped the start with "For input string" and a stack trace, a multiplier of 0 with
        // Camel's "HeartbeatTimeoutMultiplier must be greater than 0" naming no property, and -1 attempts meant 0
        assertThat(problems(Map.of(
                "bridge.retry.max-attempts", "1.5",
                "bridge.cluster.heartbeat-timeout-multiplier", "0"))).containsExactlyInAnyOrder(
                "bridge.retry.max-attempts = '1.5' is not a whole number of attempts, 0 or more (0: no limit)",
                "bridge.cluster.heartbeat-timeout-multiplier = '0' is not a whole number of 1 or more");
        assertThat(problems(Map.of("bridge.retry.max-attempts", "-1"))).containsExactly(
                "bridge.retry.max-attempts = '-1' is not a whole number of attempts, 0 or more (0: no limit)");
        assertThat(problems(Map.of("bridge.retry.max-attempts", "0", "bridge.cluster.heartbeat-timeout-multiplier",
                "3"))).isEmpty();
    }

    @Test
    void switchesAndNumbersAreCheckedToo() throws Exception {
        // before, yes switched paid contacts off without a word, and abc stopped the start with a stack trace
        assertThat(problems(Map.of(
                "bridge.vas.contacts.enabled", "yes",
                "bridge.hh.enabled", "TRUE",
                "bridge.vas.daily-budget", "abc",
                "bridge.retry.multiplier", "1.5"))).containsExactlyInAnyOrder(
                "bridge.vas.contacts.enabled = 'yes' is not true or false",
                "bridge.vas.daily-budget = 'abc' is not a number such as 1000 or 1.5");
    }

    @Test
    void durationsWithoutUnitIntervalsOfZeroAndValuesThatBreakRetriesOrTheBudgetAreRefused() throws Exception {
        // before, poll-interval=300 polled every 0.3 s, 0s ran a poll once and never again, an initial delay of 0s
        // retried in a tight loop, and a negative price let the spending guard admit more than the budget
        assertThat(problems(Map.of(
                "bridge.hh.poll-interval", "300",
                "bridge.applications.rescan-interval", "0s",
                "bridge.retry.initial-delay", "0ms",
                "bridge.vas.default-price", "-300",
                "bridge.vas.daily-budget", "-1"))).containsExactlyInAnyOrder(
                "bridge.hh.poll-interval = '300' is not a duration above 0 such as 60s, 10m, 6h or PT1H: a bare"
                        + " number would be read as milliseconds; give its unit",
                "bridge.applications.rescan-interval = '0s' is not a duration above 0 such as 60s, 10m, 6h or"
                        + " PT1H: 0 is no interval: the flow would not start");
        // checked once every value is of its kind
        assertThat(problems(Map.of(
                "bridge.retry.initial-delay", "0ms",
                "bridge.vas.default-price", "-300",
                "bridge.vas.daily-budget", "-1"))).containsExactlyInAnyOrder(
                "bridge.retry.initial-delay = '0ms' is not above 0: every retry would come at once",
                "bridge.vas.default-price = '-300' is not a price above 0 roubles",
                "bridge.vas.daily-budget = '-1' is not a budget of 0 roubles or more");
        assertThat(problems(Map.of("bridge.jobs.boards", "vkrabota, hh"))).containsExactly(
                "bridge.jobs.boards = 'vkrabota, hh' is not a list without hh while bridge.hh.enabled=false: every"
                        + " job's hh.ru part would be rejected; set bridge.hh.enabled=true with the hh.ru settings, or"
                        + " leave hh out");
        assertThat(problems(Map.of("bridge.jobs.boards", "vkrabota,hh", "bridge.hh.enabled", "true"))).isEmpty();
        assertThat(problems(Map.of(
                "bridge.retry.initial-delay", "10s",
                "bridge.retry.max-delay", "5s",
                "bridge.retry.multiplier", "0.5"))).containsExactlyInAnyOrder(
                "bridge.retry.max-delay = '5s' is not at least bridge.retry.initial-delay (10s), the delay it caps",
                "bridge.retry.multiplier = '0.5' is not 1 or more: each delay as long as or longer than the one"
                        + " before");
        // a longer HTTP timeout without a longer handover wait: a command handed over mid-request ran twice
        assertThat(problems(Map.of("camel.component.http.response-timeout", "120000"))).containsExactly(
                "bridge.commands.handover-wait = '70s' is not longer than camel.component.http.response-timeout"
                        + " (120000 ms): a command whose request still waits for its answer would be carried out"
                        + " again at once by the instance its partition is handed over to");
        assertThat(problems(Map.of("camel.component.http.response-timeout", "120000",
                "bridge.commands.handover-wait", "130s"))).isEmpty();
        // more calls in flight than connections: calls waited for one and failed as an outage of the API
        assertThat(problems(Map.of("bridge.jobs.concurrency", "40"))).containsExactly(
                "camel.component.http.connections-per-route = '32' is not at least bridge.jobs.concurrency plus"
                        + " bridge.commands.concurrency (44): the pool, not the API, would cap the calls in flight,"
                        + " and a call that waits connection-request-timeout for a connection fails as if the API"
                        + " did not answer");
        assertThat(problems(Map.of("bridge.jobs.concurrency", "40",
                "camel.component.http.connections-per-route", "44"))).isEmpty();
        // one of the two: a refresh went without it, without a word; the secret's value is never shown
        assertThat(problems(Map.of("bridge.hh.client-id", "app-1"))).containsExactly(
                "bridge.hh.client-id = 'app-1' is not set without bridge.hh.client-secret: hh.ru takes the two together"
                        + " with a refresh; set both or neither");
        assertThat(problems(Map.of("bridge.hh.client-secret", "s3cret"))).containsExactly(
                "bridge.hh.client-id = '' is not set while bridge.hh.client-secret is: hh.ru takes the two together"
                        + " with a refresh; set both or neither");
        assertThat(problems(Map.of("bridge.hh.client-id", "app-1", "bridge.hh.client-secret", "s3cret"))).isEmpty();
        assertThat(problems(Map.of("bridge.feed.min-age", "10m"))).containsExactly(
                "bridge.feed.min-age = '10m' is not below 10m: no feed would ever be taken");
        // before, the management server could not bind, and the process ran on without health endpoints
        assertThat(problems(Map.of("bridge.hh.webhook.enabled", "true", "camel.management.port", "8080")))
                .containsExactly("camel.management.port = '8080' is not another port than camel.server.port (8080,"
                        + " the webhooks'): the management server (health, metrics) could not bind it");
        assertThat(problems(Map.of("camel.management.port", "8080"))).as("no webhooks: one server").isEmpty();
    }

    @Test
    void anApiUrlWithoutItsSchemeIsRefused() throws Exception {
        // before, a base URL without https:// started the bundle, and camel-http called it over plain http: the VK
        // Работа login and password, the hh.ru token went over the network unencrypted
        String expected = " is not an absolute http or https URL such as https://api.hh.ru";
        assertThat(problems(Map.of(
                "bridge.vk.base-url", "api.iconjob.co/api/external/v1",
                "bridge.hh.token-url", "ftp://api.hh.ru/token",
                "bridge.hh.webhook.public-url", "bridge.acme.ru"))).containsExactlyInAnyOrder(
                "bridge.vk.base-url = 'api.iconjob.co/api/external/v1'" + expected,
                "bridge.hh.token-url = 'ftp://api.hh.ru/token'" + expected,
                "bridge.hh.webhook.public-url = 'bridge.acme.ru' is not empty or an absolute http or https URL such as"
                        + " https://api.hh.ru");
        assertThat(problems(Map.of("bridge.hh.base-url", ""))).containsExactly(
                "bridge.hh.base-url = ''" + expected);
        assertThat(problems(Map.of(
                "bridge.vk.base-url", "http://127.0.0.1:18080/api/external/v1",
                "bridge.hh.base-url", "HTTPS://api.hh.ru",
                "bridge.hh.token-url", "http://hh_sim:8081/token",
                "bridge.hh.webhook.public-url", "https://bridge.acme.ru:8443"))).isEmpty();
    }

    @Test
    void aTopicPrefixKafkaCannotNameTopicsWithIsRefused() throws Exception {
        // before, the start went on: no topic was created, and every Kafka client of the bundle logged
        // InvalidTopicException (33,000 ERROR and WARN lines in 25 s of the sandbox) for as long as it ran
        String refusal = "bridge.topics.prefix = 'acme/' is not a prefix Kafka can name topics with (ASCII letters and"
                + " digits, '.', '_' and '-'; each topic's name at most 249 characters): Topic name is invalid:"
                + " 'acme/rabota.jobs.commands' contains one or more characters other than ASCII alphanumerics, '.',"
                + " '_' and '-'";
        assertThat(problems(Map.of("bridge.topics.prefix", "acme/"))).containsExactly(refusal);
        assertThat(problems(Map.of("bridge.topics.prefix", "x".repeat(230)))).singleElement().asString()
                .endsWith("rabota.jobs.commands' is longer than the max allowed length 249");
        assertThat(problems(Map.of("bridge.topics.prefix", "acme_2-prod."))).isEmpty();
    }

    @Test
    void aSaslJaasConfigKafkaCannotReadIsRefusedWithoutItsValue() throws Exception {
        // before, a password with a space left unquoted started the bundle, and each Kafka consumer logged Kafka's
        // "Value not specified for key 'Secret-Part2' in JAAS config" (part of the password) at WARN with a stack
        // trace every 5 s
        String unquoted = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"bridge\""
                + " password=Kx9 Secret-Part2;";
        String refusal = " is not a JAAS configuration Kafka can read: <login module> required, then each option as"
                + " name=\"value\" (its value in double quotes), and a semicolon at the end; the value is not shown,"
                + " it may be a secret";
        assertThat(problems(Map.of("camel.component.kafka.sasl-jaas-config", unquoted))).containsExactly(
                "camel.component.kafka.sasl-jaas-config" + refusal);
        assertThat(problems(Map.of("camel.component.kafka.saslJaasConfig", unquoted))).containsExactly(
                "camel.component.kafka.saslJaasConfig" + refusal);
        assertThat(problems(Map.of("camel.component.kafka.sasl-jaas-config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"bridge\""
                        + " password=\"Kx9 Secret-Part2\";"))).isEmpty();
    }

    /** What the checks say of these values over the bundle's defaults. */
    private static List<String> problems(Map<String, String> values) throws Exception {
        Map<String, String> defaults = PropertyChecks.defaults(Optional.empty());
        try (CamelContext context = context(defaults, values)) {
            return PropertyChecks.check(context.getPropertiesComponent(), defaults).stream()
                    .map(Throwable::getMessage).toList();
        }
    }

    /** The defaults as the property files, the values as system properties would set them (they win). */
    private static CamelContext context(Map<String, String> defaults, Map<String, String> values) {
        CamelContext context = new DefaultCamelContext();
        Properties files = new Properties();
        files.putAll(defaults);
        context.getPropertiesComponent().setInitialProperties(files);
        Properties overrides = new Properties();
        overrides.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        return context;
    }
}
