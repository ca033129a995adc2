package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.kafka.Topic;

/**
 * Binds the durable state stores, each on its compacted topic: {@code jobState} (external_id to job id and
 * content hash), {@code applicationState} (last status emitted per application) and {@code watermarkState}
 * (poll watermarks, tokens that must survive a restart), {@code vasState} (paid commands by request_id, daily
 * spending, the last known prices), plus the readiness check {@code state}. The context
 * starts them after the topics exist; they load in the background so start-up never waits for Kafka.
 */
public class StateConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.state.timeout")
    Duration timeout;

    @Override
    public void configure(CamelContext context) throws Exception {
        // the kafka component is configured (brokers, security) after this runs: read its settings on start
        Supplier<Map<String, Object>> clientConfig = () -> KafkaClientSettings.forClient(
                KafkaClientSettings.component(context), clientConfigNames());
        String prefix = Topic.prefix(context);
        Map<String, Topic> stores = Map.of("jobState", Topic.STATE_JOBS, "applicationState",
                Topic.STATE_APPLICATIONS, "watermarkState", Topic.STATE_WATERMARKS, "vasState", Topic.STATE_VAS);
        StateHealthCheck health = new StateHealthCheck();
        for (Map.Entry<String, Topic> store : stores.entrySet()) {
            KafkaStateStore state = new KafkaStateStore(store.getValue().topicName(prefix), clientConfig, timeout);
            context.getRegistry().bind(store.getKey(), state);
            context.addService(state, true, false);
            health.add(state);
        }
        context.getRegistry().bind("stateHealth", health);
    }

    private static Set<String> clientConfigNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.retainAll(ConsumerConfig.configNames());
        return names;
    }
}
