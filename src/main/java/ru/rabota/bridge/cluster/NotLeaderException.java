package ru.rabota.bridge.cluster;

/**
 * Thrown by a poll's publication on an instance that is not the active poller ({@link PollerLeadership#isLeader}),
 * with nothing published: another instance took over, and the poll is its now.
 */
public final class NotLeaderException extends IllegalStateException {

    public NotLeaderException() {
        super("this instance is not the active poller (another one took over): the poll publishes nothing");
    }
}
