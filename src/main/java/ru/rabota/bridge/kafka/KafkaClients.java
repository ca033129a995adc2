package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Makes every long-lived Kafka client of the bundle with Micrometer's {@link KafkaClientMetrics} bound to it
 * ({@code kafka_producer_*}, {@code kafka_consumer_*} with the consumer lag, tagged {@code client_id}): camel-kafka's,
 * being its client factory ({@code camel.component.kafka.kafka-client-factory=#bean:kafkaClients}), and the bundle's
 * own (state stores, command transactions, application events, the cluster election). Bound as {@code kafkaClients}.
 * <p>
 * A client's meters leave the registry when it closes ({@link ClientMeters}: the clients are of Kafka's own classes,
 * whose fields camel-kafka's health checks read): camel-kafka replaces its clients after a broker outage, and a
 * closed client's meters would otherwise stay. {@link KafkaClientMetrics} reads a client's list of metrics again every
 * minute on a thread of its own per client (its own, so that closing stops it): a metric Kafka adds later, such as
 * the lag of a newly assigned partition, shows within a minute. Without a registry the clients are plain ones.
 */
public final class KafkaClients extends DefaultKafkaClientFactory {

    /** Null: no meters. */
    private final MeterRegistry registry;

    public KafkaClients(BridgeMeters meters) {
        this.registry = meters.registry().orElse(null);
    }

    /** Plain clients, without meters (tests of a single store). */
    public static KafkaClients unmetered() {
        return new KafkaClients(BridgeMeters.none());
    }

    @Override
    public Producer getProducer(Properties properties) {
        return producer(config(properties), null, null);
    }

    @Override
    public Consumer getConsumer(Properties properties) {
        return consumer(config(properties), null, null);
    }

    /** @param keys null: the config's {@code key.serializer}; the same for {@code values} */
    public <K, V> KafkaProducer<K, V> producer(Map<String, Object> config, Serializer<K> keys, Serializer<V> values) {
        Map<String, Object> within = batchWithinRequest(config);
        return metered(within, metered -> new KafkaProducer<>(metered, keys, values), KafkaClientMetrics::new);
    }

    /**
     * A transactional producer ({@code transactional.id} in the config) whose transactions are initialised: it fences
     * every older producer of its id and ends what they left open. Closed again when that fails.
     */
    public <K, V> KafkaProducer<K, V> transactionalProducer(Map<String, Object> config, Serializer<K> keys,
            Serializer<V> values) {
        KafkaProducer<K, V> created = producer(config, keys, values);
        try {
            created.initTransactions();
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
        return created;
    }

    /**
     * The config with {@code batch.size} at most {@code max.request.size}. Kafka's producer splits a batch the broker
     * refused as too large into batches of {@code batch.size} again: above the topic's {@code max.message.bytes}
     * (the DLQ topic's is {@code max.request.size}) two records that fit alone were batched together again and
     * again, until the producer's network thread died of a StackOverflowError and nothing more was written (seen
     * with a {@code max-request-size} of 1,100 bytes, under the 16 KB default batch).
     */
    static Map<String, Object> batchWithinRequest(Map<String, Object> config) {
        int request = size(config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 1024 * 1024);
        if (size(config.get(ProducerConfig.BATCH_SIZE_CONFIG), 16 * 1024) <= request) {
            return config;
        }
        Map<String, Object> within = new HashMap<>(config);
        within.put(ProducerConfig.BATCH_SIZE_CONFIG, request);
        return within;
    }

    private static int size(Object value, int kafkaDefault) {
        return value == null ? kafkaDefault : Integer.parseInt(String.valueOf(value).trim());
    }

    /** @param keys null: the config's {@code key.deserializer}; the same for {@code values} */
    public <K, V> KafkaConsumer<K, V> consumer(Map<String, Object> config, Deserializer<K> keys,
            Deserializer<V> values) {
        return metered(config, metered -> new KafkaConsumer<>(metered, keys, values), KafkaClientMetrics::new);
    }

    /** The client made of the config, its meters bound to the registry until it closes; a plain client without a registry. */
    private <C> C metered(Map<String, Object> config, Function<Map<String, Object>, C> client,
            Function<C, KafkaClientMetrics> meters) {
        if (registry == null) {
            return client.apply(config);
        }
        ClientMeters clientMeters = new ClientMeters();
        C made = client.apply(clientMeters.unboundOnClose(config));
        clientMeters.bind(meters.apply(made), registry);
        return made;
    }

    private static Map<String, Object> config(Properties properties) {
        Map<String, Object> config = new HashMap<>();
        properties.forEach((key, value) -> config.put((String) key, value));
        return config;
    }
}
