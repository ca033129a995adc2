package ru.rabota.bridge.cluster;

/**
 * Thrown by a poll's publication, or a paid command, on an instance that is not the active poller
 * ({@link PollerLeadership#isLeader}), with nothing published or paid: another instance took over, and the work is its
 * now.
 */
public final class NotLeaderException extends IllegalStateException {

    public NotLeaderException() {
        this("the poll publishes nothing");
    }

    /** @param consequence what this instance does not do, as it no longer leads */
    public NotLeaderException(String consequence) {
        super("this instance is not the active poller (another one took over): " + consequence);
    }
}
