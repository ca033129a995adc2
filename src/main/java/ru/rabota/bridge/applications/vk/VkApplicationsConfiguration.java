package ru.rabota.bridge.applications.vk;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
import ru.rabota.bridge.applications.ApplicationRetention;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds {@code vkApplications} (the steps of the VK Работа applications poll), {@code vkApplicationsRetention} (what
 * the application state's retention may forget of them) and {@code statusCommands} (the steps of the status
 * commands).
 */
public class VkApplicationsConfiguration implements CamelConfiguration {

    private static final int ISO_DATE_LENGTH = "2019-03-01".length();
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

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
        since(since);
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
                pageSize, batchSize, overlap, since(since), finals(finalStatuses)));
    }

    @BindToRegistry(value = "vkApplicationsRetention", lazy = true)
    public ApplicationRetention.Rule vkApplicationsRetention(
            @BeanInject("watermarkState") KafkaStateStore watermarkState) {
        return new VkRetentionRule(watermarkState, overlap, finals(finalStatuses));
    }

    @BindToRegistry(value = "statusCommands", lazy = true)
    public StatusCommands statusCommands(@BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("jobRecords") JobState jobIds) {
        return new StatusCommands(publisher, jobIds);
    }

    /**
     * {@code bridge.applications.since}: null when blank (all history); ISO-8601 with an offset, or without one
     * ({@code 2019-03-01T00:00}, {@code 2019-03-01}) and the API's own {@code 2019-03-01 00:00:00} in Moscow time,
     * as the API's times are. A value none of these reads stops the start (it failed every poll before).
     */
    static Instant since(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                // the API's own form has a space for ISO's T
                LocalDateTime local = value.length() == ISO_DATE_LENGTH ? LocalDate.parse(value).atStartOfDay()
                        : LocalDateTime.parse(value.replace(' ', 'T'));
                return local.atZone(MOSCOW).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidPropertyException("bridge.applications.since", value, "a time in ISO-8601"
                        + " (2019-03-01T00:00:00+03:00; without an offset, or a date, in Moscow time) or as the API"
                        + " writes it (2019-03-01 00:00:00, Moscow time)");
            }
        }
    }
}
