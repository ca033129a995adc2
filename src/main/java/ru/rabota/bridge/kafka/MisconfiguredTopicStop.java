package ru.rabota.bridge.kafka;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the start on a misconfigured topic found once the context runs, after {@link TopicBootstrap}'s checks: a state
 * store's load, in the background, that finds partitions added to its topic. As those checks do: one ERROR line
 * naming the topic and the fix, the Camel context stopped (Camel Main ends with it), and {@code Application}'s exit
 * code 1. Bound as {@code misconfiguredTopicStop}.
 */
public final class MisconfiguredTopicStop {

    private static final Logger LOG = LoggerFactory.getLogger(MisconfiguredTopicStop.class);
    private static final long STARTING_POLL_MS = 100;

    private final CamelContext context;
    private final AtomicReference<MisconfiguredTopicException> first = new AtomicReference<>();

    public MisconfiguredTopicStop(CamelContext context) {
        this.context = context;
    }

    /**
     * Logs the failure and stops the context, on a thread of its own: the caller may be one the context's stop waits
     * for (a store's reader), and a context still starting is stopped once started.
     */
    public void stop(MisconfiguredTopicException failure) {
        LOG.error("Not started: {}", failure.getMessage());
        if (!first.compareAndSet(null, failure)) {
            return;
        }
        Thread stopper = new Thread(() -> {
            try {
                while (context.isStarting()) {
                    Thread.sleep(STARTING_POLL_MS);
                }
                context.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "misconfigured-topic-stop");
        stopper.start();
    }

    /** The failure that stopped the context, if one did. */
    public Optional<MisconfiguredTopicException> failure() {
        return Optional.ofNullable(first.get());
    }
}
