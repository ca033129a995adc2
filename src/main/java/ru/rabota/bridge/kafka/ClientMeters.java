package ru.rabota.bridge.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The meters of one Kafka client ({@link KafkaClientMetrics}), bound once the client is made and unbound when it
 * closes, the client staying of Kafka's own class: camel-kafka's health checks read the network client of a
 * {@code KafkaConsumer} or {@code KafkaProducer} through {@code getClass().getDeclaredField}, which finds nothing in
 * a subclass, and a subclass's checks stayed UP while the brokers were down. The client's config names
 * {@link UnbindOnClose} among its interceptors, which Kafka closes as it closes the client.
 */
final class ClientMeters {

    /** The config entry that hands the interceptor its meters (Kafka gives interceptors the client's config). */
    private static final String ENTRY = "rabota.bridge.client-meters";
    /** The producer's key is the same. */
    private static final String INTERCEPTORS = ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG;

    private volatile KafkaClientMetrics bound;

    /** The config with an interceptor that unbinds these meters when its client closes, after its own interceptors. */
    Map<String, Object> unboundOnClose(Map<String, Object> config) {
        List<Object> interceptors = new ArrayList<>(interceptors(config.get(INTERCEPTORS)));
        interceptors.add(UnbindOnClose.class);
        Map<String, Object> with = new HashMap<>(config);
        with.put(INTERCEPTORS, interceptors);
        with.put(ENTRY, this);
        return with;
    }

    /** Kafka's list of classes: a list, or names separated by commas. */
    private static Collection<?> interceptors(Object configured) {
        if (configured == null) {
            return List.of();
        }
        if (configured instanceof Collection<?> list) {
            return list;
        }
        return Arrays.stream(String.valueOf(configured).split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList();
    }

    /** @param meters the client's, once it is made */
    void bind(KafkaClientMetrics meters, MeterRegistry registry) {
        meters.bindTo(registry);
        bound = meters;
    }

    /** None bound when the client's constructor failed (Kafka closes the interceptors it made). */
    private void unbind() {
        KafkaClientMetrics meters = bound;
        if (meters != null) {
            meters.close();
        }
    }

    /** Unbinds its client's meters when Kafka closes it with the client. */
    public static final class UnbindOnClose extends PassingInterceptor {

        private ClientMeters meters;

        @Override
        public void configure(Map<String, ?> config) {
            meters = (ClientMeters) config.get(ENTRY);
        }

        @Override
        public void close() {
            meters.unbind();
        }
    }
}
