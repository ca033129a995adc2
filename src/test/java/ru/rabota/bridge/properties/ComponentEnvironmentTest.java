package ru.rabota.bridge.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ComponentEnvironmentTest {

    @Test
    void aComponentsVariablesBecomeItsOptionsAndOthersAreLeftAlone() {
        assertThat(ComponentEnvironment.properties(Map.of(
                "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required;",
                "CAMEL_COMPONENT_HTTP_PROXY_HOST", "proxy.corp",
                "CAMEL_COMPONENT_PLATFORM_HTTP_SERVER_PORT", "8080",
                "CAMEL_COMPONENT_NO_SUCH_THING_X", "1",
                "BRIDGE_VK_LOGIN", "acme",
                "PATH", "/usr/bin")))
                .containsOnly(
                        Map.entry("camel.component.kafka.sasl-jaas-config", "PlainLoginModule required;"),
                        Map.entry("camel.component.http.proxy-host", "proxy.corp"),
                        Map.entry("camel.component.platform-http.server-port", "8080"));
    }
}
