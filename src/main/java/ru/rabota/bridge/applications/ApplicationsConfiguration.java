package ru.rabota.bridge.applications;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;

import ru.rabota.bridge.kafka.Topic;

/**
 * Binds {@code applicationPublisher}, which every flow that emits application events uses (the VK Работа poll's
 * beans are bound by {@code applications.vk.VkApplicationsConfiguration}); it finds the state stores when the
 * context starts, whichever configuration binds them.
 */
public class ApplicationsConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.state.timeout", defaultValue = "30s")
    Duration timeout;

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        String id = optional(properties, "bridge.applications.transactional-id")
                .orElse("rabota-bridge-" + Topic.prefix(context) + "applications");
        ApplicationPublisher publisher = new ApplicationPublisher(context, id, timeout);
        context.getRegistry().bind("applicationPublisher", publisher);
        context.addService(publisher, true, false);
    }

    /** A property without a default: absent or blank is empty. */
    private static Optional<String> optional(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty());
    }
}
