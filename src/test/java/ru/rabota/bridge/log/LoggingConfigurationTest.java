package ru.rabota.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainHelper;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.LogCapture;

/** What log4j2.properties leaves out of the log, and what it keeps. */
class LoggingConfigurationTest {

    private static final Logger SENDER = LoggerFactory.getLogger(
            "org.apache.kafka.clients.producer.internals.Sender");

    @Test
    void aFencedApplicationEventsProducerIsNoErrorLineButOtherProducersFatalErrorsAre() {
        try (LogCapture logs = new LogCapture()) {
            // as Kafka's client writes it (its LogContext's prefix), when an instance answering a status command
            // fences the active poller's producer, or the other way round
            SENDER.error("[Producer clientId=rabota-bridge-applications, transactionalId=rabota-bridge-acme."
                    + "applications] Aborting producer batches due to fatal error",
                    new ProducerFencedException("There is a newer producer with the same transactionalId"));
            assertThat(logs.lines("ERROR", "")).isZero();

            SENDER.error("[Producer clientId=rabota-bridge-jobs-from-kafka, transactionalId=rabota-bridge-acme.jobs]"
                    + " Aborting producer batches due to fatal error", new ProducerFencedException("another"));
            assertThat(logs.lines("ERROR", "Aborting producer batches")).isOne();
        }
    }

    @Test
    void theStartsSummaryShowsNoSecretOfKafkasAdditionalProperties() throws Exception {
        Logger summary = LoggerFactory.getLogger(BaseMainSupport.class);
        try (LogCapture logs = new LogCapture(); DefaultCamelContext context = new DefaultCamelContext()) {
            Properties defaults = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
                defaults.load(in);
            }
            context.getCamelContextExtension().setAdditionalSensitiveKeywords(
                    defaults.getProperty("camel.main.additional-sensitive-keywords"));
            // as Camel Main writes its auto-configuration summary: it masks an option by the name after the key's
            // last dot, and "config]" or "password]" is none it knows, so these values were printed at INFO
            for (String key : new String[] {"additionalProperties[sasl.jaas.config]",
                    "additionalProperties[ssl.truststore.password]", "additionalProperties[basic.auth.user.info]",
                    "additionalProperties[sasl.oauthbearer.client.credentials.client.secret]"}) {
                MainHelper.sensitiveAwareLogging(context, summary, "camel.component.kafka." + key, "Kx9-secret",
                        "[JVM System Property]         ", false);
            }
            MainHelper.sensitiveAwareLogging(context, summary, "camel.component.kafka.additionalProperties"
                    + "[max.poll.records]", "500", "[application.properties]      ", false);

            assertThat(logs.text()).doesNotContain("Kx9-secret");
            assertThat(logs.lines("INFO", "additionalProperties[sasl.jaas.config] = xxxxxx")).isOne();
            assertThat(logs.lines("INFO", "additionalProperties[max.poll.records] = 500")).isOne();
        }
    }
}
