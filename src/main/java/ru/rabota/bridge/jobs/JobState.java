package ru.rabota.bridge.jobs;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.state.KafkaStateStore;

/** The {@link JobRecord}s by external_id, kept in the durable store {@code jobState} (shared, survives restarts). */
public final class JobState {

    private final KafkaStateStore store;

    public JobState(KafkaStateStore store) {
        this.store = store;
    }

    public Optional<JobRecord> get(String externalId) {
        return store.get(externalId).map(JobState::read);
    }

    /** Returns once the record is durable. */
    public void put(String externalId, JobRecord record) {
        try {
            store.put(externalId, Json.MAPPER.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job record", e);
        }
    }

    public void remove(String externalId) {
        store.remove(externalId);
    }

    /** External ids of the jobs that feeds published and that are not closed: what a snapshot feed must list. */
    public Set<String> openFeedJobs() {
        Set<String> open = new HashSet<>();
        store.forEach((externalId, value) -> {
            JobRecord record = read(value);
            if (record.source() == JobRecord.Source.FEED && record.status() == JobRecord.Status.ACTIVE) {
                open.add(externalId);
            }
        });
        return open;
    }

    private static JobRecord read(String value) {
        try {
            return Json.MAPPER.readValue(value, JobRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable job record in the state: " + e.getOriginalMessage(), e);
        }
    }
}
