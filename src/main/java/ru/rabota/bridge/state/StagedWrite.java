package ru.rabota.bridge.state;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.RecordMetadata;

import ru.rabota.bridge.kafka.KeyTurns;
import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;

/**
 * A value staged in a {@link KafkaStateStore} ({@link KafkaStateStore#stage}): visible there at once, and written
 * by its caller, in a transaction with the answer it goes with ({@link #record}) or alone ({@link #write}), in its
 * key's turn ({@link KeyTurns}); left out once a later write of its key landed ({@link #stale}).
 */
public final class StagedWrite implements OutputRecord.Written {

    private final KafkaStateStore store;
    private final String key;
    private final StagedValues.Staging staging;
    private final String value;
    private final OutputRecord record;

    StagedWrite(KafkaStateStore store, Topic topic, String key, String value, StagedValues.Staging staging) {
        this.store = store;
        this.key = key;
        this.value = value;
        this.staging = staging;
        this.record = OutputRecord.state(topic, key, value, this);
    }

    /** The write as a record of a transaction: applied to the store once committed. */
    public OutputRecord record() {
        return record;
    }

    /**
     * Writes it alone, through the store's producer, unless it is stale by the time its turn comes.
     *
     * @return completes once Kafka acknowledged it (or it was left out), or exceptionally with a
     *         {@link StateUnavailableException}
     */
    public CompletableFuture<Void> write() {
        return store.write(this);
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    @Override
    public KeyTurns.Turn turn() {
        return store.turn(key);
    }

    @Override
    public boolean stale() {
        return staging.stale();
    }

    @Override
    public long order() {
        return staging.stamp();
    }

    @Override
    public void written(RecordMetadata where) {
        store.written(key, value, staging, where);
    }

    /** Shows what Kafka holds again, and is not sent any more. */
    @Override
    public void abandoned() {
        store.unstage(key, staging);
    }

    /** Shows what Kafka holds again; sent if its answer's partition comes back before a later write of its key. */
    @Override
    public void setAside() {
        store.setAside(key, staging);
    }
}
