package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

    @Test
    void aRefusedCredentialDoesNotTakeAPodOutOfTheElectionWhereReadinessElects() {
        assertThat(ReadinessCheck.countsForReadiness(context("false", "kubernetes"))).isTrue();
        assertThat(ReadinessCheck.countsForReadiness(context("true", "kafka"))).isTrue();
        // before, hh.ru's refusal took each leader in turn out of readiness, hence out of the Lease's election,
        // until no pod was ready and the VK Работа polls had stopped too
        assertThat(ReadinessCheck.countsForReadiness(context("true", "kubernetes"))).isFalse();
        assertThat(new ReadinessCheck("x", false) {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.down();
            }
        }.isReadiness()).isFalse();
    }

    private static CamelContext context(String clusterEnabled, String mode) {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("bridge.cluster.enabled", clusterEnabled);
        properties.put("bridge.cluster.mode", mode);
        context.getPropertiesComponent().setInitialProperties(properties);
        return context;
    }
}
