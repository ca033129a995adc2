package ru.rabota.bridge.feed;

import java.util.Locale;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobEvents;
import ru.rabota.bridge.kafka.DeadLetters;

/**
 * Binds {@code feedProcessor} ({@link FeedProcessor}, the processor of route {@code jobs-from-feed}), from
 * {@code bridge.feed.*}. Settings are checked at start-up.
 */
public class FeedConfiguration implements CamelConfiguration {

    /** Rows in flight per job thread: enough to keep every thread busy, few enough to keep memory flat. */
    static final int IN_FLIGHT_PER_THREAD = 32;

    @PropertyInject(value = "bridge.feed.inbox", defaultValue = "feeds/inbox")
    String inbox;
    @PropertyInject(value = "bridge.feed.mode", defaultValue = "incremental")
    String mode;
    @PropertyInject(value = "bridge.feed.progress-every", defaultValue = "10000")
    int progressEvery;
    @PropertyInject(value = "bridge.jobs.concurrency", defaultValue = "8")
    int concurrency;

    @Override
    public void configure(CamelContext context) {
        String modeName = mode.strip().toLowerCase(Locale.ROOT);
        if (!modeName.equals("incremental") && !modeName.equals("snapshot")) {
            throw new IllegalArgumentException("bridge.feed.mode: '" + mode + "' is not incremental or snapshot");
        }
        if (progressEvery < 1) {
            throw new IllegalArgumentException("bridge.feed.progress-every must be at least 1, not " + progressEvery);
        }
        PropertiesComponent properties = context.getPropertiesComponent();
        FeedProcessor.Settings settings = new FeedProcessor.Settings(
                FeedFormat.charsetSetting(optional(properties, "bridge.feed.charset")), modeName.equals("snapshot"),
                progressEvery, IN_FLIGHT_PER_THREAD * Math.max(1, concurrency));
        FeedFolders folders = FeedFolders.of(inbox, optional(properties, "bridge.feed.done"),
                optional(properties, "bridge.feed.error"));
        context.getRegistry().bind("feedProcessor", FeedProcessor.class, () -> new FeedProcessor(settings, folders,
                CamelContextHelper.mandatoryLookup(context, "jobBoards", JobBoards.class),
                CamelContextHelper.mandatoryLookup(context, "jobEvents", JobEvents.class),
                CamelContextHelper.mandatoryLookup(context, "deadLetters", DeadLetters.class)));
    }

    private static String optional(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).orElse(null);
    }
}
