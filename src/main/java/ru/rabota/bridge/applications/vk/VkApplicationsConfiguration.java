package ru.rabota.bridge.applications.vk;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds {@code vkApplications} (the steps of the VK Работа applications poll) and {@code statusCommands} (the
 * steps of the status commands).
 */
public class VkApplicationsConfiguration implements CamelConfiguration {

    private static final DateTimeFormatter DOCUMENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @PropertyInject("bridge.applications.page-size")
    int pageSize;
    @PropertyInject("bridge.applications.batch-size")
    int batchSize;
    @PropertyInject("bridge.applications.overlap")
    Duration overlap;
    @PropertyInject("bridge.applications.final-statuses")
    String finalStatuses;
    /** Empty: every application. */
    @PropertyInject("bridge.applications.since")
    String since;

    /** The settings, checked at start-up (the poll's bean is made at its first run). */
    @Override
    public void configure(CamelContext context) {
        finals(finalStatuses);
    }

    /**
     * {@code bridge.applications.final-statuses}: VK Работа's statuses, comma-separated, at least one; a misspelt
     * one never matched, and every application of its jobs was read again at each re-scan.
     */
    static Set<String> finals(String statuses) {
        Set<String> finals = Arrays.stream(statuses.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (finals.isEmpty() || !StatusCommands.STATUSES.containsAll(finals)) {
            throw new InvalidPropertyException("bridge.applications.final-statuses", statuses,
                    "a comma-separated list of VK Работа's application statuses " + StatusCommands.STATUSES);
        }
        return finals;
    }

    @BindToRegistry(value = "vkApplications", lazy = true)
    public VkApplications vkApplications(@BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("applicationState") KafkaStateStore applicationState,
            @BeanInject("jobRecords") JobState jobIds, @BeanInject("watermarkState") KafkaStateStore watermarkState,
            @BeanInject("deadLetters") DeadLetters deadLetters) {
        return new VkApplications(publisher, applicationState, jobIds, watermarkState, deadLetters,
                new VkApplications.Settings(
                pageSize, batchSize, overlap, since.isBlank() ? null : parseSince(since.trim()), finals(finalStatuses)));
    }

    @BindToRegistry(value = "statusCommands", lazy = true)
    public StatusCommands statusCommands(@BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("jobRecords") JobState jobIds) {
        return new StatusCommands(publisher, jobIds);
    }

    /** ISO-8601 with offset, or the API's own {@code 2019-03-01 00:00:00} in Moscow time. */
    static Instant parseSince(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text, DOCUMENT_TIME).atZone(ZoneId.of("Europe/Moscow")).toInstant();
        }
    }
}
