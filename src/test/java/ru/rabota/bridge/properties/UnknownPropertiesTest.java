package ru.rabota.bridge.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A misspelt setting, wherever it is set, is named with the setting it is closest to. */
class UnknownPropertiesTest {

    @Test
    void aMisspeltSettingIsNamedWithTheOneItIsClosestTo() throws Exception {
        Map<String, String> defaults = PropertyChecks.defaults(Optional.empty());
        Properties files = new Properties();
        files.putAll(defaults);
        files.put("bridge.hh.vacancy-id", "123");
        files.put("bridge.vas.daily-limit.job_highlight", "3");
        files.put("bridge.company.alert.balance", "500");
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(files);

            assertThat(UnknownProperties.report(context.getPropertiesComponent(), defaults.keySet(),
                    Map.of("bridge.jobs.concurency", "4", "bridge.config", "acme.properties", "java.version", "17"),
                    Map.of("BRIDGE_VK_LOGN", "acme", "BRIDGE_VK_PASSWORD", "secret", "BRIDGE_HH_WEBHOOK_PUBLIC_URL",
                            "https://bridge.acme.ru", "BRIDGE_VAS_DAILY_LIMIT_JOB_HIGHLIGHT", "2",
                            "BRIDGE_SOMETHING_ELSE_ENTIRELY", "x", "PATH", "/bin",
                            // a Kubernetes Service named bridge: its links are nobody's setting
                            "BRIDGE_SERVICE_HOST", "10.0.0.7", "BRIDGE_PORT_8080_TCP", "tcp://10.0.0.7:8080")))
                    .containsExactly(
                    "bridge.hh.vacancy-id (a properties file) is no setting of the bundle and changes nothing; did"
                            + " you mean bridge.hh.vacancy-ids?",
                    "bridge.jobs.concurency (a system property) is no setting of the bundle and changes nothing;"
                            + " did you mean bridge.jobs.concurrency?",
                    "BRIDGE_SOMETHING_ELSE_ENTIRELY (the environment) is no setting of the bundle and changes"
                            + " nothing",
                    "BRIDGE_VK_LOGN (the environment) is no setting of the bundle and changes nothing; did you mean"
                            + " BRIDGE_VK_LOGIN?");
        }
    }

    @Test
    void aMisspeltGroupOfCamelsSettingsIsNamedWithTheOneItIsClosestTo() throws Exception {
        Properties files = new Properties();
        // set the management port to nothing, without a word
        files.put("camel.managment.port", "23013");
        files.put("camel.componet.kafka.brokers", "kafka:9092");
        // Camel's own, however written, and a group far from all (a module's, a host's): nothing to say
        files.put("camel.route-controller.back-off-delay", "5000");
        files.put("camel.component.kafka.brokers", "kafka:9092");
        files.put("camel.variable.greeting", "hello");
        files.put("camel.acme.anything", "x");
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(files);

            assertThat(UnknownProperties.report(context.getPropertiesComponent(), Set.of(),
                    Map.of("camel.mangement.port", "9000"), Map.of())).containsExactly(
                    "camel.componet.kafka.brokers (a properties file) is no setting of Camel's and changes nothing;"
                            + " did you mean camel.component.kafka.brokers?",
                    "camel.managment.port (a properties file) is no setting of Camel's and changes nothing; did you"
                            + " mean camel.management.port?",
                    "camel.mangement.port (a system property) is no setting of Camel's and changes nothing; did you"
                            + " mean camel.management.port?");
        }
    }

    @Test
    void theEditDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(UnknownProperties.distance("concurency", "concurrency")).isEqualTo(1);
        assertThat(UnknownProperties.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(UnknownProperties.distance("", "abc")).isEqualTo(3);
    }
}
