package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The bundle's own producers are durable whatever the kafka component says: the component is the whole context's,
 * and a runtime the routes are dropped into (README "Into your own Camel runtime") may tune it for routes of its own.
 */
class KafkaClientSettingsTest {

    @Test
    void theOutputProducerWaitsForEveryReplicaWhateverTheComponentSays() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
            kafka.getConfiguration().setBrokers("broker-1:9092");
            // a host's own fire-and-forget telemetry: Kafka refuses idempotence without acks=all
            kafka.getConfiguration().setRequestRequiredAcks("1");
            kafka.getConfiguration().setEnableIdempotence(false);

            assertThat(KafkaClientSettings.outputProducer(context, "rabota-bridge-output"))
                    .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                    .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                    .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "rabota-bridge-output")
                    .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9092");
        }
    }
}
