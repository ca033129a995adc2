package ru.rabota.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.testing.TestKafka;

/** The Kafka clients' meters, against the test broker: there while a client lives, gone once it closed. */
class KafkaClientsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaClients clients = new KafkaClients(meters(registry));

    @Test
    void aConsumersMetersLeaveTheRegistryWhenItCloses() {
        KafkaConsumer<String, String> consumer = clients.consumer(config("kafka-clients-test-consumer"),
                new StringDeserializer(), new StringDeserializer());

        assertThat(meters("kafka-clients-test-consumer")).extracting(meter -> meter.getId().getName())
                .contains("kafka.consumer.fetch.manager.records.lag.max",
                        "kafka.consumer.fetch.manager.records.consumed.total");
        consumer.close();
        assertThat(meters("kafka-clients-test-consumer")).isEmpty();
    }

    @Test
    void aProducersMetersLeaveTheRegistryWhenItCloses() {
        KafkaProducer<String, String> producer = clients.producer(config("kafka-clients-test-producer"),
                new StringSerializer(), new StringSerializer());

        assertThat(meters("kafka-clients-test-producer")).extracting(meter -> meter.getId().getName())
                .contains("kafka.producer.record.send.total", "kafka.producer.record.error.total");
        producer.close(Duration.ofSeconds(5));
        assertThat(meters("kafka-clients-test-producer")).isEmpty();
    }

    @Test
    void camelKafkaGetsClientsOfKafkasOwnClasses() {
        // its health checks read the network client by getClass().getDeclaredField: a subclass's checks stayed UP
        // while the brokers were down
        Properties properties = new Properties();
        properties.putAll(config("kafka-clients-test-camel"));
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());

        try (Consumer<?, ?> consumer = clients.getConsumer(properties);
                Producer<?, ?> producer = clients.getProducer(properties)) {
            assertThat(consumer.getClass()).isEqualTo(KafkaConsumer.class);
            assertThat(producer.getClass()).isEqualTo(KafkaProducer.class);
            assertThat(meters("kafka-clients-test-camel")).isNotEmpty();
        }
        assertThat(meters("kafka-clients-test-camel")).isEmpty();
    }

    private List<Meter> meters(String clientId) {
        return registry.getMeters().stream().filter(meter -> clientId.equals(meter.getId().getTag("client.id")))
                .toList();
    }

    private static Map<String, Object> config(String clientId) {
        Map<String, Object> config = new HashMap<>(TestKafka.clientConfig());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** The registry as Camel finds it in a context. */
    private static BridgeMeters meters(MeterRegistry registry) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        return BridgeMeters.of(context);
    }

    @Test
    void aProducersBatchIsNeverLargerThanItsRequest() {
        assertThat(KafkaClients.batchWithinRequest(Map.of("max.request.size", "1100")))
                .containsEntry("batch.size", 1100);
        assertThat(KafkaClients.batchWithinRequest(Map.of("max.request.size", 1100, "batch.size", "500")))
                .containsEntry("batch.size", "500");
        assertThat(KafkaClients.batchWithinRequest(Map.of())).doesNotContainKey("batch.size");
    }
}
