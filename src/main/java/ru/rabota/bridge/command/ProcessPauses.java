package ru.rabota.bridge.command;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether this process stood still (SIGSTOP, a long GC pause, a suspended VM) for longer than a Kafka consumer
 * can without losing its group session: {@code session.timeout.ms} minus one {@code heartbeat.interval.ms}, the
 * lease. After such a pause the partitions of the command consumers may have gone to another instance, which starts
 * their records again, and nothing in the consumer says so until its next poll: the threads of calls under way resume
 * at once and would send a publication the other instance sends too. A tick every 100 ms notes the time; a tick that
 * comes later than the lease counts a pause. Hand-written: neither the JVM nor Kafka's client tells of a pause.
 */
public final class ProcessPauses {

    static final Duration TICK = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessPauses.class);

    private final long leaseNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong pauses = new AtomicLong();
    private volatile long lastTick;

    ProcessPauses(Duration lease, LongSupplier nanoClock) {
        this.leaseNanos = lease.toNanos();
        this.nanoClock = nanoClock;
        this.lastTick = nanoClock.getAsLong();
    }

    /** The lease of consumers with this session and heartbeat. */
    static Duration lease(Duration session, Duration heartbeat) {
        return session.minus(heartbeat);
    }

    /** Notes the time, every {@link #TICK}; one WARN line per pause. */
    void tick() {
        long now = nanoClock.getAsLong();
        long gap = now - lastTick;
        if (gap > leaseNanos) {
            pauses.incrementAndGet();
            LOG.warn("This process stood still for {} ms (paused, or a long GC pause), longer than Kafka keeps a"
                    + " consumer in its group without a heartbeat ({} ms): the commands under way are left, their"
                    + " calls not sent, and read again from the committed offsets by whichever instance has their"
                    + " partitions now", gap / 1_000_000, leaseNanos / 1_000_000);
        }
        lastTick = now;
    }

    /** A mark to ask {@link #since} about later. */
    public long mark() {
        return pauses.get();
    }

    /** Whether the process stood still for longer than the lease since {@code mark}, or does so now. */
    public boolean since(long mark) {
        return nanoClock.getAsLong() - lastTick > leaseNanos || pauses.get() != mark;
    }
}
