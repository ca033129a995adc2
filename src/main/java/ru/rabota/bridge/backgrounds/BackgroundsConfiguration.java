package ru.rabota.bridge.backgrounds;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.feed.FeedFolders;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.kafka.KafkaOutput;

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

    @Override
    public void configure(CamelContext context) {
        FeedFolders folders = FeedFolders.of(inbox, done, error);
        Registry registry = context.getRegistry();
        registry.bind("backgroundUploads", BackgroundUploads.class, () -> new BackgroundUploads(
                CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class),
                CamelContextHelper.mandatoryLookup(context, "kafkaOutput", KafkaOutput.class), folders));
        registry.bind("backgroundCommands", BackgroundCommands.class,
                () -> new BackgroundCommands(
                        CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class)));
    }
}
