package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of a {@link KafkaStateStore}'s three Kafka clients (its writer, its reader, the asker of its topic's
 * ends), from the brokers and security settings it was given, each bounded by the store's timeout.
 */
final class StateClientConfigs {

    private StateClientConfigs() {
    }

    static Map<String, Object> producer(Map<String, Object> client, String topic, Duration timeout) {
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "rabota-bridge-state-" + topic);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        int requestTimeout = requestTimeout(timeout);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // Kafka insists on delivery >= linger + request
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), requestTimeout + 1));
        return producerConfig;
    }

    static Map<String, Object> consumer(Map<String, Object> client, String topic, Duration timeout) {
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "rabota-bridge-state-reader-" + topic);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a missing topic is waited for: the broker would create it with its defaults, cleanup.policy=delete
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return consumerConfig;
    }

    static Map<String, Object> admin(Map<String, Object> client, String topic, Duration timeout) {
        Map<String, Object> adminConfig = new HashMap<>(client);
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "rabota-bridge-state-ends-" + topic);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout(timeout));
        return adminConfig;
    }

    private static int requestTimeout(Duration timeout) {
        return (int) Math.min(timeout.toMillis(), 30_000);
    }
}
