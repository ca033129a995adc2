package ru.rabota.bridge.state;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.function.Suppliers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.MisconfiguredTopicStop;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Binds the durable state stores, each on its compacted topic: {@code jobState} (external_id to job id and content
 * hash), {@code applicationState} (last status emitted per application) and {@code watermarkState} (poll watermarks,
 * tokens that must survive a restart), {@code vasState} (paid commands by request_id, daily spending, the last known
 * prices), plus the readiness check {@code state} ({@code stateHealth}). The context starts them after the topics
 * exist; they load in the background so start-up never waits for Kafka. A load that finds partitions added to its topic
 * ends the start ({@link MisconfiguredTopicStop}). Also the readers of two output topics that a flow compares what it
 * sends with: {@code companyRecords} and {@code referenceRecords}. Each store's keys are the gauge
 * {@code bridge_state_keys{topic}}.
 */
public class StateConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.state.timeout")
    Duration timeout;

    @Override
    public void configure(CamelContext context) {
        // built now, so that the stores start (and load) and stop with the context
        context.getRegistry().lookupByName("stateHealth");
    }

    @BindToRegistry(value = "jobState", lazy = true)
    public KafkaStateStore jobState(CamelContext context) throws Exception {
        return store(context, Topic.STATE_JOBS);
    }

    @BindToRegistry(value = "applicationState", lazy = true)
    public KafkaStateStore applicationState(CamelContext context) throws Exception {
        return store(context, Topic.STATE_APPLICATIONS);
    }

    @BindToRegistry(value = "watermarkState", lazy = true)
    public KafkaStateStore watermarkState(CamelContext context) throws Exception {
        return store(context, Topic.STATE_WATERMARKS);
    }

    @BindToRegistry(value = "vasState", lazy = true)
    public KafkaStateStore vasState(CamelContext context) throws Exception {
        return store(context, Topic.STATE_VAS);
    }

    @BindToRegistry("misconfiguredTopicStop")
    public MisconfiguredTopicStop misconfiguredTopicStop(CamelContext context) {
        return new MisconfiguredTopicStop(context);
    }

    @BindToRegistry(value = "stateHealth", lazy = true)
    public StateHealthCheck stateHealth(@BeanInject("jobState") KafkaStateStore jobs,
            @BeanInject("applicationState") KafkaStateStore applications,
            @BeanInject("watermarkState") KafkaStateStore watermarks, @BeanInject("vasState") KafkaStateStore vas) {
        StateHealthCheck health = new StateHealthCheck();
        List.of(jobs, applications, watermarks, vas).forEach(health::add);
        return health;
    }

    /**
     * The reader of {@code rabota.company} (an output topic, compacted), made and started at the first company poll and
     * stopped with the context: the poll reads what it sent before with it, across restarts and instances, and an
     * instance that never polls makes none. One reader, not one a poll: through a Kafka outage it says once that it
     * cannot read (one WARN line, one INFO line when it reads again), and each poll reads only what is new.
     */
    @BindToRegistry(value = "companyRecords", lazy = true)
    public Supplier<KafkaStateStore> companyRecords(CamelContext context) {
        return Suppliers.memorize(() -> {
            KafkaStateStore reader = reader(context, Topic.COMPANY).readOnly();
            try {
                context.addService(reader, true, true);
            } catch (Exception e) {
                throw RuntimeCamelException.wrapRuntimeException(e);
            }
            return reader;
        });
    }

    /**
     * Makes readers of {@code rabota.reference} (an output topic, compacted), not started: a refresh of the reference
     * data compares what it read with what the topic holds, across restarts and instances.
     */
    @BindToRegistry(value = "referenceRecords", lazy = true)
    public Supplier<KafkaStateStore> referenceRecords(CamelContext context) {
        // the readers a stop finds still loading are let go at once, as the stores are; weakly held: each refresh
        // makes one and stops it
        Set<KafkaStateStore> readers = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
        whenStopping(context, () -> {
            synchronized (readers) {
                readers.forEach(KafkaStateStore::stopWaitingForTheLoad);
            }
        });
        return () -> {
            KafkaStateStore reader = reader(context, Topic.REFERENCE).readOnly();
            readers.add(reader);
            return reader;
        };
    }

    private KafkaStateStore store(CamelContext context, Topic topic) throws Exception {
        KafkaStateStore store = reader(context, topic);
        context.addService(store, true, false);
        context.getRegistry().lookupByNameAndType("bridgeMeters", BridgeMeters.class)
                // NaN until loaded, without waiting for it: the management server answers its requests one after
                // another, and a scrape that waited for a load (Kafka away: the state timeout, for each state topic)
                // held the liveness probes behind it until the kubelet restarted the pod
                .stateKeys(topic.baseName(), () -> store.isLoaded() ? store.size() : Double.NaN);
        whenStopping(context, store::stopWaitingForTheLoad);
        return store;
    }

    /**
     * At the start of the context's stop: the routes stop before the services, and their runs waiting for a load
     * that cannot end (Kafka away) are let go at once rather than after the store's timeout.
     */
    private static void whenStopping(CamelContext context, Runnable letGo) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext stopping) {
                letGo.run();
            }
        });
    }

    private KafkaStateStore reader(CamelContext context, Topic topic) {
        // the kafka component is configured (brokers, security) after the configurations: read its settings on start
        Supplier<Map<String, Object>> clientConfig = () -> KafkaClientSettings.forClient(
                KafkaClientSettings.component(context), clientConfigNames());
        return new KafkaStateStore(topic.topicName(Topic.prefix(context)), clientConfig,
                context.getRegistry().lookupByNameAndType("kafkaClients", KafkaClients.class), timeout)
                .whenRefused(context.getRegistry().lookupByNameAndType("misconfiguredTopicStop",
                        MisconfiguredTopicStop.class)::stop);
    }

    private static Set<String> clientConfigNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.retainAll(ConsumerConfig.configNames());
        return names;
    }
}
