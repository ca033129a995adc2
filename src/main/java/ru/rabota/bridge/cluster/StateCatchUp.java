package ru.rabota.bridge.cluster;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * First step of every poll ({@code process: {ref: stateCatchUp}}): waits until every state store has applied all
 * writes made anywhere before, so a poll that just took over from another instance sees everything that one
 * emitted. The stores follow their topics in the background anyway; this closes the gap of the last moments. One
 * end-offsets request per store, cheap at poll intervals. Throws when a store cannot catch up: the poll then fails
 * and the next one tries again, rather than emitting from stale state.
 */
public final class StateCatchUp implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getContext().getRegistry().findByType(KafkaStateStore.class).forEach(KafkaStateStore::readToEnd);
    }
}
