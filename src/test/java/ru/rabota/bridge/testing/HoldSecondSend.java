package ru.rabota.bridge.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import ru.rabota.bridge.kafka.PassingInterceptor;

/**
 * A Kafka interceptor ({@code camel.component.kafka.interceptor-classes}) that holds the second record sent to a topic
 * whose name ends with {@link #arm}'s suffix, on the sending thread, once Kafka acknowledged the first: a transaction
 * is then open on the broker with its first record, until the test {@link #release}s it (after stopping the broker
 * under it, say). One test at a time.
 */
public final class HoldSecondSend extends PassingInterceptor {

    private static volatile String suffix = "";
    private static volatile CountDownLatch firstAcknowledged = new CountDownLatch(1);
    private static volatile CountDownLatch holding = new CountDownLatch(1);
    private static volatile CountDownLatch release = new CountDownLatch(1);
    private static final AtomicInteger SENT = new AtomicInteger();

    /** Holds the second record to a topic ending with {@code topicSuffix} ("" for any) from now on. */
    public static void arm(String topicSuffix) {
        suffix = topicSuffix;
        SENT.set(0);
        firstAcknowledged = new CountDownLatch(1);
        holding = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    /**
     * Waits until the second record is held: up to a minute, as a first transaction on a broker just started waits
     * for its coordinator (30 s were not enough once, in a clean-clone run beside other builds).
     */
    public static boolean awaitHolding() throws InterruptedException {
        return holding.await(60, TimeUnit.SECONDS);
    }

    /** Lets the held record go on. */
    public static void release() {
        release.countDown();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.topic().endsWith(suffix) && SENT.incrementAndGet() == 2) {
            Latches.awaitQuietly(firstAcknowledged, Duration.ofSeconds(30));
            holding.countDown();
            Latches.awaitQuietly(release, Duration.ofSeconds(30));
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata.topic().endsWith(suffix)) {
            firstAcknowledged.countDown();
        }
    }
}
