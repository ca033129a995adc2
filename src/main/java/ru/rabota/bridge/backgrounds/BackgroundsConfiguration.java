package ru.rabota.bridge.backgrounds;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.feed.FeedFolders;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.kafka.KafkaOutput;

/**
 * Binds {@code backgroundUploads} (route {@code backgrounds-inbox}; folders {@code bridge.backgrounds.done} and
 * {@code bridge.backgrounds.error}, by default {@code done} and {@code error} beside {@code bridge.backgrounds.inbox})
 * and {@code backgroundCommands} (route {@code backgrounds-command}).
 */
public class BackgroundsConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.backgrounds.inbox", defaultValue = "backgrounds/inbox")
    String inbox;

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        FeedFolders folders = FeedFolders.of(inbox, properties.resolveProperty("bridge.backgrounds.done").orElse(null),
                properties.resolveProperty("bridge.backgrounds.error").orElse(null));
        Registry registry = context.getRegistry();
        registry.bind("backgroundUploads", BackgroundUploads.class, () -> new BackgroundUploads(
                CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class),
                CamelContextHelper.mandatoryLookup(context, "kafkaOutput", KafkaOutput.class), folders));
        registry.bind("backgroundCommands", BackgroundCommands.class,
                () -> new BackgroundCommands(
                        CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class)));
    }
}
