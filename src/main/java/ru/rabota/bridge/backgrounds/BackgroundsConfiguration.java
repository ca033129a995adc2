package ru.rabota.bridge.backgrounds;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.feed.FeedFolders;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.log.InboxExceptionHandler;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Binds {@code backgroundUploads} (route {@code backgrounds-inbox}; folders {@code bridge.backgrounds.done} and
 * {@code bridge.backgrounds.error}, when empty {@code done} and {@code error} beside {@code bridge.backgrounds.inbox})
 * and {@code backgroundCommands} (route {@code backgrounds-command}).
 */
public class BackgroundsConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.backgrounds.inbox")
    String inbox;
    @PropertyInject("bridge.backgrounds.done")
    String done;
    @PropertyInject("bridge.backgrounds.error")
    String error;

    @BindToRegistry(value = "backgroundUploads", lazy = true)
    public BackgroundUploads backgroundUploads(@BeanInject("jobRecords") JobState jobIds,
            @BeanInject("kafkaOutput") KafkaOutput output, @BeanInject("bridgeMeters") BridgeMeters meters) {
        return new BackgroundUploads(jobIds, output, meters, FeedFolders.of(inbox, done, error));
    }

    /** The inbox consumer's exception handler: a file it cannot take is one WARN line, not one per poll. */
    @BindToRegistry("backgroundsInboxExceptions")
    public InboxExceptionHandler backgroundsInboxExceptions() {
        return new InboxExceptionHandler("background image");
    }

    @BindToRegistry(value = "backgroundCommands", lazy = true)
    public BackgroundCommands backgroundCommands(@BeanInject("jobRecords") JobState jobIds) {
        return new BackgroundCommands(jobIds);
    }
}
