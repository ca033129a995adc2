package ru.rabota.bridge.applications;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;

import ru.rabota.bridge.applications.vk.StatusCommands;
import ru.rabota.bridge.applications.vk.VkApplications;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.jobs.JobsConfiguration;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds {@code applicationPublisher} (every flow that emits application events), {@code vkApplications} (the
 * steps of the VK Работа applications poll) and {@code statusCommands} (the steps of the status commands). Both find the state stores when the context starts, whichever
 * configuration binds them.
 */
public class ApplicationsConfiguration implements CamelConfiguration {

    private static final DateTimeFormatter DOCUMENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @PropertyInject(value = "bridge.state.timeout", defaultValue = "30s")
    Duration timeout;
    @PropertyInject(value = "bridge.applications.page-size", defaultValue = "50")
    int pageSize;
    @PropertyInject(value = "bridge.applications.batch-size", defaultValue = "500")
    int batchSize;
    @PropertyInject(value = "bridge.applications.overlap", defaultValue = "10m")
    Duration overlap;
    @PropertyInject(value = "bridge.applications.final-statuses", defaultValue = "declined,improper,rejected,missed,closed")
    String finalStatuses;

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        String id = optional(properties, "bridge.applications.transactional-id")
                .orElse("rabota-bridge-" + Topic.prefix(context) + "applications");
        ApplicationPublisher publisher = new ApplicationPublisher(context, id, timeout);
        context.getRegistry().bind("applicationPublisher", publisher);
        context.addService(publisher, true, false);

        Set<String> finals = Arrays.stream(finalStatuses.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        VkApplications vk = new VkApplications(context, publisher,
                new VkApplications.Settings(pageSize, batchSize, overlap,
                optional(properties, "bridge.applications.since").map(ApplicationsConfiguration::since).orElse(null),
                finals));
        context.getRegistry().bind("vkApplications", vk);
        context.addService(vk, true, false);
        context.getRegistry().bind("statusCommands", StatusCommands.class,
                () -> new StatusCommands(publisher, JobsConfiguration.bean(context, "jobRecords", JobState.class)));
    }

    /** A property without a default: absent or blank is empty. */
    private static Optional<String> optional(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** ISO-8601 with offset, or the API's own {@code 2019-03-01 00:00:00} in Moscow time. */
    static Instant since(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text, DOCUMENT_TIME).atZone(ZoneId.of("Europe/Moscow")).toInstant();
        }
    }
}
