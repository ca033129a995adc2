package ru.rabota.bridge.applications;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaClients;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds {@code applicationPublisher}, which every flow that emits application events uses, and
 * {@code applicationRetention}, with the rules the sources bind ({@value #VK_RULE}, {@value #HH_RULE}; the VK Работа
 * poll's beans are bound by {@code applications.vk.VkApplicationsConfiguration}, hh.ru's by
 * {@code hh.HhConfiguration}).
 */
public class ApplicationsConfiguration implements CamelConfiguration {

    static final String VK_RULE = "vkApplicationsRetention";
    static final String HH_RULE = "hhApplicationsRetention";

    @PropertyInject("bridge.state.timeout")
    Duration timeout;
    /** Empty: {@code rabota-bridge-<bridge.topics.prefix>applications}. */
    @PropertyInject("bridge.applications.transactional-id")
    String transactionalId;
    @PropertyInject("camel.component.kafka.max-request-size")
    int maxRequestSize;
    @PropertyInject("bridge.applications.retention")
    Duration retention;

    @Override
    public void configure(CamelContext context) {
        // built now, so that it starts and stops with the context
        context.getRegistry().lookupByName("applicationPublisher");
    }

    @BindToRegistry(value = "applicationPublisher", lazy = true)
    public ApplicationPublisher applicationPublisher(CamelContext context,
            @BeanInject("kafkaClients") KafkaClients clients, @BeanInject("bridgeMeters") BridgeMeters meters,
            @BeanInject("applicationState") KafkaStateStore applicationState,
            @BeanInject("watermarkState") KafkaStateStore watermarkState,
            @BeanInject("pollerLeadership") PollerLeadership leadership,
            @BeanInject("deadLetters") DeadLetters deadLetters) throws Exception {
        String id = transactionalId.isBlank() ? "rabota-bridge-" + Topic.prefix(context) + "applications"
                : transactionalId.trim();
        ApplicationPublisher publisher = new ApplicationPublisher(context, clients, meters, id, timeout,
                applicationState, watermarkState, leadership, deadLetters, maxRequestSize);
        context.addService(publisher, true, false);
        return publisher;
    }

    @BindToRegistry(value = "applicationRetention", lazy = true)
    public ApplicationRetention applicationRetention(CamelContext context,
            @BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("applicationState") KafkaStateStore applicationState,
            @BeanInject("watermarkState") KafkaStateStore watermarkState) {
        return new ApplicationRetention(applicationState, watermarkState, publisher, retention, Clock.systemUTC(),
                () -> Stream.of(VK_RULE, HH_RULE)
                        .map(name -> context.getRegistry().lookupByNameAndType(name, ApplicationRetention.Rule.class))
                        .filter(Objects::nonNull).toList());
    }
}
