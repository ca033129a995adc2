package ru.rabota.bridge.hh;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one step that publishes application events: the seam where the hh.ru poller hands its events over, so that
 * the emission shared with the VK Работа poller can replace {@link KafkaApplicationEmitter} in
 * {@link HhConfiguration} without touching the poller.
 */
public interface ApplicationEmitter {

    /**
     * One event and the state that marks it emitted.
     *
     * @param key   {@code <source>:<application id>}, e.g. {@code hh:123456789}: the record key and the state key
     * @param event the contract's application event
     * @param state the applicationState value, JSON with at least {@code status}
     */
    record Emission(String key, JsonNode event, String state) {
    }

    /**
     * Publishes each event on {@code rabota.applications} under its key (with the header {@code bridge-event} = the
     * event's {@code event}), in list order per key, and records each state under the same key in
     * {@code applicationState}, so no event is emitted again. Returns once all are durable; throws when any failed.
     */
    void emit(List<Emission> emissions);
}
