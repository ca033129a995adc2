package ru.rabota.bridge.feed;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.kafka.KafkaComponent;

import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobEvents;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.log.InboxExceptionHandler;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.properties.PropertyKind;

/**
 * Binds {@code feedProcessor} ({@link FeedProcessor}, the processor of route {@code jobs-from-feed}), from
 * {@code bridge.feed.*}. Settings are checked at start-up.
 */
public class FeedConfiguration implements CamelConfiguration {

    /** Rows in flight per job thread: enough to keep every thread busy, few enough to keep memory flat. */
    static final int IN_FLIGHT_PER_THREAD = 32;

    @PropertyInject("bridge.feed.inbox")
    String inbox;
    @PropertyInject("bridge.feed.mode")
    String mode;
    @PropertyInject("bridge.feed.progress-every")
    int progressEvery;
    @PropertyInject("bridge.jobs.concurrency")
    int concurrency;
    @PropertyInject("bridge.feed.charset")
    String charset;
    @PropertyInject("bridge.feed.max-closed-share")
    String maxClosedShare;
    @PropertyInject("bridge.feed.done")
    String done;
    @PropertyInject("bridge.feed.error")
    String error;

    /** The settings, checked at start-up. */
    @Override
    public void configure(CamelContext context) {
        settings(Duration.ZERO);
        FeedFolders.of(inbox, done, error);
    }

    @BindToRegistry(value = "feedProcessor", lazy = true)
    public FeedProcessor feedProcessor(CamelContext context, @BeanInject("jobBoards") JobBoards boards,
            @BeanInject("jobEvents") JobEvents events, @BeanInject("deadLetters") DeadLetters deadLetters) {
        // Kafka fails a send after its delivery timeout: an acknowledgement that has not come a little later never will
        Duration acknowledgement = Duration.ofMillis(context.getComponent("kafka", KafkaComponent.class)
                .getConfiguration().getDeliveryTimeoutMs()).plusSeconds(10);
        return new FeedProcessor(settings(acknowledgement), FeedFolders.of(inbox, done, error), boards, events,
                deadLetters);
    }

    /** The inbox consumer's exception handler: a file it cannot take is one WARN line, not one per poll. */
    @BindToRegistry("feedInboxExceptions")
    public InboxExceptionHandler feedInboxExceptions() {
        return new InboxExceptionHandler("feed");
    }

    private FeedProcessor.Settings settings(Duration acknowledgement) {
        // checked again here for a host that runs without the start-up checks
        PropertyKind.FEED_MODE.check("bridge.feed.mode", mode);
        String modeName = mode.strip().toLowerCase(Locale.ROOT);
        if (progressEvery < 1) {
            throw new IllegalArgumentException("bridge.feed.progress-every must be at least 1, not " + progressEvery);
        }
        BigDecimal share = new BigDecimal(maxClosedShare.strip());
        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidPropertyException("bridge.feed.max-closed-share", maxClosedShare, "a share from 0 to 1,"
                    + " such as 0.2");
        }
        return new FeedProcessor.Settings(FeedFormat.charsetSetting(charset), modeName.equals("snapshot"), share,
                progressEvery, IN_FLIGHT_PER_THREAD * Math.max(1, concurrency), acknowledgement);
    }
}
