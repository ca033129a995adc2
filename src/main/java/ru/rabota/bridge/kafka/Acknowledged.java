package ru.rabota.bridge.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A send without waiting whose acknowledgement completes a future, after the writer's part ran. */
public final class Acknowledged {

    private Acknowledged() {
    }

    /**
     * Sends the record; once Kafka holds it, {@code written} learns where, then the future completes. A send that
     * fails (at once or later) is {@link OutputRecord.Written#abandoned}, and the future fails with what
     * {@code failure} makes of the cause. The completion runs on Kafka's I/O thread: whatever happens there, the
     * future completes, since a caller waits for it.
     */
    public static <K, V> CompletableFuture<Void> send(Producer<K, V> producer, ProducerRecord<K, V> record,
            OutputRecord.Written written, Function<Throwable, RuntimeException> failure) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(record, (where, sendFailure) -> {
                if (sendFailure != null) {
                    written.abandoned();
                    done.completeExceptionally(failure.apply(sendFailure));
                    return;
                }
                try {
                    written.written(where);
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            written.abandoned();
            done.completeExceptionally(failure.apply(e));
        }
        return done;
    }
}
