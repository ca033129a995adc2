package ru.rabota.bridge.state;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.RecordMetadata;

import ru.rabota.bridge.kafka.OutputRecord;
import ru.rabota.bridge.kafka.Topic;

/**
 * A value staged in a {@link KafkaStateStore} ({@link KafkaStateStore#stage}): visible there at once, and written
 * by its caller, in a transaction with the answer it goes with ({@link #record}) or alone ({@link #write}).
 */
public final class StagedWrite implements OutputRecord.Written {

    private final KafkaStateStore store;
    private final String key;
    private final String value;
    private final long stamp;
    private final OutputRecord record;
    /** Ends the staging's count among the writes of its key that may land ({@link LandedWrites}). */
    private final Cleaner.Cleanable mayLand;

    StagedWrite(KafkaStateStore store, Topic topic, String key, String value, long stamp) {
        this.store = store;
        this.key = key;
        this.value = value;
        this.stamp = stamp;
        this.record = OutputRecord.state(topic, key, value, this);
        this.mayLand = store.mayLand(this, key);
    }

    /** The write as a record of a transaction: applied to the store once committed. */
    public OutputRecord record() {
        return record;
    }

    /**
     * Writes it alone, through the store's producer.
     *
     * @return completes once Kafka acknowledged it, or exceptionally with a {@link StateUnavailableException}
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
    public void written(RecordMetadata where) {
        try {
            store.landed(key, value, stamp, where);
        } finally {
            // held until its landing is noted: the Cleaner would count it as no longer able to land
            Reference.reachabilityFence(this);
        }
        mayLand.clean();
        abandoned();
    }

    /** Shows what Kafka holds again; the staging may still be written, so it counts until written or dropped. */
    @Override
    public void abandoned() {
        store.unstage(key, stamp);
    }
}
