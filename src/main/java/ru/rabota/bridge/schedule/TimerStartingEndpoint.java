package ru.rabota.bridge.schedule;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.timer.TimerConsumer;
import org.apache.camel.component.timer.TimerEndpoint;

/**
 * Camel's timer endpoint, whose consumer makes a run that falls due while it is still starting. Camel's own consumer
 * skips it (its task runs only once the consumer is started, and the task is scheduled in its start): a route started
 * after the context (every supervised route, and each one {@code activePoller} starts) with a delay of 0 lost its
 * first run in about one start of seven on two busy cores, and the flow waited a whole period for its next one.
 * Hand-written: Camel has no option for it.
 */
final class TimerStartingEndpoint extends TimerEndpoint {

    TimerStartingEndpoint(String uri, Component timers, String name) {
        super(uri, timers, name);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new TimerConsumer(this, processor) {
            @Override
            protected boolean isTaskRunAllowed() {
                // the route's processors start before its consumer: a run is safe from the consumer's start on
                return isStarting() || isStarted();
            }
        };
        configureConsumer(consumer);
        return consumer;
    }
}
