package ru.rabota.bridge.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The kafka component's own client settings (brokers, SSL, SASL) for the bundle's plain Kafka clients (topic
 * creation, state stores), so that they reach the same cluster the same way the routes do.
 */
public final class KafkaClientSettings {

    private static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private KafkaClientSettings() {
    }

    /**
     * The component's settings, with Camel's global SSL context ({@code camel.ssl.*}) when the component is told to
     * use it ({@code use-global-ssl-context-parameters}) and names none of its own: camel-kafka gives it only to its
     * endpoints' copies of these settings.
     */
    public static KafkaConfiguration component(CamelContext context) {
        KafkaComponent component = context.getComponent("kafka", KafkaComponent.class);
        KafkaConfiguration kafka = component.getConfiguration();
        if (kafka.getSslContextParameters() == null && component.isUseGlobalSslContextParameters()
                && context.getSSLContextParameters() != null) {
            kafka = kafka.copy();
            kafka.setSslContextParameters(context.getSSLContextParameters());
        }
        return kafka;
    }

    /**
     * The output producer's settings ({@link KafkaOutput}: dead letters, feed events, the company's changes): the
     * component's, with {@code acks=all} and idempotence whatever it says, as the state stores' and the transactions'
     * producers have. The component is the whole context's: a runtime the routes are dropped into may lower its
     * {@code request-required-acks} for routes of its own, and a dead letter acknowledged by the leader alone (or by
     * nobody, {@code acks=0}) is lost with it while the command it stands for is committed.
     */
    public static Map<String, Object> outputProducer(CamelContext context, String clientId) {
        Map<String, Object> config = forClient(component(context), ProducerConfig.configNames());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /**
     * A transactional producer's settings: the component's, with {@code acks=all}, idempotence, and Kafka's waits
     * (metadata, requests, delivery) and the transaction's life on the broker bounded by {@code timeout}.
     */
    public static Map<String, Object> transactionalProducer(CamelContext context, String transactionalId,
            String clientId, Duration timeout) {
        Map<String, Object> config = forClient(component(context), ProducerConfig.configNames());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        int requestTimeout = (int) Math.min(timeout.toMillis(), 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // Kafka insists on delivery >= linger + request
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), requestTimeout + 5));
        // a transaction lives no longer than the bundle waits for its commit: one that a process killed meanwhile
        // left open holds read_committed readers of its partitions (and a command consumer's group its offsets)
        // until the broker aborts it, 60 s by default; the command answers' transactional ids are the process's own,
        // so no later producer ends it. At most the brokers' default transaction.max.timeout.ms (15 min), above which
        // they refuse the producer. An explicit camel.component.kafka.additional-properties[transaction.timeout.ms]
        // wins
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                (int) Math.min(timeout.toMillis(), MAX_TRANSACTION_TIMEOUT.toMillis()));
        return config;
    }

    /** The component's settings that a client with these config names understands, brokers included. */
    public static Map<String, Object> forClient(KafkaConfiguration kafka, Set<String> clientConfigNames) {
        Map<String, Object> config = new HashMap<>();
        kafka.createProducerProperties().forEach((key, value) -> {
            if (clientConfigNames.contains((String) key)) {
                config.put((String) key, value);
            }
        });
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        return config;
    }
}
