package ru.rabota.bridge.applications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;

import ru.rabota.bridge.applications.ApplicationPublisher.Publication;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The events and state records of one publication, decided against {@code applicationState} (see
 * {@link ApplicationPublisher}); a key seen twice is compared with its own earlier snapshot. An application whose
 * state the retention forgot ({@link ForgottenApplications}) was emitted before: nothing is emitted for it, and it
 * stays forgotten, a status command's answer too. The statuses emitted before it went are not known, so a state
 * written again would emit any of them a second time when the application came back to it.
 */
final class EventBatch {

    private final EventRecords records;
    private final KafkaStateStore applicationState;
    private final ForgottenApplications forgotten;
    private final String correlationId;
    private final List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
    /** What follows each event's commit (its counter), in the same order. */
    private final List<Runnable> published = new ArrayList<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, ApplicationState> decided = new HashMap<>();
    private int created;
    private int changed;
    private int unchanged;

    /** @param correlationId the command's {@code request_id}, or null for a poll */
    EventBatch(EventRecords records, KafkaStateStore applicationState, ForgottenApplications forgotten,
            String correlationId) {
        this.records = records;
        this.applicationState = applicationState;
        this.forgotten = forgotten;
        this.correlationId = correlationId;
    }

    void add(ApplicationSnapshot snapshot) {
        String key = snapshot.key();
        ApplicationState previous = decided.containsKey(key) ? decided.get(key)
                : applicationState.get(key).map(ApplicationState::parse).orElse(null);
        if (previous != null && (Objects.equals(previous.status(), snapshot.status())
                || previous.newerThan(snapshot))) {
            unchanged++;
            return;
        }
        if (previous == null && forgotten.forgotten(snapshot)) {
            unchanged++;
            return;
        }
        ApplicationState state = ApplicationState.of(snapshot, previous, Instant.now());
        decided.put(key, state);
        states.put(key, state.toJson());
        if (previous != null && previous.emitted(snapshot.status())) {
            // back to a status emitted before: one event per (source, application, status), the state follows
            unchanged++;
            return;
        }
        if (previous == null) {
            created++;
        } else {
            changed++;
        }
        EventRecords.Event event = records.event(snapshot, previous, correlationId);
        events.add(event.record());
        published.add(event.published());
    }

    List<ProducerRecord<String, byte[]>> events() {
        return events;
    }

    /** The new state records, by key. */
    Map<String, String> states() {
        return states;
    }

    /** Once committed: what follows each event (its counter, or its dead letter's own part). */
    void published() {
        published.forEach(Runnable::run);
    }

    Publication publication() {
        return new Publication(created, changed, unchanged);
    }
}
