package ru.rabota.bridge.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class EnvironmentOverridesTest {

    @Test
    void componentOptionsAndTheBundlesKeysComeFromTheirVariables() {
        Properties systemProperties = new Properties();
        systemProperties.setProperty("camel.server.port", "8081");

        assertThat(EnvironmentOverrides.overrides(Map.of(
                "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required;",
                "CAMEL_COMPONENT_HTTP_PROXY_HOST", "proxy.corp",
                "CAMEL_COMPONENT_PLATFORM_HTTP_SERVER_PORT", "8080",
                "CAMEL_COMPONENT_NO_SUCH_THING_X", "1",
                "CAMEL_MANAGEMENT_PORT", "9999",
                "CAMEL_HEALTH_EXPOSURE_LEVEL", "oneline",
                "CAMEL_SERVER_PORT", "8082",
                "CAMEL_MAIN_NAME", "left to Camel",
                "BRIDGE_VK_LOGIN", "acme",
                "PATH", "/usr/bin"),
                List.of("camel.management.port", "camel.health.exposure-level", "camel.server.port",
                        "camel.main.name", "bridge.vk.login"),
                systemProperties))
                .containsOnly(
                        Map.entry("camel.component.kafka.sasl-jaas-config", "PlainLoginModule required;"),
                        Map.entry("camel.component.http.proxy-host", "proxy.corp"),
                        Map.entry("camel.component.platform-http.server-port", "8080"),
                        Map.entry("camel.management.port", "9999"),
                        Map.entry("camel.health.exposure-level", "oneline"),
                        Map.entry("bridge.vk.login", "acme"));
    }

    @Test
    void aSystemPropertyWinsOverAVariable() {
        Properties systemProperties = new Properties();
        systemProperties.setProperty("camel.component.kafka.brokers", "kafka:9092");
        systemProperties.setProperty("bridge.vk.login", "acme");

        assertThat(EnvironmentOverrides.overrides(Map.of("CAMEL_COMPONENT_KAFKA_BROKERS", "other:9092",
                "BRIDGE_VK_LOGIN", "other"), List.of("bridge.vk.login"), systemProperties)).isEmpty();
    }

    /**
     * A Kubernetes Secret made from a file an editor or {@code echo} ended with a line break gives the variable that
     * line break: a password sent with it is refused, a token in a header fails the request. A property file's value
     * is trimmed by Camel; a variable's is not.
     */
    @Test
    void aSecretsTrailingLineBreakIsNotPartOfIt() {
        assertThat(EnvironmentOverrides.overrides(Map.of(
                "BRIDGE_VK_PASSWORD", "s3cret\n",
                "BRIDGE_HH_ACCESS_TOKEN", "APPL1\r\n",
                "BRIDGE_VK_LOGIN", "acme",
                "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required;\n"),
                List.of("bridge.vk.password", "bridge.hh.access-token", "bridge.vk.login"), new Properties()))
                .containsOnly(
                        Map.entry("bridge.vk.password", "s3cret"),
                        Map.entry("bridge.hh.access-token", "APPL1"),
                        Map.entry("bridge.vk.login", "acme"),
                        Map.entry("camel.component.kafka.sasl-jaas-config", "PlainLoginModule required;"));
    }
}
